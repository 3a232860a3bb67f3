using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using OciConformance.Http;

namespace OciConformance.Engine.ActionSteps.Wire;

/// <summary>The status line and header section of one answer as it came off the wire, and its body after the transfer coding.</summary>
internal sealed record RawAnswer(int Status, HeaderMap Headers, byte[] Body)
{
    /// <summary>Whether the server said it closes the connection after this answer.</summary>
    public bool Closes => Headers.Get("Connection") is { } connection
        && connection.Split(',').Any(t => t.Trim().Equals("close", StringComparison.OrdinalIgnoreCase));

    public long? ContentLength => long.TryParse(Headers.Get("Content-Length"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length) ? length : null;
}

/// <summary>What the probe could not read: no answer, a malformed one, or more than it allows itself to read.</summary>
internal sealed class WireException(string message) : IOException(message)
{
    public WireException() : this("the connection failed") { }

    public WireException(string message, Exception inner) : this($"{message}: {inner.Message}") { }
}

/// <summary>
/// One HTTP/1.1 connection driven byte by byte, over TLS when the URL is https. HttpClient would hide what this is
/// for: bytes a server sends where no message may be. Every read has a deadline and the whole connection a byte
/// budget, so a server that stalls or floods costs the run one time-out at most.
/// </summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private const int MaxHeaderSection = 64 * 1024;

    private static readonly byte[] StatusLineStart = "HTTP/1."u8.ToArray();
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly TimeSpan _timeout;
    private readonly long _budget;
    private readonly MemoryStream _pending = new();
    private long _received;
    private bool _closed;

    private RawHttpConnection(TcpClient tcp, Stream stream, TimeSpan timeout, long budget)
    {
        _tcp = tcp;
        _stream = stream;
        _timeout = timeout;
        _budget = budget;
    }

