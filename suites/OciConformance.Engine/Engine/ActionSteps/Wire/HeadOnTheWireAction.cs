using System.Diagnostics;
using System.Text;
using OciConformance.Content;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Wire;

/// <summary>
/// Checks at the wire what HttpClient would hide: on one HTTP/1.1 connection of its own it sends HEAD, then GET, for
/// the same content, and looks at the bytes between the two answers, HEAD's Content-Length against what GET sends,
/// and whether GET's body is coded as its Content-Encoding says. It carries the Authorization the suite's client
/// earned for the URL, keeps the run's pace and honours a 429 as the client does, and records every exchange in the case.
/// </summary>
public sealed class HeadOnTheWireAction : IScenarioAction
{
    public static readonly ActionCheck HeadNoBody = new("head-no-body", "nothing follows the header section of a HEAD answer on the wire");
    public static readonly ActionCheck HeadLength = new("head-length", "a HEAD answer's Content-Length is the number of bytes GET sends");
    public static readonly ActionCheck ContentEncoding = new("content-encoding", "the GET body, decoded as its Content-Encoding says, is the content");

    /// <summary>The most the probe reads on one connection; content it checks is small, so more means a flood.</summary>
    private const long Budget = RegistryClient.MaxBufferedBody;

    private const int ShownInExchange = 256;

    public string Name => "head-on-the-wire";

    public IReadOnlyList<ActionCheck> Checks { get; } = [HeadNoBody, HeadLength, ContentEncoding];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        var url = run.ResolveUrl(run.Render(Actions.Argument(step, "path")), []);
        var digest = run.Render(Actions.Argument(step, "digest"));
        var accept = Actions.OptionalArgument(step, "accept") is { } template ? run.Render(template) : null;
        var client = run.Environment.Client;

