using System.Net.Http.Headers;

namespace OciConformance.Reference.Tests;

[TestFixture]
public sealed class BlobTests
{
    private TestRegistry _registry = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _registry = await TestRegistry.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _registry.DisposeAsync();

    [Test]
    public async Task Get_returns_exact_bytes_with_digest_header()
    {
        var repo = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(100_000);
        var digest = await _registry.PushBlobAsync(repo, bytes);

        using var response = await _registry.GetAsync($"/v2/{repo}/blobs/{digest}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(TestRegistry.Header(response, "Docker-Content-Digest"), Is.EqualTo(digest));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes));
        });
    }

    [Test]
    public async Task Head_reports_length_and_digest_without_body()
    {
        var repo = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(1234);
        var digest = await _registry.PushBlobAsync(repo, bytes);

        using var response = await _registry.HeadAsync($"/v2/{repo}/blobs/{digest}");
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(1234));
            Assert.That(TestRegistry.Header(response, "Docker-Content-Digest"), Is.EqualTo(digest));
        });
    }

    [TestCase("bytes=10-19", 10, 19)]
    [TestCase("bytes=990-", 990, 999)]
    [TestCase("bytes=-5", 995, 999)]
    [TestCase("bytes=995-5000", 995, 999)]
    public async Task Range_answers_206_with_content_range(string range, int start, int end)
    {
        var repo = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(1000);
        var digest = await _registry.PushBlobAsync(repo, bytes);

        using var response = await _registry.SendAsync(HttpMethod.Get, $"/v2/{repo}/blobs/{digest}", configure: r => r.Headers.Range = RangeHeaderValue.Parse(range));
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(206));
            Assert.That(response.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes {start}-{end}/1000"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes[start..(end + 1)]));
        });
    }

    [Test]
    public async Task Unsatisfiable_range_answers_416()
    {
        var repo = TestRegistry.NewRepo();
        var digest = await _registry.PushBlobAsync(repo, TestRegistry.RandomBytes(10));

        using var response = await _registry.SendAsync(HttpMethod.Get, $"/v2/{repo}/blobs/{digest}", configure: r => r.Headers.Range = RangeHeaderValue.Parse("bytes=10-20"));
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(416));
            Assert.That(response.Content.Headers.ContentRange?.ToString(), Is.EqualTo("bytes */10"));
        });
    }

    [Test]
    public async Task Unknown_blob_is_404_BLOB_UNKNOWN()
    {
        var repo = TestRegistry.NewRepo();
        using var response = await _registry.GetAsync($"/v2/{repo}/blobs/{TestRegistry.DigestOf([1, 2, 3])}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(404));
            Assert.That(await TestRegistry.ErrorCodeAsync(response), Is.EqualTo("BLOB_UNKNOWN"));
        });
    }

    [TestCase("sha256:abc")]
    [TestCase("sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [TestCase("nocolon")]
    public async Task Invalid_digest_is_400_DIGEST_INVALID(string digest)
    {
        using var response = await _registry.GetAsync($"/v2/{TestRegistry.NewRepo()}/blobs/{digest}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(400));
            Assert.That(await TestRegistry.ErrorCodeAsync(response), Is.EqualTo("DIGEST_INVALID"));
        });
    }

    [Test]
    public async Task Repositories_are_isolated()
    {
        var digest = await _registry.PushBlobAsync(TestRegistry.NewRepo(), TestRegistry.RandomBytes(32));
        using var response = await _registry.GetAsync($"/v2/{TestRegistry.NewRepo()}/blobs/{digest}");
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Delete_answers_202_then_404()
    {
        var repo = TestRegistry.NewRepo();
        var digest = await _registry.PushBlobAsync(repo, TestRegistry.RandomBytes(32));

        using var deleted = await _registry.DeleteAsync($"/v2/{repo}/blobs/{digest}");
        using var after = await _registry.GetAsync($"/v2/{repo}/blobs/{digest}");
        using var again = await _registry.DeleteAsync($"/v2/{repo}/blobs/{digest}");
        Assert.Multiple(() =>
        {
            Assert.That((int)deleted.StatusCode, Is.EqualTo(202));
            Assert.That((int)after.StatusCode, Is.EqualTo(404));
            Assert.That((int)again.StatusCode, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Deleting_from_one_repository_keeps_the_blob_in_another()
    {
        var bytes = TestRegistry.RandomBytes(48);
        var first = TestRegistry.NewRepo();
        var second = TestRegistry.NewRepo();
        var digest = await _registry.PushBlobAsync(first, bytes);
        await _registry.PushBlobAsync(second, bytes);

        using var deleted = await _registry.DeleteAsync($"/v2/{first}/blobs/{digest}");
        using var other = await _registry.GetAsync($"/v2/{second}/blobs/{digest}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)deleted.StatusCode, Is.EqualTo(202));
            Assert.That(await other.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes));
        });
    }

    [TestCase("UPPER/case")]
    [TestCase("a//b")]
    [TestCase("-leading")]
    [TestCase("trailing-")]
    public async Task Invalid_repository_name_is_400_NAME_INVALID(string name)
    {
        using var response = await _registry.GetAsync($"/v2/{name}/blobs/{TestRegistry.DigestOf([1])}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(400));
            Assert.That(await TestRegistry.ErrorCodeAsync(response), Is.EqualTo("NAME_INVALID"));
        });
    }

    [Test]
    public async Task Error_body_has_the_spec_shape()
    {
        using var response = await _registry.GetAsync($"/v2/{TestRegistry.NewRepo()}/blobs/{TestRegistry.DigestOf([9])}");
        var error = (await TestRegistry.JsonAsync(response))["errors"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(error["code"]!.GetValue<string>(), Does.Match("^[A-Z_]+$"));
            Assert.That(error["message"], Is.Not.Null);
        });
    }

    [Test]
    public async Task Wrong_method_is_405_UNSUPPORTED()
    {
        using var response = await _registry.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/tags/list");
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(405));
            Assert.That(await TestRegistry.ErrorCodeAsync(response), Is.EqualTo("UNSUPPORTED"));
        });
    }
}
