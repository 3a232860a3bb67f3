using OciConformance.Configuration;
using OciConformance.Requirements;
using OciConformance.Scenarios;

namespace OciConformance.Results;

/// <summary>Which catalogued requirements a scenario checks, per profile: what a "conformant" verdict actually covers.</summary>
public sealed record CoverageReport
{
    public required int Total { get; init; }
    public required int Testable { get; init; }
    public required int Covered { get; init; }
    public required IReadOnlyList<CoverageCategory> Categories { get; init; }

    /// <summary>Testable registry requirements that no scenario checks, each with the reason.</summary>
    public required IReadOnlyList<UncoveredRequirement> Uncovered { get; init; }
}

public sealed record CoverageCategory(string Profile, int Total, int Testable, int Covered);

public sealed record UncoveredRequirement(string Id, string Profile, string Level, string Reason);

public static class CoverageBuilder
{
    /// <summary>
    /// A requirement counts as testable when a black-box client can observe the registry keeping it; it counts as
    /// covered when at least one scenario names it.
    /// </summary>
    public static CoverageReport Build(RequirementCatalog catalog, IEnumerable<Scenario> scenarios)
    {
        var checkedIds = scenarios.SelectMany(s => s.Requirements).ToHashSet(StringComparer.Ordinal);
        var requirements = catalog.All.ToList();
        static bool IsTestable(Requirement r) => r.Testable && r.Actor == "registry";

        var categories = requirements.GroupBy(r => r.Profile)
            .OrderBy(g => Profiles.All.ToList().IndexOf(g.Key))
            .Select(g => new CoverageCategory(g.Key, g.Count(), g.Count(IsTestable), g.Count(r => IsTestable(r) && checkedIds.Contains(r.Id))))
            .ToList();
        var uncovered = requirements.Where(r => IsTestable(r) && !checkedIds.Contains(r.Id))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new UncoveredRequirement(r.Id, r.Profile, r.Level.ToText(), "no scenario checks it yet"))
            .ToList();
        return new CoverageReport
        {
            Total = requirements.Count,
            Testable = categories.Sum(c => c.Testable),
            Covered = categories.Sum(c => c.Covered),
            Categories = categories,
            Uncovered = uncovered,
        };
    }
}
