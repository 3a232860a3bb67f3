using System.Globalization;
using OciConformance.Http;

namespace OciConformance.Results;

/// <summary>
/// How much a registry's rate limiting held the suite up: how many answers were 429, and how many seconds were spent
/// waiting before a request went again or an operation started over (waits made side by side each count in full).
/// </summary>
public sealed record Throttling(int Requests, double WaitedSeconds)
{
    public static Throttling None { get; } = new(0, 0);

    /// <summary>The figures as reports print them: "3 requests answered 429, 3.0 s waited".</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Requests} {(Requests == 1 ? "request" : "requests")} answered 429, {WaitedSeconds:0.0} s waited");

    /// <summary>A case's figures, or null when the registry never throttled it.</summary>
    public static Throttling? Of(ExchangeLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return Of(log.Snapshot(), log.Waited);
    }

    /// <summary>The figures of these exchanges, the ones a case result holds, so its count is that of its 429 exchanges.</summary>
    public static Throttling? Of(IReadOnlyList<HttpExchange> exchanges, TimeSpan waited)
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        var requests = exchanges.Count(e => e.Status == 429);
        return requests == 0 && waited == TimeSpan.Zero ? null : new(requests, Math.Round(waited.TotalSeconds, 1));
    }

    /// <summary>The run's figures: every case's added up.</summary>
    public static Throttling Total(IEnumerable<CaseResult> cases) =>
        cases.Select(c => c.Throttling).Aggregate(None, (sum, c) => sum.Plus(c));

    /// <summary>These figures and another's (none when null) added up.</summary>
    public Throttling Plus(Throttling? other) =>
        other is null ? this : new(Requests + other.Requests, Math.Round(WaitedSeconds + other.WaitedSeconds, 1));
}