    public static async Task<RawHttpConnection> OpenAsync(Uri url, TimeSpan timeout, long budget, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        try
        {
            using var deadline = Deadline(timeout, cancellationToken);
            await tcp.ConnectAsync(url.Host, url.Port, deadline.Token);
            Stream stream = tcp.GetStream();
            if (url.Scheme == Uri.UriSchemeHttps)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = url.Host,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                }, deadline.Token);
                stream = tls;
            }

            return new RawHttpConnection(tcp, stream, timeout, budget);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException && !cancellationToken.IsCancellationRequested)
        {
            tcp.Dispose();
            throw new WireException($"could not connect to {url.Authority}", e);
        }
    }

    /// <summary>Writes one request without a body: its request line and the given header lines.</summary>
    public async Task SendAsync(string method, Uri url, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var head = new StringBuilder($"{method} {url.PathAndQuery} HTTP/1.1\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");
        using var deadline = Deadline(_timeout, cancellationToken);
        await Guard(async () =>
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), deadline.Token);
            await _stream.FlushAsync(deadline.Token);
        }, "sending the request", cancellationToken);
    }

    /// <summary>
    /// The bytes that arrive before the next status line, which is left to <see cref="ReadAnswerAsync"/>; all that
    /// arrives when the server closes the connection instead.
    /// </summary>
    public async Task<byte[]> ReadUntilStatusLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = IndexOf(_pending.GetBuffer().AsSpan(0, (int)_pending.Length), StatusLineStart);
            if (found >= 0)
            {
                return Take(found);
            }

            if (!await FillAsync(cancellationToken))
            {
                return Take((int)_pending.Length);
            }
        }
    }

    /// <summary>Everything the server sends until it closes the connection (or the deadline passes).</summary>
    public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await FillAsync(cancellationToken))
            {
            }
        }
        catch (WireException) when (_pending.Length > 0)
        {
            // A server that sends stray bytes and then keeps the connection open: what came is the finding.
        }

        return Take((int)_pending.Length);
    }

    /// <summary>Reads one answer: its status line, header section and, unless it answers a HEAD, its body.</summary>
    public async Task<RawAnswer> ReadAnswerAsync(bool head, CancellationToken cancellationToken)
    {
        int end;
        while ((end = IndexOf(_pending.GetBuffer().AsSpan(0, (int)_pending.Length), HeaderEnd)) < 0)
        {
            if (_pending.Length > MaxHeaderSection)
            {
                throw new WireException($"no end of the header section within {MaxHeaderSection} bytes");
            }

            if (!await FillAsync(cancellationToken))
            {
                throw new WireException(_pending.Length == 0 ? "the server closed the connection without an answer" : "the server closed the connection inside a header section");
            }
        }

        var lines = Encoding.Latin1.GetString(Take(end + HeaderEnd.Length)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(statusParts[1], System.Globalization.CultureInfo.InvariantCulture, out var status))
        {
            throw new WireException($"not an HTTP/1.x status line: '{lines[0]}'");
        }

        var headers = new HeaderMap();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        var answer = new RawAnswer(status, headers, []);
        return head || status is 204 or 304 or < 200 ? answer : answer with { Body = await ReadBodyAsync(answer, cancellationToken) };
    }

    private async Task<byte[]> ReadBodyAsync(RawAnswer answer, CancellationToken cancellationToken)
    {
        if (answer.Headers.Get("Transfer-Encoding") is { } coding && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadChunkedAsync(cancellationToken);
        }

        if (answer.ContentLength is { } length)
        {
            return await ReadExactlyAsync(length, cancellationToken);
        }

        while (await FillAsync(cancellationToken))
        {
        }

        return Take((int)_pending.Length);
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(cancellationToken);
            var hex = sizeLine.Split(';')[0].Trim();
            if (!long.TryParse(hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new WireException($"not a chunk size: '{sizeLine}'");
            }

            if (size == 0)
            {
                while ((await ReadLineAsync(cancellationToken)).Length > 0)
                {
                    // Trailer fields: not needed by any check.
                }

                return body.ToArray();
            }

            body.Write(await ReadExactlyAsync(size, cancellationToken));
            await ReadLineAsync(cancellationToken);
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        int end;
        while ((end = IndexOf(_pending.GetBuffer().AsSpan(0, (int)_pending.Length), "\r\n"u8)) < 0)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw new WireException("the server closed the connection inside a chunked body");
            }
        }

        var line = Take(end + 2);
        return Encoding.Latin1.GetString(line, 0, end);
    }

    private async Task<byte[]> ReadExactlyAsync(long length, CancellationToken cancellationToken)
    {
        if (length > _budget)
        {
            throw new WireException($"a body of {length} bytes is more than the probe reads ({_budget} bytes)");
        }

        while (_pending.Length < length)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw new WireException($"the server closed the connection after {_pending.Length} of {length} body bytes");
            }
        }

        return Take((int)length);
    }

    /// <summary>Reads what the server sends next into the pending bytes; false when it closed the connection.</summary>
    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_closed)
        {
            return false;
        }

        if (_received >= _budget)
        {
            throw new WireException($"the server sent more than the probe reads on one connection ({_budget} bytes)");
        }

        var buffer = new byte[(int)Math.Min(64 * 1024, _budget - _received)];
        using var deadline = Deadline(_timeout, cancellationToken);
        var read = 0;
        await Guard(async () => read = await _stream.ReadAsync(buffer, deadline.Token), "reading", cancellationToken);
        if (read == 0)
        {
            _closed = true;
            return false;
        }

        _received += read;
        _pending.Write(buffer, 0, read);
        return true;
    }

    private async Task Guard(Func<Task> io, string doing, CancellationToken cancellationToken)
    {
        try
        {
            await io();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WireException($"nothing more within {_timeout.TotalSeconds:0} s while {doing}");
        }
        catch (Exception e) when (e is IOException or SocketException && e is not WireException)
        {
            throw new WireException($"the connection failed while {doing}", e);
        }
    }

    /// <summary>Removes and returns the first <paramref name="count"/> pending bytes.</summary>
    private byte[] Take(int count)
    {
        var all = _pending.GetBuffer();
        var taken = all.AsSpan(0, count).ToArray();
        var rest = all.AsSpan(count, (int)_pending.Length - count).ToArray();
        _pending.SetLength(0);
        _pending.Write(rest);
        return taken;
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);

    private static CancellationTokenSource Deadline(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        return deadline;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
        await _pending.DisposeAsync();
    }
}
