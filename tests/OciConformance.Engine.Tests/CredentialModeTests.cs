using System.Text;
using OciConformance.Http;

namespace OciConformance.Engine.Tests;

/// <summary>
/// A request goes as the configured user, as nobody, or as the pull-only account; each identity answers challenges
/// with its own credentials and keeps its own tokens, and the client finds the token server the way docker clients do.
/// </summary>
public sealed class CredentialModeTests
{
    private static readonly RegistryCredentials Alice = new("alice", "alice-secret-1");
    private static readonly RegistryCredentials Reader = new("reader", "reader-secret-1");

    private static string Basic(RegistryCredentials c) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Username}:{c.Password}"));

    private static RegistryClient Client(Uri baseAddress, RegistryCredentials? pullOnly = null) =>
        new(baseAddress, Alice, TimeSpan.FromSeconds(10), new Redactor(), pullOnly);

    private static string Everything(ExchangeLog log) => string.Join("\n", log.Snapshot().Select(e => e.ToTranscript()));

    /// <summary>
    /// A token registry: <c>/token</c> hands each user the token <c>tok-&lt;user&gt;</c>; every other path wants one
    /// and answers 401 with <paramref name="challenge"/> (null: no challenge at all, except on <c>/v2/</c>).
    /// </summary>
    private static StubServer TokenRegistry(Func<Uri, string?> challenge) => TokenRegistry(challenge, out _);

    private static StubServer TokenRegistry(Func<Uri, string?> challenge, out List<string> tokenQueries)
    {
        var queries = tokenQueries = [];
        StubServer? server = null;
        server = new StubServer(context =>
        {
            var request = context.Request;
            var realm = new Uri(server!.BaseAddress, "/token");
            if (request.Url!.AbsolutePath == "/token")
            {
                lock (queries)
                {
                    queries.Add(request.Url.Query);
                }

                var user = new[] { Alice, Reader }.FirstOrDefault(c => request.Headers["Authorization"] == Basic(c));
                return user is null ? StubServer.Respond(context, 401) : StubServer.Respond(context, 200, $$"""{"token":"tok-{{user.Username}}"}""");
            }

            if (request.Headers["Authorization"] is { } bearer && bearer.StartsWith("Bearer tok-", StringComparison.Ordinal))
            {
                return StubServer.Respond(context, 200, "{}");
            }

            var header = request.Url.AbsolutePath == "/v2/" ? $"Bearer realm=\"{realm}\",service=\"stub\"" : challenge(realm);
            return header is null ? StubServer.Respond(context, 401) : StubServer.Respond(context, 401, "", ("WWW-Authenticate", header));
        });
        return server;
    }

    [Test]
    public async Task A_request_without_credentials_leaves_the_challenge_unanswered()
    {
        await using var server = TokenRegistry(realm => $"Bearer realm=\"{realm}\",service=\"stub\",scope=\"repository:a/b:pull\"");
        using var client = Client(server.BaseAddress);
        var log = new ExchangeLog();

        var response = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(server.BaseAddress, "/v2/a/b/tags/list")) { Credentials = RequestCredentials.None }, log, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(401));
            Assert.That(server.Requests, Has.Count.EqualTo(1), "no token is fetched and nothing is retried");
            Assert.That(server.Requests.Single().Authorization, Is.Null);
        });
    }

    [Test]
    public async Task The_pull_only_account_answers_with_its_own_credentials_and_keeps_its_own_tokens()
    {
        await using var server = TokenRegistry(realm => $"Bearer realm=\"{realm}\",service=\"stub\",scope=\"repository:a/b:pull\"");
        using var client = Client(server.BaseAddress, Reader);
        var log = new ExchangeLog();
        var url = new Uri(server.BaseAddress, "/v2/a/b/tags/list");

        var asUser = await client.SendAsync(new RegistryRequest(HttpMethod.Get, url), log, CancellationToken.None);
        var asReader = await client.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Credentials = RequestCredentials.PullOnly }, log, CancellationToken.None);
        var again = await client.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Credentials = RequestCredentials.PullOnly }, log, CancellationToken.None);

        var tokenRequests = server.Requests.Where(r => r.Path.StartsWith("/token", StringComparison.Ordinal)).Select(r => r.Authorization).ToList();
        var listings = server.Requests.Where(r => r.Path.StartsWith("/v2/", StringComparison.Ordinal) && r.Authorization is not null).Select(r => r.Authorization).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(new[] { asUser.Status, asReader.Status, again.Status }, Is.All.EqualTo(200));
            Assert.That(tokenRequests, Is.EqualTo(new[] { Basic(Alice), Basic(Reader) }), "one token per identity, each asked with its own account");
            Assert.That(listings, Is.EqualTo(new[] { "Bearer tok-alice", "Bearer tok-reader", "Bearer tok-reader" }), "the pull-only token is reused, never the user's");
            Assert.That(Everything(log), Does.Not.Contain(Reader.Password).And.Not.Contain(Basic(Reader)[6..]).And.Not.Contain("tok-reader"));
        });
    }

    [Test]
    public async Task Asking_for_the_pull_only_account_when_none_is_configured_is_refused_before_sending()
    {
        await using var server = TokenRegistry(_ => null);
        using var client = Client(server.BaseAddress);

        var refused = await Assert.ThrowsAsync<MissingCredentialsException>(() => client.SendAsync(
            new RegistryRequest(HttpMethod.Get, new Uri(server.BaseAddress, "/v2/")) { Credentials = RequestCredentials.PullOnly }, new ExchangeLog(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Credentials, Is.EqualTo(RequestCredentials.PullOnly));
            Assert.That(() => client.CredentialsFor(RequestCredentials.PullOnly), Throws.TypeOf<MissingCredentialsException>());
            Assert.That(client.CredentialsFor(RequestCredentials.None), Is.Null);
            Assert.That(client.CredentialsFor(RequestCredentials.Configured), Is.EqualTo(Alice));
            Assert.That(server.Requests, Is.Empty);
        });
    }

    [TestCase("POST", "/v2/a/b/blobs/uploads/", "repository:a/b:pull,push")]
    [TestCase("GET", "/v2/a/b/manifests/v1", "repository:a/b:pull")]
    [TestCase("DELETE", "/v2/a/b/manifests/v1", "repository:a/b:delete")]
    [TestCase("GET", "/v2/a/b/_oras/artifacts/referrers?digest=sha256:00", "repository:a/b:pull")]
    [TestCase("POST", "/v2/a/b/blobs/uploads/?mount=sha256:00&from=src/c", "repository:a/b:pull,push", "repository:src/c:pull")]
    public async Task A_challenge_without_a_scope_gets_the_scope_the_request_needs(string method, string path, params string[] scopes)
    {
        await using var server = TokenRegistry(realm => $"Bearer realm=\"{realm}\",service=\"stub\"", out var queries);
        using var client = Client(server.BaseAddress);

        var response = await client.SendAsync(new RegistryRequest(new HttpMethod(method), new Uri(server.BaseAddress, path)), new ExchangeLog(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(200));
            Assert.That(queries.Single(), Is.EqualTo("?service=stub" + string.Concat(scopes.Select(scope => $"&scope={Uri.EscapeDataString(scope)}"))));
        });
    }

    [Test]
    public async Task A_401_without_a_challenge_is_answered_with_the_token_server_learned_at_v2()
    {
        await using var server = TokenRegistry(_ => null, out var queries);
        using var client = Client(server.BaseAddress);
        var log = new ExchangeLog();

        var before = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(server.BaseAddress, "/v2/a/b/tags/list")), log, CancellationToken.None);
        var ping = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(server.BaseAddress, "/v2/")), log, CancellationToken.None);
        var after = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(server.BaseAddress, "/v2/a/b/tags/list")), log, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(before.Status, Is.EqualTo(401), "with no challenge seen yet there is no token server to ask");
            Assert.That(ping.Status, Is.EqualTo(200));
            Assert.That(after.Status, Is.EqualTo(200));
            Assert.That(queries.Last(), Is.EqualTo($"?service=stub&scope={Uri.EscapeDataString("repository:a/b:pull")}"));
        });
    }

    [Test]
    public async Task A_mount_asks_for_a_token_of_its_own_rather_than_reusing_the_push_token()
    {
        await using var server = TokenRegistry(realm => $"Bearer realm=\"{realm}\",service=\"stub\",scope=\"repository:a/b:pull,push repository:src/c:pull\"", out var queries);
        using var client = Client(server.BaseAddress);
        var log = new ExchangeLog();

        await client.SendAsync(new RegistryRequest(HttpMethod.Post, new Uri(server.BaseAddress, "/v2/a/b/blobs/uploads/")), log, CancellationToken.None);
        await client.SendAsync(new RegistryRequest(HttpMethod.Post, new Uri(server.BaseAddress, "/v2/a/b/blobs/uploads/?mount=sha256:00&from=src/c")), log, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(queries, Has.Count.EqualTo(2), "the mount was challenged and fetched the token that covers its source");
            Assert.That(server.Requests.Count(r => r.Method == "POST" && r.Authorization is null), Is.EqualTo(2), "the push token was not tried on the mount");
            Assert.That(queries[1], Does.Contain("scope=repository%3Asrc%2Fc%3Apull"));
        });
    }
}
