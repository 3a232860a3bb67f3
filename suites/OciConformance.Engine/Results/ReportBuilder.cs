using OciConformance.Configuration;
using OciConformance.Requirements;

namespace OciConformance.Results;

/// <summary>Rolls case results up into requirement outcomes and profile verdicts.</summary>
public static class ReportBuilder
{
    public static RunReport Build(RunHeader header, IEnumerable<CaseResult> cases, RequirementCatalog catalog, IEnumerable<Scenarios.Scenario> scenarios, ConformanceOptions options, IEnumerable<string>? formatRules = null)
    {
        var ordered = cases.OrderBy(c => Profiles.All.ToList().IndexOf(c.Profile)).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        return new RunReport
        {
            Header = header,
            Profiles = [.. Profiles.All.Select(p => Verdict(p, options.IsProfileEnabled(p), ordered.Where(c => c.Profile == p).ToList()))],
            Requirements = RollUp(ordered, catalog, options.Run.SpecVersion),
            Cases = ordered,
            Totals = Count(ordered),
            Coverage = CoverageBuilder.Build(catalog, scenarios, formatRules),
            Throttling = Throttling.Total(ordered),
        };
    }

    private static ProfileVerdict Verdict(string profile, bool enabled, List<CaseResult> cases) => new()
    {
        Profile = profile,
        Enabled = enabled,
        Verdict = enabled ? cases.Select(c => c.Outcome).Worst() : Outcome.NotRun,
        Counts = Count(cases),
    };

    public static IReadOnlyDictionary<string, int> Count(IEnumerable<CaseResult> cases)
    {
        var counts = Enum.GetValues<Outcome>().ToDictionary(o => o.ToKey(), _ => 0, StringComparer.Ordinal);
        foreach (var c in cases)
        {
            counts[c.Outcome.ToKey()]++;
        }

        return counts;
    }

    /// <summary>
    /// A requirement's outcome is the worst its own checks earned; a check made in setup does not count against
    /// it (the case was blocked), and a gate that found a feature missing earns what the feature's kind says.
    /// </summary>
    private static List<RequirementOutcome> RollUp(List<CaseResult> cases, RequirementCatalog catalog, string version)
    {
        var outcomes = new List<RequirementOutcome>();
        var ids = cases.SelectMany(c => c.Requirements.Concat(c.Checks.Select(k => k.Requirement))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var requirement = catalog[id];
            var related = cases.Where(c => c.Requirements.Contains(id) || c.Checks.Any(k => k.Requirement == id)).ToList();
            var perCase = related.Select(c => (Case: c, Outcome: OutcomeFor(id, catalog, version, c))).ToList();
            var worst = perCase.Select(p => p.Outcome).Worst();
            var failing = perCase.Where(p => p.Outcome is Outcome.Failed or Outcome.Warning).ToList();
            var firstFailure = failing.SelectMany(p => p.Case.Checks.Where(k => k.Requirement == id && !k.Passed && !k.Setup && k.BlockedBy is null)).FirstOrDefault();
            outcomes.Add(new RequirementOutcome
            {
                Id = id,
                Title = requirement.Title,
                Level = requirement.LevelAt(version).ToText(),
                Profile = requirement.Profile,
                Link = requirement.Link,
                Outcome = worst,
                Cases = [.. related.Select(c => c.Id)],
                FailedCases = [.. failing.Select(p => p.Case.Id)],
                Message = firstFailure is null ? null : $"{firstFailure.Description}: expected {firstFailure.Expected}, got {firstFailure.Actual}",
            });
        }

        return outcomes;
    }

    private static Outcome OutcomeFor(string id, RequirementCatalog catalog, string version, CaseResult result)
    {
        var own = result.Checks.Where(k => k.Requirement == id && !k.Setup && k.BlockedBy is null).ToList();
        if (own.FirstOrDefault(k => !k.Passed && k.Gate is not null) is { Gate: { } gate })
        {
            return catalog.Absent(gate, version);
        }

        if (own.Any(k => !k.Passed))
        {
            return catalog[id].MissAt(version);
        }

        if (own.Count > 0)
        {
            return Outcome.Passed;
        }

        return result.Outcome is Outcome.Blocked or Outcome.NotRun or Outcome.NotApplicable or Outcome.NotSupported or Outcome.Error ? result.Outcome : Outcome.NotRun;
    }
}
