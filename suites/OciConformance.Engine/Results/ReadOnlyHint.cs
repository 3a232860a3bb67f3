using OciConformance.Configuration;

namespace OciConformance.Results;

/// <summary>
/// A registry that refuses the suite's writes (401, 403 or 405 on a POST, PUT, PATCH or DELETE that blocked a case)
/// can still be checked by what it serves: when the read-only profile did not run, the run ends by saying how.
/// </summary>
public static class ReadOnlyHint
{
    private static readonly string[] Writes = ["POST", "PUT", "PATCH", "DELETE"];

    public static string? For(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Cases.Any(c => c.Profile == Profiles.ReadOnly && c.Outcome != Outcome.NotRun))
        {
            return null;
        }

        var refused = report.Cases.Where(c => c.Outcome == Outcome.Blocked).Select(RefusedWrite).OfType<string>().ToList();
        return refused.Count == 0
            ? null
            : $"hint: the registry refused the suite's writes in {refused.Count} {(refused.Count == 1 ? "case" : "cases")} ({refused[0]}); to check what it serves without writing, "
                + "name content it already holds: --read-only --reference REPOSITORY:TAG (readOnly.references)";
    }

    /// <summary>The write whose refusal blocked the case, e.g. "POST … answered 403", or null when something else did.</summary>
    private static string? RefusedWrite(CaseResult result) => result.Checks
        .Where(c => !c.Passed && (c.BlockedBy is not null || c.Setup))
        .Select(c => result.Exchanges.FirstOrDefault(e => e.Sequence == c.Exchange))
        .Where(e => e is { Status: 401 or 403 or 405 } && Writes.Contains(e.Method, StringComparer.Ordinal))
        .Select(e => $"{e!.Method} {e.Url} answered {e.Status}")
        .FirstOrDefault();
}
