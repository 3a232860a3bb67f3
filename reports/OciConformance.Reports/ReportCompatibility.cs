using System.Globalization;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>Thrown when reports are asked to be compared or merged that cannot meaningfully be set side by side.</summary>
public sealed class IncompatibleReportsException(string message) : Exception(message);

/// <summary>
/// Decides whether reports can be compared: written by the same tool at the same major version (so a case id
/// means the same scenario), and sharing at least one case (else every row would only be "new" or "removed").
/// </summary>
public static class ReportCompatibility
{
    public static IReadOnlyList<string> Problems(IReadOnlyList<RunReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var problems = new List<string>();
        if (reports.Count < 2)
        {
            problems.Add($"at least two reports are needed, {reports.Count} given");
            return problems;
        }

        var first = reports[0];
        foreach (var (other, index) in reports.Select((r, i) => (r, i)).Skip(1))
        {
            var label = $"report {index + 1} ({Describe(other)})";
            if (!string.Equals(other.Header.Tool, first.Header.Tool, StringComparison.Ordinal))
            {
                problems.Add($"{label} was written by '{other.Header.Tool}', report 1 by '{first.Header.Tool}'");
                continue;
            }

            if (Major(other.Header.ToolVersion) != Major(first.Header.ToolVersion))
            {
                problems.Add($"{label} comes from {other.Header.Tool} {other.Header.ToolVersion}, report 1 from {first.Header.ToolVersion}: case ids of different major versions do not name the same scenarios");
            }

            var firstIds = first.Cases.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            if (other.Cases.Count > 0 && first.Cases.Count > 0 && !other.Cases.Any(c => firstIds.Contains(c.Id)))
            {
                problems.Add($"{label} shares no case with report 1 ({Describe(first)}): they ran different scenario sets");
            }
        }

        return problems;
    }

    public static void EnsureCompatible(IReadOnlyList<RunReport> reports)
    {
        var problems = Problems(reports);
        if (problems.Count > 0)
        {
            throw new IncompatibleReportsException($"These reports cannot be compared: {string.Join("; ", problems)}.");
        }
    }

    public static string Describe(RunReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"{report.Header.Product?.Name ?? report.Header.Target.Name}, run {report.Header.RunId}, {report.Header.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");

    private static string Major(string version) => version.Split('.', 2)[0];
}
