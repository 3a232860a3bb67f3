using System.Runtime.InteropServices;

namespace OciConformance.Http;

/// <summary>One request to send. Bodies are re-openable so that an authentication retry can send them again.</summary>
public sealed record RegistryRequest(HttpMethod Method, Uri Url)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    public RequestBody? Body { get; init; }
    public bool FollowRedirects { get; init; } = true;

    /// <summary>Whose credentials answer the registry's challenges for this request.</summary>
    public RequestCredentials Credentials { get; init; } = RequestCredentials.Configured;

    /// <summary>
    /// Whether a response body too large to keep is hashed with sha512 as well as sha256. The client sets it when the
    /// URL names a sha512 digest; a kept body is always hashed with both.
    /// </summary>
    public bool Sha512 { get; init; }
}

/// <summary>
/// The identity a request is sent as. Authentication checks need requests that carry no credentials at all, or those
/// of a second account that may only pull; everything else goes as the configured user.
/// </summary>
public enum RequestCredentials
{
    /// <summary>The configured user (target.username), or anonymous when none is configured.</summary>
    Configured,

    /// <summary>No credentials, and no answer to a challenge: the registry's 401 comes back as it is.</summary>
    None,

    /// <summary>The configured pull-only account (auth.pullOnlyUsername).</summary>
    PullOnly,
}

/// <summary>A request asks for credentials the configuration does not hold; the case cannot run as written.</summary>
public sealed class MissingCredentialsException : Exception
{
    public MissingCredentialsException(RequestCredentials credentials)
        : base($"the request needs the {credentials} credentials, which are not configured") => Credentials = credentials;

    public MissingCredentialsException() : this(RequestCredentials.PullOnly) { }

    public MissingCredentialsException(string message) : base(message) { }

    public MissingCredentialsException(string message, Exception inner) : base(message, inner) { }

    public RequestCredentials Credentials { get; } = RequestCredentials.PullOnly;
}

/// <summary>A request body that can be opened as many times as it has to be sent.</summary>
public sealed record RequestBody(Func<Stream> Open, long? Length, string Description)
{
    /// <summary>Each opening reads the caller's bytes where they are: a 4 MiB manifest sent twice is not copied twice.</summary>
    public static RequestBody FromBytes(ReadOnlyMemory<byte> bytes, string description) =>
        new(() => MemoryMarshal.TryGetArray(bytes, out var array)
            ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false), bytes.Length, description) { Excerpt = bytes };

    /// <summary>The body itself when it is small enough to show in a report.</summary>
    public ReadOnlyMemory<byte>? Excerpt { get; init; }

    /// <summary>The upload this body is a part of, for progress: its bytes count towards the whole blob's transfer.</summary>
    public UploadPart? Part { get; init; }
}

/// <summary>A request body that carries the bytes of an upload from <see cref="Offset"/> on.</summary>
public sealed record UploadPart(TransferWatch.Upload Upload, long Offset);

/// <summary>Response headers, looked up case-insensitively, each with all its values in order.</summary>
public sealed class HeaderMap
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<KeyValuePair<string, string>> _lines = [];

    public IReadOnlyList<KeyValuePair<string, string>> Lines => _lines;

    public void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list))
        {
            _values[name] = list = [];
        }

        list.Add(value);
        _lines.Add(new(name, value));
    }

    public bool Contains(string name) => _values.ContainsKey(name);

    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var list) ? list : [];

    /// <summary>All values of a header joined as HTTP allows (comma-separated), or null when absent.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var list) ? string.Join(", ", list) : null;
}

/// <summary>
/// A received response. The body was streamed through the digesters; it is kept whole when it has at most
/// <see cref="RegistryClient.MaxBufferedBody"/> bytes, which covers every manifest and JSON document, else only its start.
/// </summary>
public sealed record RegistryResponse(int Status, HeaderMap Headers, ResponseBody Body, HttpExchange Exchange)
{
    /// <summary>Why no HTTP response came back (connection refused, time-out), or null when one did.</summary>
    public string? TransportError { get; init; }

    /// <summary>
    /// A 429 the client did not send again because the request is not safe to repeat (a PATCH): the operation that
    /// sent it may start over once <see cref="RegistryClient.WaitToStartOverAsync"/> allows.
    /// </summary>
    public bool MayStartOver { get; init; }

    public Uri Url => new(Exchange.Url);

    public bool IsSuccess => Status is >= 200 and < 300;
}

public sealed record ResponseBody(ReadOnlyMemory<byte> Buffered, bool Truncated, Content.ContentDigests Digests)
{
    public long Length => Digests.Length;

    /// <summary>
    /// The body as a check quotes it: its text when it is UTF-8 text a report can hold, else a note with the hex of
    /// its first bytes (<see cref="WireText"/>), never replacement characters or raw control bytes.
    /// </summary>
    public string Text => Quoted(Buffered.Span, Truncated);

    /// <summary>
    /// The start of <see cref="Text"/>, at most <paramref name="maxChars"/> characters and an ellipsis when there is
    /// more. Only the bytes those characters can take are decoded: quoting a 4 MiB manifest costs no 8 MiB string.
    /// </summary>
    public string Excerpt(int maxChars)
    {
        // UTF-8 spends at most 4 bytes on a character; the extra 4 keep a character cut at the window's end from
        // making the decoded text look complete.
        var window = (int)Math.Min(Buffered.Length, 4L * maxChars + 4);
        var text = Quoted(Buffered.Span[..window], Truncated || window < Buffered.Length);
        return text.Length <= maxChars ? text : text[..maxChars] + "…";
    }

    private string Quoted(ReadOnlySpan<byte> bytes, bool cutShort) => WireText.AsText(bytes, cutShort) is { } text
        ? text
        : HttpExchange.Shown(WireText.Hex(bytes), WireForm.Hex, Length);
}
