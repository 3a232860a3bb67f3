using System.Net.Http.Headers;
using System.Text;

namespace OciConformance.Reference.Tests;

[TestFixture]
public sealed class AuthTests
{
    private static readonly RegistryUser Writer = new("writer", "w-pass", ["pull", "push", "delete"]);
    private static readonly RegistryUser Reader = new("reader", "r-pass", ["pull"]);

    /// <summary>Token auth with a writer, a pull-only reader and anonymous pulls: what the auth profile runs against.</summary>
    internal static readonly RegistryOptions TokenAuth = new() { Auth = RegistryAuthMode.Token, Users = [Writer, Reader], AnonymousPull = true };

    internal static AuthenticationHeaderValue WriterBasic => Basic(Writer.Name, Writer.Password);

    internal static AuthenticationHeaderValue ReaderBasic => Basic(Reader.Name, Reader.Password);

    /// <summary>The GET form: <c>/token?service=…&amp;scope=…</c> plus <paramref name="query"/>, with Basic credentials or none.</summary>
    internal static Task<HttpResponseMessage> GetTokenAsync(TestRegistry registry, string scope, AuthenticationHeaderValue? credentials, string query = "") =>
        registry.SendAsync(HttpMethod.Get, $"/token?service=oci-conformance-reference&scope={Uri.EscapeDataString(scope)}{query}",
            configure: m => m.Headers.Authorization = credentials);

    /// <summary>The OAuth2 form: a form-encoded POST, naming the service and the client unless the fields do.</summary>
    internal static Task<HttpResponseMessage> PostTokenAsync(TestRegistry registry, params (string Name, string Value)[] fields)
    {
        IEnumerable<(string Name, string Value)> named = [("service", "oci-conformance-reference"), ("client_id", "tests")];
        var form = named.Where(n => fields.All(f => f.Name != n.Name)).Concat(fields).Select(f => KeyValuePair.Create(f.Name, f.Value));
        return registry.SendAsync(HttpMethod.Post, "/token", new FormUrlEncodedContent(form));
    }

    /// <summary>A password grant for the writer.</summary>
    internal static Task<HttpResponseMessage> PasswordGrantAsync(TestRegistry registry, string scope, bool offline = false) =>
        PostTokenAsync(registry, [("grant_type", "password"), ("username", Writer.Name), ("password", Writer.Password), ("scope", scope), .. offline ? [("access_type", "offline")] : Array.Empty<(string, string)>()]);

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    internal static async Task<string> TokenAsync(TestRegistry registry, string user, string password, string scope)
    {
        using var response = await registry.SendAsync(HttpMethod.Get, $"/token?service=oci-conformance-reference&scope={Uri.EscapeDataString(scope)}",
            configure: m => m.Headers.Authorization = Basic(user, password));
        Assert.That((int)response.StatusCode, Is.EqualTo(200), "token request");
        return (await TestRegistry.JsonAsync(response))["token"]!.GetValue<string>();
    }

    private static Action<HttpRequestMessage> With(AuthenticationHeaderValue header) => m => m.Headers.Authorization = header;

