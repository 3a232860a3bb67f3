using System.Globalization;
using System.Text;

namespace OciConformance.Http;

/// <summary>
/// One request and its response, as the report shows it: secrets already redacted, bodies cut to an excerpt, and
/// every body and header value either text every report can hold or, marked so, the hex of its bytes
/// (<see cref="WireText"/>).
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

    /// <summary>Hex when <see cref="ResponseBody"/> holds the hex of the body's first bytes; null for text.</summary>
    public WireForm? ResponseBodyForm { get; init; }
    public long ResponseLength { get; init; }

    /// <summary>Bytes of the request body sent; null for a request without one.</summary>
    public long? RequestLength { get; init; }
    public double DurationMs { get; init; }
    public string? Error { get; init; }

    /// <summary>For a 429: what the client did next (waited and sent the request again, or why it let the 429 stand).</summary>
    public string? RateLimit { get; init; }

    public string Summary => Status is { } status ? $"{Method} {Url} -> {status}" : $"{Method} {Url} -> no response ({Error})";

    /// <summary>The exchange as a block of text, like a terminal transcript.</summary>
    public string ToTranscript() => AppendTranscript(new StringBuilder()).ToString();

    /// <summary>
    /// Appends the transcript line by line: the reports render one per exchange of every case, and building each from a
    /// list of line strings joined afterwards was a sizeable part of what writing them allocated.
    /// </summary>
    public StringBuilder AppendTranscript(StringBuilder text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.Length;
        void Line(string prefix, string line)
        {
            if (text.Length > start)
            {
                text.Append(Environment.NewLine);
            }

            text.Append(prefix).Append(line);
        }

        Line("> ", Method);
        text.Append(' ').Append(Url);
        foreach (var header in RequestHeaders)
        {
            Line("> ", header.Name);
            text.Append(": ").Append(header.Shown);
        }

        if (RequestBody is not null)
        {
            Line("> ", RequestBody);
        }

        if (Status is { } status)
        {
            Line("< ", status.ToString(CultureInfo.InvariantCulture));
            foreach (var header in ResponseHeaders)
            {
                Line("< ", header.Name);
                text.Append(": ").Append(header.Shown);
            }

            if (!string.IsNullOrEmpty(ResponseBody))
            {
                Line("< ", Shown(ResponseBody, ResponseBodyForm, ResponseLength));
            }

            if (RateLimit is not null)
            {
                Line("* ", RateLimit);
            }
        }
        else
        {
            Line("< no response: ", Error ?? "");
        }

        return text;
    }

    /// <summary>A recorded body as a line of a transcript: text as it is, hex with what it stands for.</summary>
    public static string Shown(string body, WireForm? form, long length) => form == WireForm.Hex
        ? $"({(length > 0 ? $"{length} bytes, " : "")}not UTF-8 text; {(body.Length / 2 < length ? $"the first {body.Length / 2} bytes " : "")}in hex) {body}"
        : body;
}

/// <summary>A header as recorded; <see cref="Form"/> is hex when the value's bytes were not text a report can hold.</summary>
public sealed record HeaderLine(string Name, string Value)
{
    public WireForm? Form { get; init; }

    /// <summary>The value as a transcript shows it.</summary>
    public string Shown => Form == WireForm.Hex ? $"(not UTF-8 text, in hex) {Value}" : Value;
}

/// <summary>
/// The exchanges of one case, in order, and how much the registry's rate limiting held the case up. Thread-safe
/// because a case may fan out requests.
/// </summary>
public sealed class ExchangeLog
{
    private readonly List<HttpExchange> _exchanges = [];
    private readonly Lock _gate = new();

    private int _sequence;
    private long _waitedTicks;

    /// <summary>How long the case waited, in all, before sending a throttled request again or starting an operation over.</summary>
    public TimeSpan Waited => TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));

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
