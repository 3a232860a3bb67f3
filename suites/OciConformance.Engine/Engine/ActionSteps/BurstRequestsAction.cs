using System.Globalization;
using System.Net.Http.Headers;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps;

/// <summary>
/// Sends <c>with.requests</c> GETs of <c>/v2/</c> back to back, as a busy client would, and judges every 429 the burst
/// met. The rule on 429 answers binds only once the registry throttles, so a burst it answers in full is the gate
/// <see cref="Feature"/>; the client waits each 429 out as it always does, so the burst still ends.
/// </summary>
public sealed class BurstRequestsAction : IScenarioAction
{
    public const string Feature = "rate-limiting";

    public static readonly ActionCheck Throttled = new("throttled", "the registry throttles the burst: at least one 429");
    public static readonly ActionCheck RetryAfterHeader = new("retry-after", "each 429 carries Retry-After in delta-seconds or an HTTP date");

    public string Name => "burst-requests";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Throttled, RetryAfterHeader];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var requests = Referrers.With.Number(step, "requests", 10);
        var before = run.Log.Snapshot().Count;
        RegistryResponse? last = null;
        for (var i = 0; i < requests; i++)
        {
            last = await run.SendAsync(new RegistryRequest(HttpMethod.Get, run.ResolveUrl("/v2/", [])), cancellationToken);
        }

        var throttled = run.Log.Snapshot().Skip(before).Where(e => e.Status == 429).ToList();
        if (!run.Check(Throttled, throttled.Count > 0, $"{requests.ToString(CultureInfo.InvariantCulture)} GETs of /v2/ back to back meet a 429", "at least one 429", $"all {requests.ToString(CultureInfo.InvariantCulture)} answered without throttling", gate: Feature))
        {
            return last;
        }

        foreach (var answer in throttled)
        {
            var header = answer.ResponseHeaders.FirstOrDefault(h => h.Name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase))?.Value;
            run.Check(RetryAfterHeader, header is not null && RetryConditionHeaderValue.TryParse(header.Trim(), out _),
                $"the 429 of exchange #{answer.Sequence.ToString(CultureInfo.InvariantCulture)} says when to retry in Retry-After",
                "Retry-After: <delta-seconds> or <HTTP-date>", header is null ? "no Retry-After header" : $"Retry-After: {header}");
        }

        return last;
    }
}
