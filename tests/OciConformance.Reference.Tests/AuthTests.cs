using System.Net.Http.Headers;
using System.Text;

namespace OciConformance.Reference.Tests;

[TestFixture]
public sealed class AuthTests
{
    private static readonly RegistryUser Writer = new("writer", "w-pass", ["pull", "push", "delete"]);
    private static readonly RegistryUser Reader = new("reader", "r-pass", ["pull"]);

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
    public async Task Auth_without_users_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await ReferenceRegistry.StartAsync(new RegistryOptions { Auth = RegistryAuthMode.Basic }));
    }
}
