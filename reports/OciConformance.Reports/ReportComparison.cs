using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>One case whose outcome differs between two runs (or that only one of them has).</summary>
public sealed record CaseChange(string Id, string Title, string Profile, Outcome? Before, Outcome? After, string? Message, IReadOnlyList<string> Requirements);

/// <summary>What changed from one run to the next, regressions first.</summary>
public sealed record ReportComparison
{
    public required RunReport Before { get; init; }
    public required RunReport After { get; init; }
    public required IReadOnlyList<CaseChange> Regressions { get; init; }
    public required IReadOnlyList<CaseChange> Fixes { get; init; }
    public required IReadOnlyList<CaseChange> Added { get; init; }
    public required IReadOnlyList<CaseChange> Removed { get; init; }

    /// <summary>Outcomes that moved without getting better or worse for the registry (e.g. a profile switched off).</summary>
    public required IReadOnlyList<CaseChange> OtherChanges { get; init; }

    public required int Unchanged { get; init; }

    public bool HasRegression => Regressions.Count > 0;

    /// <summary>Compares two compatible reports; throws <see cref="IncompatibleReportsException"/> otherwise.</summary>
    public static ReportComparison Compare(RunReport before, RunReport after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ReportCompatibility.EnsureCompatible([before, after]);
        var old = before.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var current = after.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
        List<CaseChange> regressions = [], fixes = [], added = [], removed = [], other = [];
        var unchanged = 0;
        foreach (var now in after.Cases)
        {
            if (!old.TryGetValue(now.Id, out var then))
            {
                added.Add(Change(now, null, now.Outcome));
                continue;
            }

            var change = Change(now, then.Outcome, now.Outcome);
            switch (Classify(then.Outcome, now.Outcome))
            {
                case Direction.Same:
                    unchanged++;
                    break;
                case Direction.Worse:
                    regressions.Add(change);
                    break;
                case Direction.Better:
                    fixes.Add(change);
                    break;
                default:
                    other.Add(change);
                    break;
            }
        }

        removed.AddRange(before.Cases.Where(c => !current.ContainsKey(c.Id)).Select(c => Change(c, c.Outcome, null)));
        return new ReportComparison
        {
            Before = before,
            After = after,
            Regressions = [.. regressions.OrderByDescending(c => c.After).ThenBy(c => c.Id, StringComparer.Ordinal)],
            Fixes = fixes,
            Added = added,
            Removed = removed,
            OtherChanges = other,
            Unchanged = unchanged,
        };
    }

    private enum Direction { Same, Worse, Better, Sideways }

    /// <summary>
    /// Worse: the case now warns, is blocked, fails or errs where it did less, or an optional feature that passed
    /// is gone. Better: such a case now passes or is cleanly not supported. Anything else (a case that is simply
    /// not run any more) is neither.
    /// </summary>
    private static Direction Classify(Outcome before, Outcome after)
    {
        if (before == after)
        {
            return Direction.Same;
        }

        static bool Bad(Outcome o) => o >= Outcome.Warning;
        if (after > before && Bad(after) || before == Outcome.Passed && after == Outcome.NotSupported)
        {
            return Direction.Worse;
        }

        if (Bad(before) && after is Outcome.Passed or Outcome.NotSupported || Bad(before) && Bad(after) && after < before)
        {
            return Direction.Better;
        }

        return before == Outcome.NotSupported && after == Outcome.Passed ? Direction.Better : Direction.Sideways;
    }

    private static CaseChange Change(CaseResult c, Outcome? before, Outcome? after) =>
        new(c.Id, c.Title, c.Profile, before, after, c.Message, c.Requirements);
}
