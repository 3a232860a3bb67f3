using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>One registry's column: who was tested, and when.</summary>
public sealed record MatrixColumn(string Label, string Url, string RunId, DateTimeOffset StartedAt);

/// <summary>A case's outcome on one registry, with the message shown on hover.</summary>
public sealed record MatrixCell(Outcome Outcome, string? Message);

/// <summary>One scenario across all registries; a null cell means that run has no such case.</summary>
public sealed record MatrixRow(string Profile, string CaseId, string Title, IReadOnlyList<MatrixCell?> Cells)
{
    public bool Differs => Cells.Select(c => c?.Outcome).Distinct().Count() > 1;
}

public sealed record MatrixProfile(string Profile, IReadOnlyList<Outcome> Verdicts);

/// <summary>
/// The impact matrix: several registries side by side, case by case, so a proposal's reach (implemented here,
/// degraded gracefully there, broken elsewhere) reads at a glance.
/// </summary>
public sealed record ImpactMatrix
{
    public required IReadOnlyList<MatrixColumn> Columns { get; init; }
    public required IReadOnlyList<MatrixProfile> Profiles { get; init; }
    public required IReadOnlyList<MatrixRow> Rows { get; init; }

    public static ImpactMatrix Build(IReadOnlyList<RunReport> reports)
    {
        ReportCompatibility.EnsureCompatible(reports);
        var columns = reports.Select(r => new MatrixColumn(Label(r, reports), r.Header.Target.Url, r.Header.RunId, r.Header.StartedAt)).ToList();
        var profileOrder = Configuration.Profiles.All.ToList();
        var rows = reports.SelectMany(r => r.Cases)
            .GroupBy(c => c.Id, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(c => profileOrder.IndexOf(c.Profile) is var i && i < 0 ? int.MaxValue : i)
            .ThenBy(c => c.Profile, StringComparer.Ordinal)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new MatrixRow(c.Profile, c.Id, c.Title, [.. reports.Select(r => Cell(r, c.Id))]))
            .ToList();
        var profiles = rows.Select(r => r.Profile).Distinct(StringComparer.Ordinal)
            .Select(p => new MatrixProfile(p, [.. reports.Select(r => Verdict(r, p))]))
            .ToList();
        return new ImpactMatrix { Columns = columns, Profiles = profiles, Rows = rows };
    }

    private static MatrixCell? Cell(RunReport report, string caseId) =>
        report.Cases.FirstOrDefault(c => c.Id == caseId) is { } found ? new MatrixCell(found.Outcome, found.Message) : null;

    private static Outcome Verdict(RunReport report, string profile) =>
        report.Profiles.FirstOrDefault(p => p.Profile == profile) is { Enabled: true } verdict ? verdict.Verdict : Outcome.NotRun;

    /// <summary>
    /// The product name when the vendor gave one, else the target's name in a multi-target run (before the colon), else
    /// the target; the run id tells apart two runs of one target.
    /// </summary>
    private static string Label(RunReport report, IReadOnlyList<RunReport> all)
    {
        static string Name(RunReport r) => r.Header.Product?.Name
            ?? (r.Header.Target.Name.Split(": ", 2) is [var named, _] ? named : r.Header.Target.Embedded ? "embedded reference registry" : r.Header.Target.Url);
        var name = Name(report);
        return all.Count(r => Name(r) == name) > 1 ? $"{name} ({report.Header.RunId})" : name;
    }
}
