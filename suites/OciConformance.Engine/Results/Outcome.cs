namespace OciConformance.Results;

/// <summary>
/// What happened to a case, ordered so that the worst wins when outcomes roll up into a profile verdict.
/// <see cref="Blocked"/> sits above <see cref="Warning"/>: a case that could not run leaves its profile unproven.
/// <see cref="Error"/> means the suite itself broke (a fixture bug, a crash), never the registry.
/// <see cref="NotApplicable"/>: the rules checked bind only under a condition the registry never met (a size limit it
/// does not have, a 429 it never sent).
/// </summary>
public enum Outcome
{
    NotRun,
    NotApplicable,
    NotSupported,
    Passed,
    Warning,
    Blocked,
    Failed,
    Error,
}

public static class Outcomes
{
    public static Outcome Worst(this IEnumerable<Outcome> outcomes) => outcomes.DefaultIfEmpty(Outcome.NotRun).Max();

    public static string ToText(this Outcome outcome) => outcome switch
    {
        Outcome.NotRun => "not run",
        Outcome.NotApplicable => "not applicable",
        Outcome.NotSupported => "not supported",
        Outcome.Passed => "passed",
        Outcome.Warning => "warning",
        Outcome.Blocked => "blocked",
        Outcome.Failed => "failed",
        _ => "error",
    };

    public static string ToKey(this Outcome outcome) => outcome switch
    {
        Outcome.NotRun => "notRun",
        Outcome.NotApplicable => "notApplicable",
        Outcome.NotSupported => "notSupported",
        Outcome.Passed => "passed",
        Outcome.Warning => "warning",
        Outcome.Blocked => "blocked",
        Outcome.Failed => "failed",
        _ => "error",
    };

    public static Outcome FromKey(string key) =>
        Enum.GetValues<Outcome>().FirstOrDefault(o => o.ToKey() == key, Outcome.Error);
}
