using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OciConformance.Content;
using RestSharp;
using RestSharp.Interceptors;

namespace OciConformance.Http;

public sealed record RegistryCredentials(string Username, string Password)
{
    /// <summary>The Authorization header value that presents these credentials with the Basic scheme.</summary>
    public string BasicAuthorization => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
}

/// <summary>
/// The one way the suite talks to a registry. It sends requests through RestSharp, answers Basic and Bearer
/// challenges (tokens cached per scope), follows redirects without ever carrying credentials to another host,
/// streams every body through sha256/sha512, and records each exchange, redacted, in the caller's log. A 429 is
/// honoured: the request waits as Retry-After asks and goes again when it is safe to repeat and the waiting budgets
/// allow (<see cref="Repetition"/>, <see cref="RateLimits"/>), and a paced run spreads its requests evenly.
/// Transport failures and time-outs become responses with a <see cref="RegistryResponse.TransportError"/>, never
/// exceptions: a registry that misbehaves fails a check, it does not crash the run.
/// A request is sent as one of three identities (<see cref="RequestCredentials"/>): each has its own credentials
/// and token cache, and all share one connection pool.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    /// <summary>Enough for every manifest the spec allows (4 MiB) with room; of larger bodies only the start is kept.</summary>
    public const int MaxBufferedBody = 8 * 1024 * 1024;

    private const int ExcerptLimit = 2048;
    private const int MaxRedirects = 5;
    private const string UserAgent = "oci-conformance/1.0";

    private readonly RestClient _rest;
    private readonly RegistryCredentials? _credentials;
    private readonly TimeSpan _timeout;
    private readonly RateLimiter _rateLimiter;
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _scopeForRepository = new(StringComparer.Ordinal);
    private volatile bool _basicAccepted;

    /// <summary>False for the identity that sends no credentials: it leaves every challenge unanswered.</summary>
    private readonly bool _answersChallenges = true;
    private readonly TokenServerMemory _tokenServer;
    private readonly RegistryClient? _anonymous;
    private readonly RegistryClient? _pullOnly;
    private readonly bool _ownsConnections = true;

    public RegistryClient(Uri baseAddress, RegistryCredentials? credentials, TimeSpan timeout, Redactor redactor, RegistryCredentials? pullOnly = null, RateLimits? rateLimits = null)
    {
        BaseAddress = baseAddress;
        _credentials = credentials;
        _timeout = timeout;
        _rateLimiter = new RateLimiter(rateLimits ?? new RateLimits());
        Redactor = redactor;
        AddSecrets(redactor, credentials);
        _tokenServer = new TokenServerMemory();

        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            MaxConnectionsPerServer = 64,
            ConnectTimeout = timeout,
        };
        _rest = new RestClient(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, new RestClientOptions
        {
            FollowRedirects = false,
            ThrowOnAnyError = false,
            UserAgent = UserAgent,
        }, disposeHttpClient: true);
        Transfers = new TransferWatch();
        _anonymous = new RegistryClient(this, credentials: null, answersChallenges: false);
        _pullOnly = pullOnly is null ? null : new RegistryClient(this, pullOnly, answersChallenges: true);
    }

    /// <summary>Another identity of <paramref name="root"/>, on its connections.</summary>
    private RegistryClient(RegistryClient root, RegistryCredentials? credentials, bool answersChallenges)
    {
        BaseAddress = root.BaseAddress;
        _credentials = credentials;
        _timeout = root._timeout;
        _rateLimiter = root._rateLimiter;
        Redactor = root.Redactor;
        AddSecrets(Redactor, credentials);
        _rest = root._rest;
        _tokenServer = root._tokenServer;
        Transfers = root.Transfers;
        _answersChallenges = answersChallenges;
        _ownsConnections = false;
    }

    public Uri BaseAddress { get; }

    /// <summary>Progress of large bodies, shared by every identity of this client.</summary>
    public TransferWatch Transfers { get; }

    public Redactor Redactor { get; }

    /// <summary>
    /// The user and password a request of this identity presents, null for none; throws
    /// <see cref="MissingCredentialsException"/> for the pull-only account when none is configured.
    /// </summary>
    public RegistryCredentials? CredentialsFor(RequestCredentials identity) => identity switch
    {
        RequestCredentials.None => null,
        RequestCredentials.PullOnly => (_pullOnly ?? throw new MissingCredentialsException(identity))._credentials,
        _ => _credentials,
    };

    /// <summary>
    /// The Authorization value this client would send to <paramref name="url"/> now: the token or Basic credentials an
    /// earlier authenticated request there earned, or null. It lets a probe that speaks HTTP on a socket of its own
    /// present the same credentials without a second implementation of the challenge flow.
    /// </summary>
    public string? AuthorizationFor(Uri url) => SameAuthority(url, BaseAddress) ? CachedAuthorization(url) : null;

    /// <summary>Waits for the next request's slot when the run is paced, so a request sent outside the client keeps the pace too.</summary>
    public Task PaceAsync(CancellationToken cancellationToken) => _rateLimiter.PaceAsync(cancellationToken);

    /// <summary>
    /// After a 429 to a request sent outside the client, already in <paramref name="log"/>: notes what follows on its
    /// exchange as the client does for its own, waits as the registry asked when the budgets allow,
    /// and says whether to send the request again. <paramref name="waits"/> is the operation's, kept across attempts.
    /// </summary>
    public async Task<bool> HonourThrottleAsync(RegistryResponse throttled, ThrottleWaits waits, ExchangeLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(throttled);
        ArgumentNullException.ThrowIfNull(log);
        var decision = _rateLimiter.Decide(throttled, null, waits);
        log.Revise(throttled.Exchange.Sequence, e => e with { RateLimit = decision.Wait is null ? $"not sent again: {decision.Note}" : $"{decision.Note}, then sent it again" });
        if (decision.Wait is not { } wait)
        {
            return false;
        }

        await Task.Delay(wait, cancellationToken);
        log.AddWait(wait);
        return true;
    }

    public async Task<RegistryResponse> SendAsync(RegistryRequest request, ExchangeLog log, CancellationToken cancellationToken)
    {
        if (request.Credentials != RequestCredentials.Configured)
        {
            var identity = request.Credentials == RequestCredentials.None ? _anonymous! : _pullOnly ?? throw new MissingCredentialsException(request.Credentials);
            return await identity.SendAsync(request with { Credentials = RequestCredentials.Configured }, log, cancellationToken);
        }

        request = request with { Sha512 = request.Sha512 || request.Url.AbsolutePath.Contains(Digest.Sha512 + ":", StringComparison.Ordinal) };
        var url = request.Url;
        var method = request.Method;
        var body = request.Body;
        var waits = new ThrottleWaits();
        for (var hop = 0; ; hop++)
        {
            var sameHost = SameAuthority(url, BaseAddress);
            var response = await SendHonouringLimitsAsync(request with { Url = url, Method = method, Body = body }, sameHost ? CachedAuthorization(url) : null, log, waits, cancellationToken);
            if (response.Status == 401 && sameHost && await AuthenticateAsync(url, response, log, waits, cancellationToken) is { } authorization)
            {
                response = await SendHonouringLimitsAsync(request with { Url = url, Method = method, Body = body }, authorization, log, waits, cancellationToken);
            }

            if (!request.FollowRedirects || hop >= MaxRedirects || response.Status is not (301 or 302 or 303 or 307 or 308)
                || response.Headers.Get("Location") is not { } location || !Uri.TryCreate(url, location, out var next))
            {
                return response;
            }

            if (response.Status == 303 || (response.Status is 301 or 302 && method != HttpMethod.Get && method != HttpMethod.Head))
            {
                method = HttpMethod.Get;
                body = null;
            }

            url = next;
        }
    }

    /// <summary>
    /// After a 429 on a request the client would not repeat (<see cref="RegistryResponse.MayStartOver"/>): waits as
    /// the registry asked when the budgets allow, and says whether the operation may start over. <paramref name="waits"/>
    /// is the operation's, kept across its attempts. The wait is noted on that exchange and counted in the log.
    /// </summary>
    public async Task<bool> WaitToStartOverAsync(RegistryResponse throttled, ThrottleWaits waits, ExchangeLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(throttled);
        ArgumentNullException.ThrowIfNull(log);
        if (!throttled.MayStartOver)
        {
            return false;
        }

        var decision = _rateLimiter.Decide(throttled, null, waits);
        log.Revise(throttled.Exchange.Sequence, e => e with { RateLimit = $"{e.RateLimit}; {(decision.Wait is null ? $"not started over: {decision.Note}" : $"{decision.Note}, then started its operation over")}" });
        if (decision.Wait is not { } wait)
        {
            return false;
        }

        await Task.Delay(wait, cancellationToken);
        log.AddWait(wait);
        return true;
    }

    /// <summary>
    /// Sends, and while the answer is a 429 the request may be repeated after, waits and sends again. Every answer is
    /// recorded; a 429 with what the client did about it.
    /// </summary>
    private async Task<RegistryResponse> SendHonouringLimitsAsync(RegistryRequest request, string? authorization, ExchangeLog log, ThrottleWaits waits, CancellationToken cancellationToken)
    {
        var notRepeatable = Repetition.WhyNotRepeatable(request);
        while (true)
        {
            var response = await SendOnceAsync(request, authorization, log, cancellationToken);
            if (response.Status != 429)
            {
                log.Add(response.Exchange);
                return response;
            }

            var decision = _rateLimiter.Decide(response, notRepeatable, waits);
            var exchange = response.Exchange with { RateLimit = decision.Wait is null ? $"not sent again: {decision.Note}" : $"{decision.Note}, then sent it again" };
            log.Add(exchange);
            if (decision.Wait is not { } wait)
            {
                return response with { Exchange = exchange, MayStartOver = notRepeatable is not null };
            }

            await Task.Delay(wait, cancellationToken);
            log.AddWait(wait);
        }
    }

    private static bool SameAuthority(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.Authority, b.Authority, StringComparison.OrdinalIgnoreCase);

    private string? CachedAuthorization(Uri url)
    {
        if (RepositoryOf(url) is { } repository && _scopeForRepository.TryGetValue(ScopeKey(repository, url), out var scope) && _tokens.TryGetValue(scope, out var token))
        {
            return $"Bearer {token}";
        }

        return _basicAccepted && _credentials is not null ? BasicAuthorization(_credentials) : null;
    }

    /// <summary>
    /// Answers a 401 as docker clients do: Basic with the credentials; Bearer by asking the challenge's realm for a
    /// token. A challenge without a scope gets the scope the request needs, and a 401 without any challenge the token
    /// server an earlier challenge named (clients learn it at <c>/v2/</c>), so a registry that is terse here is judged
    /// by the checks that look at its challenges, not by every case that needs a token.
    /// </summary>
    private async Task<string?> AuthenticateAsync(Uri url, RegistryResponse challengeResponse, ExchangeLog log, ThrottleWaits waits, CancellationToken cancellationToken)
    {
        if (!_answersChallenges)
        {
            return null;
        }

        var challenge = AuthChallenge.Parse(challengeResponse.Headers.Get("WWW-Authenticate"));
        if (challenge is { IsBasic: true })
        {
            _basicAccepted = _credentials is not null;
            return _credentials is null ? null : BasicAuthorization(_credentials);
        }

        if (challenge is { IsBearer: true, Realm: { } named } && Uri.TryCreate(named, UriKind.Absolute, out var announced))
        {
            _tokenServer.Known = new TokenServer(announced, challenge.Service);
        }
        else if (challenge is not null)
        {
            return null;
        }

        if (_tokenServer.Known is not { } server)
        {
            return null;
        }

        var scope = challenge?.Scope ?? NeededScope(url, challengeResponse.Exchange.Method) ?? "";
        var realm = server.Realm;
        var query = new List<string>();
        if (server.Service is { } service)
        {
            query.Add($"service={Uri.EscapeDataString(service)}");
        }

        foreach (var part in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            query.Add($"scope={Uri.EscapeDataString(part)}");
        }

        var tokenUrl = new UriBuilder(realm) { Query = string.Join('&', query) }.Uri;
        var headers = new List<KeyValuePair<string, string>>();
        var tokenResponse = await SendHonouringLimitsAsync(new RegistryRequest(HttpMethod.Get, tokenUrl) { Headers = headers }, _credentials is null ? null : BasicAuthorization(_credentials), log, waits, cancellationToken);
        if (!tokenResponse.IsSuccess || ReadToken(tokenResponse.Body) is not { } token)
        {
            return null;
        }

        Redactor.AddSecret(token);
        _tokens[scope] = token;
        if (RepositoryOf(url) is { } repository)
        {
            _scopeForRepository[ScopeKey(repository, url)] = scope;
        }

        return $"Bearer {token}";
    }

    private static string? ReadToken(ResponseBody body)
    {
        try
        {
            using var document = Content.RegistryJson.Parse(body.Buffered);
            foreach (var name in new[] { "token", "access_token" })
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static string BasicAuthorization(RegistryCredentials credentials) => credentials.BasicAuthorization;

    private static void AddSecrets(Redactor redactor, RegistryCredentials? credentials)
    {
        if (credentials is not null)
        {
            redactor.AddSecret(credentials.Password);
            redactor.AddSecret(BasicAuthorization(credentials)["Basic ".Length..]);
        }
    }

    /// <summary>
    /// The scope a request on a repository needs, in the token protocol's grammar: what docker clients ask for, pulling
    /// from the source repository too for a mount.
    /// </summary>
    private static string? NeededScope(Uri url, string method)
    {
        if (RepositoryOf(url) is not { } repository)
        {
            return null;
        }

        var scope = $"repository:{repository}:{method switch { "GET" or "HEAD" => "pull", "DELETE" => "delete", _ => "pull,push" }}";
        return MountSource(url) is { } from ? $"{scope} repository:{from}:pull" : scope;
    }

    private static string? MountSource(Uri url) => System.Web.HttpUtility.ParseQueryString(url.Query)["from"];

    /// <summary>A token server some challenge named: its realm URL and the service to ask it for.</summary>
    private sealed record TokenServer(Uri Realm, string? Service);

    /// <summary>The token server learned from the challenges so far, shared by every identity of the client.</summary>
    private sealed class TokenServerMemory
    {
        private volatile TokenServer? _known;

        public TokenServer? Known
        {
            get => _known;
            set => _known = value;
        }
    }

    /// <summary>The repository a /v2/ URL addresses, so a token obtained for it can be reused for its later requests.</summary>
    private static string? RepositoryOf(Uri url)
    {
        var path = url.AbsolutePath;
        if (!path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return null;
        }

        // Extension paths (/_oras/…, /_oci/…) begin with a component no repository name can have.
        foreach (var marker in new[] { "/blobs/", "/manifests/", "/tags/", "/referrers/", "/_oras/", "/_oci/" })
        {
            var index = path.IndexOf(marker, StringComparison.Ordinal);
            if (index > 4)
            {
                return path[4..index];
            }
        }

        return null;
    }

    /// <summary>
    /// Which cached token a request reuses: pulls, pushes and mounts from each source repository apart, since a mount's
    /// token must also cover pulling from its source, which the registry's challenge asks for and a push token lacks.
    /// </summary>
    private static string ScopeKey(string repository, Uri url)
    {
        if (!url.AbsolutePath.Contains("/blobs/uploads", StringComparison.Ordinal))
        {
            return repository;
        }

        return MountSource(url) is { } from ? $"{repository}#mount:{from}" : $"{repository}#push";
    }

    /// <summary>One request on the wire, in its paced slot; the caller records the exchange.</summary>
    private async Task<RegistryResponse> SendOnceAsync(RegistryRequest request, string? authorization, ExchangeLog log, CancellationToken cancellationToken)
    {
        await _rateLimiter.PaceAsync(cancellationToken);
        var sequence = log.NextSequence();
        var interceptor = new ExchangeInterceptor(request, authorization, Transfers);
        var rest = new RestRequest(request.Url, ToRestMethod(request.Method))
        {
            CompletionOption = HttpCompletionOption.ResponseHeadersRead,
            Interceptors = [interceptor],
            // The interceptor has read the body already; RestSharp's own reading would only copy an empty one.
            AdvancedResponseWriter = (_, sent) => new RestResponse(sent),
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        interceptor.Cancellation = timeout.Token;
        var clock = Stopwatch.StartNew();
        string? error = null;
        try
        {
            var restResponse = await _rest.ExecuteAsync(rest, timeout.Token);
            error = restResponse.ErrorException?.GetBaseException().Message ?? restResponse.ErrorMessage;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The time-out fired; reported below like any other missing response.
        }
        catch (HttpRequestException e)
        {
            error = e.GetBaseException().Message;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (interceptor.Received is null)
        {
            error = timeout.IsCancellationRequested ? $"no complete response within {_timeout.TotalSeconds:0} s (request time-out)" : error ?? "no response";
        }
        else
        {
            error = null;
        }

        var received = error is null ? interceptor.Received : null;
        var exchange = Record(sequence, request, interceptor.SentHeaders, received, clock.Elapsed, error);
        return received is null
            ? new RegistryResponse(0, new HeaderMap(), EmptyBody, exchange) { TransportError = error }
            : new RegistryResponse(received.Status, received.Headers, received.Body, exchange);
    }

    private static readonly ResponseBody EmptyBody = CreateEmptyBody();

    private static ResponseBody CreateEmptyBody()
    {
        using var digesting = new DigestingStream(Stream.Null);
        return new ResponseBody(ReadOnlyMemory<byte>.Empty, false, digesting.Complete());
    }

    private HttpExchange Record(int sequence, RegistryRequest request, IReadOnlyList<KeyValuePair<string, string>> sentHeaders, ReceivedResponse? received, TimeSpan elapsed, string? error)
    {
        (string Text, WireForm? Form)? body = received is null ? null : DescribeResponseBody(received.Body);
        return new()
        {
            Sequence = sequence,
            Method = request.Method.Method,
            Url = Redactor.Url(request.Url.ToString()),
            RequestHeaders = [.. sentHeaders.Select(h => RecordHeader(h.Key, h.Value))],
            RequestBody = request.Body is null ? null : DescribeRequestBody(request.Body),
            Status = received?.Status,
            ResponseHeaders = received is null ? [] : [.. received.Headers.Lines.Select(h => RecordHeader(h.Key, h.Value))],
            ResponseBody = body?.Text,
            ResponseBodyForm = body?.Form,
            ResponseLength = received?.Body.Length ?? 0,
            RequestLength = request.Body?.Length,
            DurationMs = Math.Round(elapsed.TotalMilliseconds, 1),
            Error = error ?? received?.BodyError,
        };
    }

    /// <summary>A header, redacted, its value as text or, when its bytes are not text a report can hold, hex.</summary>
    private HeaderLine RecordHeader(string name, string value)
    {
        var (shown, form) = WireText.HeaderValue(Redactor.Header(name, value));
        return new HeaderLine(name, shown) { Form = form == WireForm.Hex ? form : null };
    }

    /// <summary>The suite's own body: its text when it is short text, else what the step says it is.</summary>
    private string DescribeRequestBody(RequestBody body) =>
        body.Excerpt is { } bytes && bytes.Length <= ExcerptLimit && WireText.AsText(bytes.Span) is { } text
            ? Redactor.Text(text)
            : body.Description;

    /// <summary>
    /// The start of the registry's body: text when it is text, else the hex of its first bytes. Secrets are masked in
    /// the text, or in the bytes read one byte per character, so a token inside a binary body is masked as well.
    /// </summary>
    private (string Text, WireForm? Form) DescribeResponseBody(ResponseBody body)
    {
        if (body.Length == 0)
        {
            return ("", null);
        }

        var shown = body.Buffered.Length > ExcerptLimit ? body.Buffered[..ExcerptLimit] : body.Buffered;
        var cut = body.Length > shown.Length;
        if (WireText.AsText(shown.Span, cutShort: cut) is { } text)
        {
            var redacted = Redactor.Text(text);
            return (cut ? $"{redacted}… ({body.Length} bytes in all)" : redacted, null);
        }

        return (WireText.Hex(Encoding.Latin1.GetBytes(Redactor.Text(Encoding.Latin1.GetString(shown.Span)))), WireForm.Hex);
    }

    private static Method ToRestMethod(HttpMethod method) => method.Method switch
    {
        "GET" => Method.Get,
        "HEAD" => Method.Head,
        "POST" => Method.Post,
        "PUT" => Method.Put,
        "PATCH" => Method.Patch,
        "DELETE" => Method.Delete,
        "OPTIONS" => Method.Options,
        _ => throw new ArgumentException($"HTTP method {method} is not supported by the suite's client.", nameof(method)),
    };

    public void Dispose()
    {
        _anonymous?.Dispose();
        _pullOnly?.Dispose();
        if (_ownsConnections)
        {
            _rest.Dispose();
        }
    }

    private sealed record ReceivedResponse(int Status, HeaderMap Headers, ResponseBody Body, string? BodyError);

    /// <summary>
    /// Puts exactly the request's headers and body on the wire (RestSharp would add its own Accept and encodings),
    /// then streams the response body through the digesters in place of RestSharp, keeping only a bounded prefix.
    /// </summary>
    private sealed class ExchangeInterceptor(RegistryRequest request, string? authorization, TransferWatch transfers) : Interceptor
    {
        /// <summary>
        /// sha512 costs twice sha256, so a body too large to keep is hashed with it only when the request names a sha512
        /// digest (the first URL of the operation, before any redirect); a kept or unsized body always is.
        /// </summary>
        private bool NeedsSha512(long? contentLength) =>
            contentLength is not { } length || length <= MaxBufferedBody || request.Sha512;

        public CancellationToken Cancellation { get; set; }

        public List<KeyValuePair<string, string>> SentHeaders { get; } = [];

        public ReceivedResponse? Received { get; private set; }

        public override ValueTask BeforeHttpRequest(HttpRequestMessage message, CancellationToken cancellationToken)
        {
            message.Headers.Accept.Clear();
            message.Headers.AcceptEncoding.Clear();
            message.Headers.UserAgent.Clear();
            message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            message.Content = request.Body is { } body
                ? new StreamContent(transfers.Start(request, sending: true, body.Length) is { } meter ? new MeteredStream(body.Open(), meter) : body.Open())
                : null;
            if (message.Content is not null && request.Body!.Length is { } length)
            {
                message.Content.Headers.ContentLength = length;
            }

            foreach (var (name, value) in request.Headers)
            {
                if (!message.Headers.TryAddWithoutValidation(name, value))
                {
                    message.Content ??= new ByteArrayContent([]);
                    message.Content.Headers.Remove(name);
                    message.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            if (authorization is not null)
            {
                message.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
            }

            SentHeaders.AddRange(message.Headers.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value))));
            if (message.Content is not null)
            {
                SentHeaders.AddRange(message.Content.Headers.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value))));
            }

            return ValueTask.CompletedTask;
        }

        public override async ValueTask AfterHttpRequest(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var headers = new HeaderMap();
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                foreach (var value in values)
                {
                    headers.Add(name, value);
                }
            }

            await using var stream = await response.Content.ReadAsStreamAsync(Cancellation);
            var meter = transfers.Start(request, sending: false, response.Content.Headers.ContentLength);
            var read = await ResponseBodyReader.ReadAsync(stream, response.Content.Headers.ContentLength, NeedsSha512(response.Content.Headers.ContentLength), meter, Cancellation);
            Received = new ReceivedResponse((int)response.StatusCode, headers, read.Body, read.Error);
        }
    }
}
