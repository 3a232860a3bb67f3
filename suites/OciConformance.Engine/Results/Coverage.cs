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

    /// <summary>Testable requirements deliberately without a check, each listed in <see cref="Uncovered"/> with its reason.</summary>
    public required int Excepted { get; init; }

    public required IReadOnlyList<CoverageCategory> Categories { get; init; }

    /// <summary>Testable registry requirements that no scenario checks, each with the reason.</summary>
    public required IReadOnlyList<UncoveredRequirement> Uncovered { get; init; }
}

public sealed record CoverageCategory(string Profile, int Total, int Testable, int Covered, int Excepted);

/// <summary>A testable requirement without a check: <see cref="Excepted"/> when that is deliberate, and then why.</summary>
public sealed record UncoveredRequirement(string Id, string Profile, string Level, string Reason, bool Excepted);

public static class CoverageBuilder
{
    public const string NoScenarioYet = "no scenario checks it yet";

    /// <summary>Coverage with the exceptions shipped with the suite.</summary>
    public static CoverageReport Build(RequirementCatalog catalog, IEnumerable<Scenario> scenarios, IEnumerable<string>? formatRules = null) =>
        Build(catalog, scenarios, CoverageExceptions.Shipped, formatRules);

    /// <summary>
    /// A requirement counts as testable when a black-box client can observe the registry keeping it; it counts as
    /// covered when at least one scenario names it or when it is a format rule (<paramref name="formatRules"/>) that
    /// every document of its format is validated against, and as excepted when it is deliberately left without a check.
    /// </summary>
    public static CoverageReport Build(RequirementCatalog catalog, IEnumerable<Scenario> scenarios, CoverageExceptions exceptions, IEnumerable<string>? formatRules = null)
    {
        var checkedIds = scenarios.SelectMany(s => s.Requirements).Concat(formatRules ?? []).ToHashSet(StringComparer.Ordinal);
        var requirements = catalog.All.ToList();
        bool IsExcepted(Requirement r) => IsTestable(r) && !checkedIds.Contains(r.Id) && exceptions.TryGet(r.Id, out _);

        var categories = requirements.GroupBy(r => r.Profile)
            .OrderBy(g => Profiles.All.ToList().IndexOf(g.Key))
            .Select(g => new CoverageCategory(g.Key, g.Count(), g.Count(IsTestable), g.Count(r => IsTestable(r) && checkedIds.Contains(r.Id)), g.Count(IsExcepted)))
            .ToList();
        var uncovered = requirements.Where(r => IsTestable(r) && !checkedIds.Contains(r.Id))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => exceptions.TryGet(r.Id, out var exception)
                ? new UncoveredRequirement(r.Id, r.Profile, r.Level.ToText(), exception.Reason, true)
                : new UncoveredRequirement(r.Id, r.Profile, r.Level.ToText(), NoScenarioYet, false))
            .ToList();
        return new CoverageReport
        {
            Total = requirements.Count,
            Testable = categories.Sum(c => c.Testable),
            Covered = categories.Sum(c => c.Covered),
            Excepted = categories.Sum(c => c.Excepted),
            Categories = categories,
            Uncovered = uncovered,
        };
    }

    /// <summary>What the suite can check: a rule that binds the registry and that a black-box client can observe.</summary>
    public static bool IsTestable(Requirement requirement) => requirement.Testable && requirement.Actor == "registry";
}
