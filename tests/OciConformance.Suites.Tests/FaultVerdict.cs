using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>What one fault run shows: which catches held and which unrelated scenarios moved.</summary>
public sealed record FaultVerdict(FaultEntry Entry, IReadOnlyList<string> MissedCatches, IReadOnlyList<string> UnrelatedChanges, IReadOnlyList<string> StaleSideEffects)
{
    public bool Caught => Entry.NotCaught is null && MissedCatches.Count == 0;

    public static FaultVerdict Of(FaultEntry entry, SuiteRun run, SuiteRun baseline)
    {
        var missed = entry.Catches.Where(c => !Holds(c, run.Case(c.Scenario)))
            .Select(c => $"{c.Scenario}: expected {c.Outcome} citing {c.Requirement}, got {run.Case(c.Scenario).Outcome.ToKey()} citing [{string.Join(", ", Cited(run.Case(c.Scenario)))}] ({run.Case(c.Scenario).Message})")
            .ToList();
        var related = entry.RelatedScenarios.ToHashSet(StringComparer.Ordinal);
        var moved = run.Cases.Keys
            .Where(id => !related.Contains(id) && run.Case(id).Outcome != baseline.Case(id).Outcome)
            .Order(StringComparer.Ordinal)
            .Select(id => $"{id}: {baseline.Case(id).Outcome.ToKey()} without the fault, {run.Case(id).Outcome.ToKey()} with it citing [{string.Join(", ", Cited(run.Case(id)))}] ({run.Case(id).Message})")
            .ToList();
        // A side effect listed in faults.json must still happen, or the entry no longer tells the truth.
        var stale = (entry.AlsoAffects ?? [])
            .Where(a => run.Case(a.Scenario).Outcome == baseline.Case(a.Scenario).Outcome)
            .Select(a => $"{a.Scenario}: listed under alsoAffects, but its outcome ({run.Case(a.Scenario).Outcome.ToKey()}) is the same without the fault")
            .ToList();
        return new FaultVerdict(entry, missed, moved, stale);
    }

    /// <summary>Whether this catch held: did the (fault, requirement) pair show up where it must.</summary>
    public bool CaughtOn(string requirement) =>
        Entry.Catches.Any(c => c.Requirement == requirement) &&
        Entry.Catches.Where(c => c.Requirement == requirement).All(c => !MissedCatches.Any(m => m.StartsWith(c.Scenario + ":", StringComparison.Ordinal)));

    private static bool Holds(FaultCatch expected, CaseResult actual) =>
        actual.Outcome.ToKey() == expected.Outcome && Cited(actual).Contains(expected.Requirement);

    private static IEnumerable<string> Cited(CaseResult result) => result.FailedChecks.Select(c => c.Requirement).Distinct(StringComparer.Ordinal);
}