        // Through the suite's client first, so it answers whatever challenge the URL brings; the socket then presents
        // the Authorization that earned, as a client reusing its token would.
        await run.SendAsync(new RegistryRequest(HttpMethod.Head, url) { Headers = accept is null ? [] : [new("Accept", accept)] }, cancellationToken);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", url.IsDefaultPort ? url.Host : url.Authority),
            new("User-Agent", "oci-conformance/1.0 (wire probe)"),
            new("Accept-Encoding", ContentCodings.Offered),
        };
        if (accept is not null)
        {
            headers.Add(new("Accept", accept));
        }

        if (client.AuthorizationFor(url) is { } authorization)
        {
            headers.Add(new("Authorization", authorization));
        }

        var waits = new ThrottleWaits();
        Attempt attempt;
        bool again;
        do
        {
            attempt = await ProbeAsync(run, url, headers, cancellationToken);

            // HEAD and GET go out together, so both may meet a 429: each is honoured (noted, counted, waited for), and
            // the pair goes again only when every one of them may.
            again = attempt.Throttled.Count > 0;
            foreach (var throttled in attempt.Throttled)
            {
                again &= await client.HonourThrottleAsync(throttled, waits, run.Log, cancellationToken);
            }
        }
        while (again);

        return Judge(run, url, digest, attempt);
    }

    /// <summary>What one HEAD-then-GET on the wire showed; <see cref="Get"/> is null when GET brought no answer.</summary>
    private sealed record Attempt(RawAnswer Head, RegistryResponse HeadResponse, byte[] Stray, RawAnswer? Get, RegistryResponse? GetResponse)
    {
        public IReadOnlyList<RegistryResponse> Throttled =>
            [.. new[] { HeadResponse, GetResponse }.OfType<RegistryResponse>().Where(r => r.Status == 429)];
    }

    private static RegistryResponse Judge(CaseRun run, Uri url, string digest, Attempt attempt)
    {
        var (head, headResponse, stray, get, getResponse) = attempt;
        run.Check(HeadNoBody, stray.Length == 0, $"nothing follows the HEAD answer's header section on the wire (HEAD {url.AbsolutePath})",
            "no bytes before the next answer", $"{stray.Length} bytes, starting {Shown(stray, 48)}", headResponse);
        if (get is null || getResponse is null)
        {
            return headResponse;
        }

        if (head.Status != 200 || get.Status != 200)
        {
            run.Note($"{url.AbsolutePath}: HEAD answered {head.Status} and GET {get.Status} on the wire; Content-Length and Content-Encoding are compared on 200 answers only");
            return getResponse;
        }

        if (head.ContentLength is { } headLength)
        {
            run.Check(HeadLength, headLength == get.Body.Length, $"HEAD's Content-Length is the length GET sends ({url.AbsolutePath})",
                $"{get.Body.Length} (the bytes GET sent)", $"{headLength}", headResponse);
        }

        var encoding = get.Headers.Get("Content-Encoding");
        var label = encoding is null ? "no Content-Encoding" : $"Content-Encoding: {encoding}";
        if (CodingProblem(get.Body, encoding, digest) is { } finding)
        {
            run.Check(ContentEncoding, finding.Problem is null, $"the GET body, taken as {label}, is the content ({url.AbsolutePath})",
                $"content with digest {digest}", finding.Problem, getResponse);
        }
        else
        {
            run.Note($"{url.AbsolutePath}: GET's body is not the content, coded or not; the checks of the content judge that");
        }

        return getResponse;
    }

    /// <summary>
    /// Whether the body is coded as its label says: null (no finding) when it is not the content either way, since a
    /// wrong body is the content checks' business; a problem when the label cannot be undone, names a coding the bytes
    /// do not have, or is missing from gzip-coded content; no problem when undoing the label gives the content.
    /// </summary>
    private static CodingFinding? CodingProblem(byte[] body, string? encoding, string digest)
    {
        var (content, problem) = ContentCodings.Decode(body, encoding);
        if (problem is not null)
        {
            return new CodingFinding(problem);
        }

        if (Sha256(content!) == digest)
        {
            return new CodingFinding(null);
        }

        if (encoding is not null && Sha256(body) == digest)
        {
            return new CodingFinding($"the body is the content itself, not {encoding}-coded");
        }

        return encoding is null && ContentCodings.Decode(body, "gzip") is ({ } unzipped, null) && Sha256(unzipped) == digest
            ? new CodingFinding("the body is gzip-coded content without a Content-Encoding that says so")
            : null;
    }

    private sealed record CodingFinding(string? Problem);

    private static string Sha256(byte[] bytes) => Digest.Sha256Of(bytes).ToString();

    /// <summary>HEAD, then GET on the same connection (on a new one when HEAD's answer closes it), each recorded in the case.</summary>
    private static async Task<Attempt> ProbeAsync(CaseRun run, Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var client = run.Environment.Client;
        var timeout = run.Environment.Options.Run.RequestTimeout;
        var connection = await RawHttpConnection.OpenAsync(url, timeout, Budget, cancellationToken);
        try
        {
            await client.PaceAsync(cancellationToken);
            var headClock = Stopwatch.StartNew();
            await connection.SendAsync("HEAD", url, headers, cancellationToken);
            var head = await connection.ReadAnswerAsync(head: true, cancellationToken);
            var stray = head.Closes ? await connection.ReadToEndAsync(cancellationToken) : [];
            if (head.Closes)
            {
                await connection.DisposeAsync();
                connection = await RawHttpConnection.OpenAsync(url, timeout, Budget, cancellationToken);
                run.Note($"{url.AbsolutePath}: the HEAD answer closed its connection, so GET went on a new one");
            }

            await client.PaceAsync(cancellationToken);
            var getClock = Stopwatch.StartNew();
            await connection.SendAsync("GET", url, headers, cancellationToken);
            if (!head.Closes)
            {
                stray = await connection.ReadUntilStatusLineAsync(cancellationToken);
            }

            var headResponse = Record(run, "HEAD", url, headers, head, headClock.Elapsed, stray, null);
            try
            {
                var get = await connection.ReadAnswerAsync(head: false, cancellationToken);
                return new Attempt(head, headResponse, stray, get, Record(run, "GET", url, headers, get, getClock.Elapsed, null, null));
            }
            catch (WireException e)
            {
                Record(run, "GET", url, headers, null, getClock.Elapsed, [], e.Message);
                run.Note($"GET {url.AbsolutePath} after the HEAD: {e.Message}");
                return new Attempt(head, headResponse, stray, null, null);
            }
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>The exchange as reports show it, with the bytes that followed a HEAD answer as its body.</summary>
    private static RegistryResponse Record(CaseRun run, string method, Uri url, IReadOnlyList<KeyValuePair<string, string>> sent, RawAnswer? answer, TimeSpan elapsed, byte[]? stray, string? error)
    {
        var redactor = run.Environment.Client.Redactor;
        var body = stray ?? answer?.Body ?? [];
        using var digesting = new DigestingStream(new MemoryStream(body, writable: false));
        digesting.CopyTo(Stream.Null);
        var digests = digesting.Complete();
        var exchange = new HttpExchange
        {
            Sequence = run.Log.NextSequence(),
            Method = method,
            Url = redactor.Url(url.ToString()),
            RequestHeaders = [.. sent.Select(h => new HeaderLine(h.Key, redactor.Header(h.Key, h.Value)))],
            Status = answer?.Status,
            ResponseHeaders = answer is null ? [] : [.. answer.Headers.Lines.Select(h => new HeaderLine(h.Key, redactor.Header(h.Key, h.Value)))],
            ResponseBody = body.Length == 0 ? "" : redactor.Text(stray is null ? Shown(body, ShownInExchange) : $"(on the wire after the header section) {Shown(body, ShownInExchange)}"),
            ResponseLength = body.Length,
            DurationMs = Math.Round(elapsed.TotalMilliseconds, 1),
            Error = error,
        };
        run.Log.Add(exchange);
        var response = new RegistryResponse(answer?.Status ?? 0, answer?.Headers ?? new HeaderMap(), new ResponseBody(body, false, digests), exchange);
        return error is null ? response : response with { TransportError = error };
    }

    /// <summary>The start of some bytes, as text when they are text, else in hex.</summary>
    private static string Shown(byte[] bytes, int limit)
    {
        var start = bytes.AsSpan(0, Math.Min(bytes.Length, limit));
        var text = start.IndexOfAnyInRange((byte)0, (byte)8) < 0 ? Encoding.UTF8.GetString(start) : $"0x{Convert.ToHexStringLower(start)}";
        return bytes.Length > limit ? $"{text}…" : text;
    }
}
