using OciConformance.Results;

namespace OciConformance.Runner;

/// <summary>The one-screen summary after a run: a line per profile, each broken requirement once, then what the run left in the registry.</summary>
public static class Summary
{
    public static async Task WriteAsync(RunReport report, IReadOnlyList<string> files, TextWriter output)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{"profile",-20} {"verdict",-14} {"passed",6} {"failed",6} {"warned",6} {"skipped",7}");
        foreach (var profile in report.Profiles.Where(p => p.Counts.Values.Sum() > 0 || !p.Enabled))
        {
            var skipped = profile.Counts["notRun"] + profile.Counts["notApplicable"] + profile.Counts["notSupported"] + profile.Counts["blocked"];
            var verdict = profile.Enabled ? profile.Verdict.ToText() : "not tested";
            await output.WriteLineAsync($"{profile.Profile,-20} {verdict,-14} {profile.Counts["passed"],6} {profile.Counts["failed"] + profile.Counts["error"],6} {profile.Counts["warning"],6} {skipped,7}");
        }

        var broken = report.Requirements.Where(r => r.Outcome is Outcome.Failed or Outcome.Warning).OrderByDescending(r => r.Outcome).ToList();
        if (broken.Count > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Requirements not met:");
            foreach (var r in broken)
            {
                await output.WriteLineAsync($"  {r.Outcome.ToText(),-8} {r.Id} ({r.Level}) in {string.Join(", ", r.FailedCases)}: {r.Message}");
            }
        }

        foreach (var error in report.Cases.Where(c => c.Outcome == Outcome.Error))
        {
            await output.WriteLineAsync($"  error    {error.Id}: {error.Message}");
        }

        if (ReadOnlyHint.For(report) is { } hint)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(hint);
        }

        if (report.Throttling.Requests > 0)
        {
            var blocked = report.Cases.Count(c => c.BlockedBy == AccessBlock.RateLimit);
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Rate limits: {report.Throttling.Describe()}; {(blocked == 0 ? "no case blocked" : $"{blocked} {(blocked == 1 ? "case" : "cases")} blocked by rate-limit")}");
        }

        await output.WriteLineAsync();
        if (report.Cleanup is { } cleanup)
        {
            await output.WriteLineAsync($"Cleanup: {cleanup.Describe()}");
            if (!cleanup.Enabled && !cleanup.Left.IsEmpty && !report.Header.Target.Embedded)
            {
                await output.WriteLineAsync($"  remove it later with: oci-conformance tidy --target {report.Header.Target.Url} --run-id {report.Header.RunId}");
            }
        }

        await output.WriteLineAsync($"Reports: {string.Join(", ", files)}");
    }
}
