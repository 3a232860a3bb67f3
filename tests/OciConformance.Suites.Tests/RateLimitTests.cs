using System.Diagnostics;
using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Http;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>
/// A registry that rate-limits the suite gets the verdicts it earns, not failures for being busy: the client waits
/// as asked and sends again (or starts an upload over), and when the waiting budget is too small for what the
/// registry asks, the throttled cases are blocked by rate-limit and no requirement fails. Each run has its own
/// registry and mostly waits, so the fixture runs beside the others.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class RateLimitTests
{
    /// <summary>
    /// Every 8th request throttled: some 90 429s over the suite's ~700 requests. It has to exceed the most requests
    /// any case sends up to a PATCH (6, in blob-upload-resume): a case left running alone at the end of the run
    /// would otherwise meet the 429 on the same PATCH every time it starts over, until its budget is spent.
    /// </summary>
    private const int Every = 8;

    private static Dictionary<string, string> Verdicts(RunReport report) =>
        report.Cases.ToDictionary(c => c.Id, c => c.Outcome.ToKey(), StringComparer.Ordinal);

    private static IEnumerable<HttpExchange> Throttled(RunReport report) => report.Cases.SelectMany(c => c.Exchanges).Where(e => e.Status == 429);

    [Test]
    public async Task The_whole_suite_gives_the_same_verdicts_when_every_eighth_request_is_throttled()
    {
        // Wide parallelism lets the one-second waits overlap; the verdicts do not depend on it.
        // The scale profile (off by default) is left out: its chunked upload sends ten requests per attempt, more than
        // Every, so under a 429 on every eighth request no attempt could get through, and it would end blocked by the
        // rate limit. Its starting over is proven on its own below.
        static ConformanceOptions Wide(ConformanceOptions options) => options with
        {
            Run = options.Run with { Parallelism = 32 },
            Profiles = options.Profiles.ToDictionary(p => p.Key, p => p.Value && p.Key != Profiles.Scale, StringComparer.Ordinal),
        };
        var calm = await SuiteRuns.AgainstAsync(new RegistryOptions(), Wide);
        var throttled = await SuiteRuns.AgainstAsync(new RegistryOptions { RateLimitEvery = Every, RateLimitRetryAfterSeconds = 1 }, Wide);

        // The one case about 429 answers is the exception: its rule binds only once the registry throttles.
        const string aboutThrottling = "rate-limit-retry-after";
        var differences = Verdicts(calm).Where(v => v.Key != aboutThrottling && Verdicts(throttled)[v.Key] != v.Value)
            .Select(v => $"{v.Key}: {v.Value} without rate limits, {throttled.Cases.Single(c => c.Id == v.Key).Outcome.ToKey()} with them: {throttled.Cases.Single(c => c.Id == v.Key).Message}");
        var caseFigures = throttled.Cases.Select(c => c.Throttling).OfType<Throttling>().ToList();
        var longestToPatch = calm.Cases.Select(c => c.Exchanges.Select((e, i) => e.Method == "PATCH" ? i + 1 : 0).DefaultIfEmpty(0).Max()).Max();
        Assert.Multiple(() =>
        {
            Assert.That(longestToPatch, Is.LessThan(Every), "a case sends more requests up to a PATCH than Every allows for; raise Every");
            Assert.That(differences, Is.Empty);
            Assert.That(Verdicts(calm)[aboutThrottling], Is.EqualTo("notApplicable"), "a registry that never throttles has no 429 to judge");
            // Every 8th request counts across all cases, so the burst meets a 429 only when the counter falls in it.
            Assert.That(Verdicts(throttled)[aboutThrottling], Is.EqualTo(throttled.Cases.Single(c => c.Id == aboutThrottling).Exchanges.Any(e => e.Status == 429) ? "passed" : "notApplicable"),
                "a burst that met the reference's 429s, which carry Retry-After, passes; one that met none is not applicable");
            Assert.That(throttled.Cases.Select(c => c.Id), Is.EquivalentTo(calm.Cases.Select(c => c.Id)));
            Assert.That(throttled.Throttling.Requests, Is.GreaterThan(50), "the report counts the throttled requests");
            Assert.That(throttled.Throttling.Requests, Is.EqualTo(Throttled(throttled).Count()), "every 429 stays in its case's exchanges");
            Assert.That(throttled.Throttling.Requests, Is.EqualTo(caseFigures.Sum(t => t.Requests)));
            Assert.That(throttled.Throttling.WaitedSeconds, Is.EqualTo(caseFigures.Sum(t => t.WaitedSeconds)).Within(0.5));
            Assert.That(throttled.Throttling.WaitedSeconds, Is.GreaterThanOrEqualTo(throttled.Throttling.Requests - Throttled(throttled).Count(e => e.RateLimit!.StartsWith("not sent again", StringComparison.Ordinal))),
                "a second waited per 429 sent again");
            Assert.That(calm.Throttling, Is.EqualTo(Throttling.None));
        });
    }

    [Test]
    public async Task A_retry_after_longer_than_the_budget_blocks_cases_by_rate_limit_and_fails_no_requirement()
    {
        var clock = Stopwatch.StartNew();
        var report = await SuiteRuns.AgainstAsync(
            new RegistryOptions { RateLimitEvery = Every, RateLimitRetryAfterSeconds = 3600 },
            options => options with { Run = options.Run with { RateLimits = new RateLimits { RequestBudget = TimeSpan.FromHours(1), RunBudget = TimeSpan.FromSeconds(5) } } });

        var blocked = report.Cases.Where(c => c.Outcome == Outcome.Blocked).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMinutes(2)), "the run does not wait an hour");
            Assert.That(report.Throttling.WaitedSeconds, Is.Zero, "no wait of 3600 s fits a budget of 5 s");
            Assert.That(blocked, Is.Not.Empty);
            Assert.That(blocked.Select(c => c.BlockedBy), Is.All.EqualTo(AccessBlock.RateLimit), string.Join(Environment.NewLine, blocked.Select(c => $"{c.Id}: {c.Message}")));
            Assert.That(blocked.Select(c => c.Message), Has.Some.Contain("run.rateLimitBudgetSeconds (5 s"));
            Assert.That(report.Cases.Where(c => c.Outcome is Outcome.Failed or Outcome.Error or Outcome.Warning).Select(c => $"{c.Id}: {c.Outcome.ToText()}: {c.Message}"), Is.Empty);
            Assert.That(report.HasMandatoryFailure || report.HasSuiteError, Is.False, "the runner's exit code is 0");
        });
    }

    [Test]
    public async Task A_429_the_access_check_met_counts_in_the_run_totals()
    {
        await using var registry = await ReferenceRegistry.StartAsync(new RegistryOptions { RateLimitEvery = 2, RateLimitRetryAfterSeconds = 1 });
        // The registry counts requests across clients: one request of the test's own makes the access check the second.
        using (var http = new HttpClient())
        using (var first = await http.GetAsync(new Uri(registry.BaseAddress, "/v2/")))
        {
            Assert.That((int)first.StatusCode, Is.EqualTo(200));
        }

        var options = SuiteRuns.Options(registry.BaseAddress);
        var report = await ConformanceEngine.RunAsync(options with { Run = options.Run with { Scenarios = ["tags-list"] } }, SuiteData.Shipped);

        Assert.Multiple(() =>
        {
            Assert.That(report.Throttling.Requests, Is.EqualTo(Throttled(report).Count() + 1), "the cases' 429s and the access check's one");
            Assert.That(report.Throttling.WaitedSeconds, Is.GreaterThanOrEqualTo(1), "the access check waited the second it was asked to");
        });
    }

    [Test]
    public async Task The_scale_profile_chunked_upload_starts_over_after_a_429_on_a_chunk_and_passes()
    {
        // Six requests per attempt (a POST, four 16 MiB chunks, the closing PUT) against a 429 on every sixth: after the
        // run's first request, the first attempt meets it on its last chunk; the second meets it on its closing PUT,
        // which the client sends again, and gets through.
        await using var registry = await ReferenceRegistry.StartAsync(new RegistryOptions { Port = 0, RateLimitEvery = 6, RateLimitRetryAfterSeconds = 1 });
        var options = SuiteRuns.Options(registry.BaseAddress);
        var report = await ConformanceEngine.RunAsync(options with
        {
            Run = options.Run with { Scenarios = ["scale-blob-chunked"], Cleanup = false },
            Scale = ScaleOptions.Small with { ChunkSize = 16 * ScaleOptions.MiB },
        }, SuiteData.Shipped);

        var result = report.Cases.Single();
        var startedOver = result.Exchanges.Where(e => e.Method == "PATCH" && e.Status == 429).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(startedOver, Is.Not.Empty, $"no chunk met a 429, so nothing was proven; change RateLimitEvery: {string.Join(", ", result.Exchanges.Select(e => $"{e.Method} {e.Status}"))}");
            Assert.That(startedOver.Select(e => e.RateLimit), Has.All.Contain("started its operation over"));
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Passed), result.Message);
        });
    }
}