    [Test]
    public async Task Basic_challenges_without_credentials_and_checks_actions()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { Auth = RegistryAuthMode.Basic, Users = [Writer, Reader] });
        var repo = TestRegistry.NewRepo();

        using var anonymous = await registry.GetAsync("/v2/");
        using var wrongPassword = await registry.SendAsync(HttpMethod.Get, "/v2/", configure: With(Basic("writer", "nope")));
        using var writerBase = await registry.SendAsync(HttpMethod.Get, "/v2/", configure: With(Basic("writer", "w-pass")));
        using var readerPush = await registry.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/", configure: With(Basic("reader", "r-pass")));
        using var writerPush = await registry.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/", configure: With(Basic("writer", "w-pass")));
        Assert.Multiple(async () =>
        {
            Assert.That((int)anonymous.StatusCode, Is.EqualTo(401));
            Assert.That(anonymous.Headers.WwwAuthenticate.ToString(), Does.StartWith("Basic realm="));
            Assert.That(await TestRegistry.ErrorCodeAsync(anonymous), Is.EqualTo("UNAUTHORIZED"));
            Assert.That((int)wrongPassword.StatusCode, Is.EqualTo(401));
            Assert.That((int)writerBase.StatusCode, Is.EqualTo(200));
            Assert.That((int)readerPush.StatusCode, Is.EqualTo(403));
            Assert.That(await TestRegistry.ErrorCodeAsync(readerPush), Is.EqualTo("DENIED"));
            Assert.That((int)writerPush.StatusCode, Is.EqualTo(202));
        });
    }

    [Test]
    public async Task Token_flow_challenges_then_grants_the_scope()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { Auth = RegistryAuthMode.Token, Users = [Writer, Reader] });
        var repo = TestRegistry.NewRepo();

        using var challenge = await registry.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/");
        var header = challenge.Headers.WwwAuthenticate.ToString();
        Assert.Multiple(() =>
        {
            Assert.That((int)challenge.StatusCode, Is.EqualTo(401));
            Assert.That(header, Does.StartWith("Bearer realm=\"" + registry.Server.BaseAddress + "token\""));
            Assert.That(header, Does.Contain("service=\"oci-conformance-reference\""));
            Assert.That(header, Does.Contain($"scope=\"repository:{repo}:pull,push\""));
        });

        var token = await TokenAsync(registry, "writer", "w-pass", $"repository:{repo}:pull,push");
        using var push = await registry.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/", configure: With(new AuthenticationHeaderValue("Bearer", token)));
        using var otherRepo = await registry.SendAsync(HttpMethod.Get, $"/v2/{TestRegistry.NewRepo()}/tags/list", configure: With(new AuthenticationHeaderValue("Bearer", token)));
        using var deleteWithoutScope = await registry.SendAsync(HttpMethod.Delete, $"/v2/{repo}/blobs/{TestRegistry.DigestOf([1])}", configure: With(new AuthenticationHeaderValue("Bearer", token)));
        Assert.Multiple(() =>
        {
            Assert.That((int)push.StatusCode, Is.EqualTo(202));
            Assert.That((int)otherRepo.StatusCode, Is.EqualTo(401));
            Assert.That((int)deleteWithoutScope.StatusCode, Is.EqualTo(401));
            Assert.That(deleteWithoutScope.Headers.WwwAuthenticate.ToString(), Does.Contain("insufficient_scope"));
        });
    }

    [Test]
    public async Task Token_service_refuses_a_push_with_a_pull_only_token()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { Auth = RegistryAuthMode.Token, Users = [Writer, Reader] });
        var repo = TestRegistry.NewRepo();

        // The reader asks for push too; the service narrows the token to what the reader holds.
        var token = await TokenAsync(registry, "reader", "r-pass", $"repository:{repo}:pull,push");
        using var push = await registry.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/", configure: With(new AuthenticationHeaderValue("Bearer", token)));
        using var pull = await registry.SendAsync(HttpMethod.Get, $"/v2/{repo}/blobs/{TestRegistry.DigestOf([1])}", configure: With(new AuthenticationHeaderValue("Bearer", token)));
        Assert.Multiple(async () =>
        {
            Assert.That((int)push.StatusCode, Is.EqualTo(403));
            Assert.That(await TestRegistry.ErrorCodeAsync(push), Is.EqualTo("DENIED"));
            Assert.That((int)pull.StatusCode, Is.EqualTo(404), "the pull scope is granted, the blob just does not exist");
        });
    }

    [Test]
    public async Task Token_endpoint_needs_valid_credentials()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { Auth = RegistryAuthMode.Token, Users = [Writer] });
        using var anonymous = await registry.GetAsync("/token?scope=repository:a:pull");
        using var wrong = await registry.SendAsync(HttpMethod.Get, "/token?scope=repository:a:pull", configure: With(Basic("writer", "bad")));
        using var bogusToken = await registry.SendAsync(HttpMethod.Get, "/v2/", configure: With(new AuthenticationHeaderValue("Bearer", "made-up")));
        Assert.Multiple(() =>
        {
            Assert.That((int)anonymous.StatusCode, Is.EqualTo(401));
            Assert.That((int)wrong.StatusCode, Is.EqualTo(401));
            Assert.That((int)bogusToken.StatusCode, Is.EqualTo(401));
        });
    }

    [Test]
    public async Task Anonymous_tokens_pull_and_are_asked_to_authenticate_for_more()
    {
        await using var registry = await TestRegistry.StartAsync(TokenAuth);
        var repo = TestRegistry.NewRepo();

        using var answer = await GetTokenAsync(registry, $"repository:{repo}:pull,push", credentials: null, "&offline_token=true");
        var json = await TestRegistry.JsonAsync(answer);
        var token = new AuthenticationHeaderValue("Bearer", json["token"]!.GetValue<string>());
        using var pull = await registry.SendAsync(HttpMethod.Get, $"/v2/{repo}/tags/list", configure: With(token));
        using var push = await registry.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/", configure: With(token));
        Assert.Multiple(() =>
        {
            Assert.That((int)answer.StatusCode, Is.EqualTo(200));
            Assert.That(json["refresh_token"], Is.Null, "an anonymous client gets no refresh token");
            Assert.That((int)pull.StatusCode, Is.EqualTo(404), "pull is granted; the repository just does not exist");
            Assert.That((int)push.StatusCode, Is.EqualTo(401), "credentials may hold the push an anonymous token lacks");
            Assert.That(push.Headers.WwwAuthenticate.ToString(), Does.Contain("insufficient_scope"));
        });
    }

    [Test]
    public async Task Without_anonymous_pulls_a_token_needs_credentials()
    {
        await using var registry = await TestRegistry.StartAsync(TokenAuth with { AnonymousPull = false });

        using var anonymous = await GetTokenAsync(registry, "repository:a/b:pull", credentials: null);

        Assert.That((int)anonymous.StatusCode, Is.EqualTo(401));
    }

    [Test]
    public async Task The_get_form_answers_token_lifetime_and_issue_time_and_a_refresh_token_when_offline()
    {
        await using var registry = await TestRegistry.StartAsync(TokenAuth);

        using var online = await GetTokenAsync(registry, "repository:a/b:pull", WriterBasic);
        using var offline = await GetTokenAsync(registry, "repository:a/b:pull", WriterBasic, "&offline_token=true");
        var (first, second) = (await TestRegistry.JsonAsync(online), await TestRegistry.JsonAsync(offline));
        Assert.Multiple(() =>
        {
            Assert.That(first["token"]!.GetValue<string>(), Is.EqualTo(first["access_token"]!.GetValue<string>()));
            Assert.That(first["expires_in"]!.GetValue<int>(), Is.EqualTo(3600));
            Assert.That(first["issued_at"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"));
            Assert.That(first["refresh_token"], Is.Null);
            Assert.That(second["refresh_token"]!.GetValue<string>(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task The_oauth_password_grant_answers_the_granted_scope_and_a_refresh_token_gets_a_wider_one()
    {
        await using var registry = await TestRegistry.StartAsync(TokenAuth);
        var repo = TestRegistry.NewRepo();

        using var password = await PasswordGrantAsync(registry, $"repository:{repo}:pull", offline: true);
        var granted = await TestRegistry.JsonAsync(password);
        var refreshToken = granted["refresh_token"]!.GetValue<string>();
        using var refreshed = await PostTokenAsync(registry, ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("scope", $"repository:{repo}:pull,push"));
        var wider = await TestRegistry.JsonAsync(refreshed);
        using var push = await registry.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/",
            configure: With(new AuthenticationHeaderValue("Bearer", wider["access_token"]!.GetValue<string>())));
        Assert.Multiple(() =>
        {
            Assert.That((int)password.StatusCode, Is.EqualTo(200));
            Assert.That(granted["scope"]!.GetValue<string>(), Is.EqualTo($"repository:{repo}:pull"));
            Assert.That(granted["expires_in"]!.GetValue<int>(), Is.EqualTo(3600));
            Assert.That(granted["token"], Is.Null, "the OAuth2 answer names the token access_token only");
            Assert.That((int)refreshed.StatusCode, Is.EqualTo(200));
            Assert.That(wider["scope"]!.GetValue<string>(), Is.EqualTo($"repository:{repo}:pull,push"));
            Assert.That(wider["refresh_token"]!.GetValue<string>(), Is.EqualTo(refreshToken), "a refresh grant hands back the same refresh token");
            Assert.That((int)push.StatusCode, Is.EqualTo(202));
        });
    }

    [Test]
    public async Task The_oauth_form_refuses_with_oauth_errors()
    {
        await using var registry = await TestRegistry.StartAsync(TokenAuth);
        using var offline = await PasswordGrantAsync(registry, "repository:a/b:pull", offline: true);
        var refreshToken = (await TestRegistry.JsonAsync(offline))["refresh_token"]!.GetValue<string>();

        using var wrongPassword = await PostTokenAsync(registry, ("grant_type", "password"), ("username", Writer.Name), ("password", "nope"));
        using var otherService = await PostTokenAsync(registry, ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("service", "elsewhere"));
        using var noClient = await PostTokenAsync(registry, ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", ""));
        using var unknownGrant = await PostTokenAsync(registry, ("grant_type", "authorization_code"));
        using var notForm = await registry.SendAsync(HttpMethod.Post, "/token", new StringContent("{}", Encoding.UTF8, "application/json"));
        using var put = await registry.SendAsync(HttpMethod.Put, "/token");
        Assert.Multiple(async () =>
        {
            Assert.That((await TestRegistry.JsonAsync(wrongPassword))["error"]!.GetValue<string>(), Is.EqualTo("invalid_grant"));
            Assert.That((await TestRegistry.JsonAsync(otherService))["error"]!.GetValue<string>(), Is.EqualTo("invalid_grant"), "a refresh token is good for its own service only");
            Assert.That((await TestRegistry.JsonAsync(noClient))["error"]!.GetValue<string>(), Is.EqualTo("invalid_request"));
            Assert.That((await TestRegistry.JsonAsync(unknownGrant))["error"]!.GetValue<string>(), Is.EqualTo("unsupported_grant_type"));
            Assert.That((await TestRegistry.JsonAsync(notForm))["error"]!.GetValue<string>(), Is.EqualTo("invalid_request"));
            Assert.That(new[] { wrongPassword, otherService, noClient, unknownGrant, notForm }.Select(r => (int)r.StatusCode), Is.All.EqualTo(400));
            Assert.That((int)put.StatusCode, Is.EqualTo(405));
        });
    }

    [Test]
    public async Task Anonymous_pulls_need_token_auth()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await ReferenceRegistry.StartAsync(new RegistryOptions { AnonymousPull = true }));
    }

    [Test]
    public async Task Auth_without_users_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await ReferenceRegistry.StartAsync(new RegistryOptions { Auth = RegistryAuthMode.Basic }));
    }
}
