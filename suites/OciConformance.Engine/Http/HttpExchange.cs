namespace OciConformance.Http;

/// <summary>
/// One request and its response, as the report shows it: secrets already redacted, bodies cut to an excerpt.
/// </summary>
public sealed record HttpExchange
{
    public required int Sequence { get; init; }
    public required string Method { get; init; }
    public required string Url { get; init; }
    public required IReadOnlyList<HeaderLine> RequestHeaders { get; init; }
    public string? RequestBody { get; init; }
    public int? Status { get; init; }
    public IReadOnlyList<HeaderLine> ResponseHeaders { get; init; } = [];
    public string? ResponseBody { get; init; }
    public long ResponseLength { get; init; }
    public double DurationMs { get; init; }
    public string? Error { get; init; }

    /// <summary>For a 429: what the client did next (waited and sent the request again, or why it let the 429 stand).</summary>
    public string? RateLimit { get; init; }

    public string Summary => Status is { } status ? $"{Method} {Url} -> {status}" : $"{Method} {Url} -> no response ({Error})";

    /// <summary>The exchange as a block of text, like a terminal transcript.</summary>
    public string ToTranscript()
    {
        var lines = new List<string> { $"> {Method} {Url}" };
        lines.AddRange(RequestHeaders.Select(h => $"> {h.Name}: {h.Value}"));
        if (RequestBody is not null)
        {
            lines.Add($"> {RequestBody}");
        }

        if (Status is { } status)
        {
            lines.Add($"< {status}");
            lines.AddRange(ResponseHeaders.Select(h => $"< {h.Name}: {h.Value}"));
            if (!string.IsNullOrEmpty(ResponseBody))
            {
                lines.Add($"< {ResponseBody}");
            }

            if (RateLimit is not null)
            {
                lines.Add($"* {RateLimit}");
            }
        }
        else
        {
            lines.Add($"< no response: {Error}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}

public sealed record HeaderLine(string Name, string Value);

/// <summary>
/// The exchanges of one case, in order, and how much the registry's rate limiting held the case up. Thread-safe
/// because a case may fan out requests.
/// </summary>
public sealed class ExchangeLog
{
    private readonly List<HttpExchange> _exchanges = [];
    private readonly Lock _gate = new();

    private int _sequence;
    private int _throttled;
    private long _waitedTicks;

    /// <summary>How many answers were 429.</summary>
    public int Throttled => Volatile.Read(ref _throttled);

    /// <summary>How long the case waited, in all, before sending a throttled request again or starting an operation over.</summary>
    public TimeSpan Waited => TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));

    public void CountThrottled() => Interlocked.Increment(ref _throttled);

    public void AddWait(TimeSpan wait) => Interlocked.Add(ref _waitedTicks, wait.Ticks);

    public int NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(HttpExchange exchange)
    {
        lock (_gate)
        {
            _exchanges.Add(exchange);
        }
    }

    /// <summary>Replaces a recorded exchange with a revised one, as when a later wait adds to its rate-limit note.</summary>
    public void Revise(int sequence, Func<HttpExchange, HttpExchange> revise)
    {
        ArgumentNullException.ThrowIfNull(revise);
        lock (_gate)
        {
            var index = _exchanges.FindIndex(e => e.Sequence == sequence);
            if (index >= 0)
            {
                _exchanges[index] = revise(_exchanges[index]);
            }
        }
    }

    public IReadOnlyList<HttpExchange> Snapshot()
    {
        lock (_gate)
        {
            return [.. _exchanges.OrderBy(e => e.Sequence)];
        }
    }
}
