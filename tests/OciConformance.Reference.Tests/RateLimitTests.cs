namespace OciConformance.Reference.Tests;

/// <summary>The rate-limit switch: every Nth request to /v2/ is refused with 429 TOOMANYREQUESTS and Retry-After, and not acted on.</summary>
[TestFixture]
public sealed class RateLimitTests
{
    [Test]
    public async Task Every_nth_request_is_answered_429_with_retry_after_and_a_spec_error_body()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { RateLimitEvery = 3, RateLimitRetryAfterSeconds = 7 });

        var statuses = new List<int>();
        HttpResponseMessage? throttled = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await registry.GetAsync("/v2/");
            statuses.Add((int)response.StatusCode);
            if ((int)response.StatusCode == 429)
            {
                throttled?.Dispose();
                throttled = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using (throttled)
        {
            var body = await TestRegistry.JsonAsync(throttled!);
            Assert.Multiple(() =>
            {
                Assert.That(statuses, Is.EqualTo(new[] { 200, 200, 429, 200, 200, 429 }));
                Assert.That(throttled!.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)));
                Assert.That(throttled.Headers.GetValues("Docker-Distribution-API-Version"), Is.EqualTo(new[] { "registry/2.0" }));
                Assert.That(throttled.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
                Assert.That(body["errors"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("TOOMANYREQUESTS"));
                Assert.That(body["errors"]![0]!["message"]!.GetValue<string>(), Is.Not.Empty);
            });
        }
    }

    [Test]
    public async Task A_throttled_write_is_not_acted_on()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { RateLimitEvery = 2 });
        var repo = TestRegistry.NewRepo();
        var manifest = TestRegistry.ImageManifest(new Desc(TestRegistry.ConfigType, TestRegistry.DigestOf([]), 0), []);

        using var first = await registry.GetAsync("/v2/");
        using var put = await registry.PutManifestAsync(repo, "v1", manifest, TestRegistry.ImageManifestType);
        using var get = await registry.GetAsync($"/v2/{repo}/manifests/v1");

        Assert.Multiple(() =>
        {
            Assert.That((int)first.StatusCode, Is.EqualTo(200));
            Assert.That((int)put.StatusCode, Is.EqualTo(429), "the second request is throttled");
            Assert.That((int)get.StatusCode, Is.EqualTo(404), "the throttled PUT stored nothing");
        });
    }

    [Test]
    public async Task Off_by_default_and_the_token_endpoint_is_never_counted()
    {
        await using var plain = await TestRegistry.StartAsync();
        var statuses = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await plain.GetAsync("/v2/");
            statuses.Add((int)response.StatusCode);
        }

        await using var limited = await TestRegistry.StartAsync(new RegistryOptions { RateLimitEvery = 1 });
        using var token = await limited.GetAsync("/token?service=oci-conformance-reference");
        using var v2 = await limited.GetAsync("/v2/");

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.EqualTo(200));
            Assert.That((int)token.StatusCode, Is.Not.EqualTo(429), "only /v2/ is rate-limited");
            Assert.That((int)v2.StatusCode, Is.EqualTo(429), "with every 1st request limited, each /v2/ request is");
        });
    }

    [Test]
    public async Task Negative_settings_are_refused_naming_them()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(async () => await ReferenceRegistry.StartAsync(new RegistryOptions { RateLimitEvery = -1 }));
        Assert.That(exception!.Message, Does.Contain("RateLimitEvery"));
    }
}
