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
        }
        else
        {
            lines.Add($"< no response: {Error}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}

public sealed record HeaderLine(string Name, string Value);

/// <summary>The exchanges of one case, in order. Thread-safe because a case may fan out requests.</summary>
public sealed class ExchangeLog
{
    private readonly List<HttpExchange> _exchanges = [];
    private readonly Lock _gate = new();

    private int _sequence;

    public int NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(HttpExchange exchange)
    {
        lock (_gate)
        {
            _exchanges.Add(exchange);
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
