using System.Text;
using OciConformance.Http;
using OciConformance.Testing;

namespace OciConformance.Engine.Tests;

public sealed class RegistryClientTests
{
    private const string Password = "pa55-word-never-shown";
    private static readonly RegistryCredentials Alice = new("alice", Password);

    private static string Basic(RegistryCredentials c) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Username}:{c.Password}"));

    private static RegistryClient Client(Uri baseAddress, RegistryCredentials? credentials = null, double timeoutSeconds = 10) =>
        new(baseAddress, credentials, TimeSpan.FromSeconds(timeoutSeconds), new Redactor());

    private static string Everything(ExchangeLog log) => string.Join("\n", log.Snapshot().Select(e => e.ToTranscript()));

    [Test]
    public async Task Basic_challenges_are_answered_and_credentials_never_recorded()
    {
        await using var server = new StubServer(context => context.Request.Headers["Authorization"] == Basic(Alice)
            ? StubServer.Respond(context, 200, "{}")
            : StubServer.Respond(context, 401, """{"errors":[{"code":"UNAUTHORIZED","message":"no"}]}""", ("WWW-Authenticate", "Basic realm=\"test\"")));
        using var client = Client(server.BaseAddress, Alice);
        var log = new ExchangeLog();

        var response = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(server.BaseAddress, "/v2/")), log, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(200));
            Assert.That(log.Snapshot(), Has.Count.EqualTo(2), "the challenge and the authenticated retry are both recorded");
            Assert.That(Everything(log), Does.Not.Contain(Password).And.Not.Contain(Basic(Alice)[6..]).And.Contain("Basic <redacted>"));
        });
    }

    [Test]
    public async Task Bearer_tokens_are_fetched_per_scope_cached_and_redacted()
    {
        const string token = "tok-abcdef-123456";
        Uri? realm = null;
        await using var server = new StubServer(context =>
        {
            var path = context.Request.Url!.AbsolutePath;
            if (path == "/token")
            {
                return context.Request.Headers["Authorization"] == Basic(Alice) && context.Request.Url.Query.Contains("scope=repository%3Aa%2Fb%3Apull", StringComparison.Ordinal)
                    ? StubServer.Respond(context, 200, $$"""{"token":"{{token}}"}""")
                    : StubServer.Respond(context, 401);
            }

            return context.Request.Headers["Authorization"] == $"Bearer {token}"
                ? StubServer.Respond(context, 200, """{"name":"a/b","tags":[]}""")
                : StubServer.Respond(context, 401, "", ("WWW-Authenticate", $"Bearer realm=\"{realm}\",service=\"stub\",scope=\"repository:a/b:pull\""));
        });
        realm = new Uri(server.BaseAddress, "/token");
        using var client = Client(server.BaseAddress, Alice);
        var log = new ExchangeLog();
        var url = new Uri(server.BaseAddress, "/v2/a/b/tags/list");

        var first = await client.SendAsync(new RegistryRequest(HttpMethod.Get, url), log, CancellationToken.None);
        var second = await client.SendAsync(new RegistryRequest(HttpMethod.Get, url), log, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(200));
            Assert.That(second.Status, Is.EqualTo(200));
            Assert.That(server.Requests.Count(r => r.Path.StartsWith("/token", StringComparison.Ordinal)), Is.EqualTo(1), "the token is reused for the same scope");
            Assert.That(Everything(log), Does.Not.Contain(token).And.Not.Contain(Password));
        });
    }

    [Test]
    public async Task Credentials_are_not_carried_to_another_host_on_redirect()
    {
        await using var elsewhere = new StubServer(context => StubServer.Respond(context, 200, "blob"), "127.0.0.2");
        await using var registry = new StubServer(context => context.Request.Headers["Authorization"] is null
            ? StubServer.Respond(context, 401, "", ("WWW-Authenticate", "Basic realm=\"r\""))
            : StubServer.Respond(context, 307, "", ("Location", new Uri(elsewhere.BaseAddress, "/storage/blob").ToString())));
        using var client = Client(registry.BaseAddress, Alice);

        var response = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(registry.BaseAddress, "/v2/a/blobs/sha256:00")), new ExchangeLog(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(200));
            Assert.That(response.Body.Text, Is.EqualTo("blob"));
            Assert.That(elsewhere.Requests.Single().Authorization, Is.Null);
        });
    }

    [Test]
    public async Task A_registry_that_hangs_yields_a_time_out_not_a_hang()
    {
        await using var server = new StubServer(async context => await Task.Delay(TimeSpan.FromSeconds(30)));
        using var client = Client(server.BaseAddress, timeoutSeconds: 1);

        var response = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(server.BaseAddress, "/v2/")), new ExchangeLog(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.Zero);
            Assert.That(response.TransportError, Does.Contain("time-out"));
        });
    }

    [Test]
    public async Task A_refused_connection_is_a_transport_error_not_an_exception()
    {
        using var client = Client(new Uri($"http://127.0.0.1:{Loopback.FreePort()}/"));
        var response = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(client.BaseAddress, "/v2/")), new ExchangeLog(), CancellationToken.None);
        Assert.That(response.TransportError, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task Huge_bodies_are_hashed_whole_but_kept_only_in_part()
    {
        const int size = RegistryClient.MaxBufferedBody + 1_000_000;
        await using var server = new StubServer(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentLength64 = size;
            var chunk = new byte[65536];
            for (var sent = 0; sent < size; sent += chunk.Length)
            {
                await context.Response.OutputStream.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, size - sent)));
            }

            context.Response.Close();
        });
        using var client = Client(server.BaseAddress);

        var response = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(server.BaseAddress, "/v2/big")), new ExchangeLog(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.Body.Length, Is.EqualTo(size));
            Assert.That(response.Body.Truncated, Is.True);
            Assert.That(response.Body.Buffered.Length, Is.EqualTo(64 * 1024), "of a body too large to keep, only its start is kept");
        });
    }
}
