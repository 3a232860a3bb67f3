namespace OciConformance.Reference.Tests;

[TestFixture]
public sealed class UploadTests
{
    private TestRegistry _registry = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _registry = await TestRegistry.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _registry.DisposeAsync();

    [Test]
    public async Task Post_answers_202_with_location_and_range()
    {
        using var response = await _registry.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/blobs/uploads/");
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(202));
            Assert.That(response.Headers.Location?.OriginalString, Does.Match("/blobs/uploads/[0-9a-f-]{36}$"));
            Assert.That(TestRegistry.Header(response, "Range"), Is.EqualTo("0-0"));
        });
    }

    [Test]
    public async Task Post_then_put_answers_201_with_location_and_digest()
    {
        var repo = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(500);
        var digest = TestRegistry.DigestOf(bytes);
        var location = await _registry.StartUploadAsync(repo);

        using var response = await _registry.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(location, $"digest={digest}"), TestRegistry.Octets(bytes));
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(201));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/v2/{repo}/blobs/{digest}"));
            Assert.That(TestRegistry.Header(response, "Docker-Content-Digest"), Is.EqualTo(digest));
        });
    }

    [Test]
    public async Task Single_post_with_digest_answers_201()
    {
        var repo = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(300);
        var digest = TestRegistry.DigestOf(bytes);

        using var response = await _registry.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/?digest={digest}", TestRegistry.Octets(bytes));
        using var pulled = await _registry.GetAsync($"/v2/{repo}/blobs/{digest}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(201));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/v2/{repo}/blobs/{digest}"));
            Assert.That(await pulled.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes));
        });
    }

    [Test]
    public async Task Single_post_with_wrong_digest_is_400_and_stores_nothing()
    {
        var repo = TestRegistry.NewRepo();
        var claimed = TestRegistry.DigestOf([1]);
        using var response = await _registry.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/?digest={claimed}", TestRegistry.Octets([2]));
        using var pulled = await _registry.GetAsync($"/v2/{repo}/blobs/{claimed}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(400));
            Assert.That(await TestRegistry.ErrorCodeAsync(response), Is.EqualTo("DIGEST_INVALID"));
            Assert.That((int)pulled.StatusCode, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Chunked_upload_with_status_and_out_of_order_chunk()
    {
        var repo = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(30);
        var digest = TestRegistry.DigestOf(bytes);
        var location = await _registry.StartUploadAsync(repo);

        using var first = await Patch(location, bytes[..10], "0-9");
        Assert.That((int)first.StatusCode, Is.EqualTo(202));
        Assert.That(TestRegistry.Header(first, "Range"), Is.EqualTo("0-9"));
        location = first.Headers.Location!.OriginalString;

        using var skipped = await Patch(location, bytes[20..], "20-29");
        Assert.That((int)skipped.StatusCode, Is.EqualTo(416));

        using var status = await _registry.GetAsync(location);
        Assert.Multiple(() =>
        {
            Assert.That((int)status.StatusCode, Is.EqualTo(204));
            Assert.That(TestRegistry.Header(status, "Range"), Is.EqualTo("0-9"));
            Assert.That(status.Headers.Location, Is.Not.Null);
        });

        using var second = await Patch(location, bytes[10..20], "10-19");
        Assert.That((int)second.StatusCode, Is.EqualTo(202));

        using var closing = await _registry.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(location, $"digest={digest}"), TestRegistry.Octets(bytes[20..]),
            r => r.Content!.Headers.TryAddWithoutValidation("Content-Range", "20-29"));
        using var pulled = await _registry.GetAsync($"/v2/{repo}/blobs/{digest}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)closing.StatusCode, Is.EqualTo(201));
            Assert.That(await pulled.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes));
        });
    }

    [Test]
    public async Task Streamed_patch_without_content_range_then_empty_put()
    {
        var repo = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(4096);
        var digest = TestRegistry.DigestOf(bytes);
        var location = await _registry.StartUploadAsync(repo);

        using var patch = await _registry.SendAsync(HttpMethod.Patch, location, new StreamContent(new MemoryStream(bytes)));
        using var put = await _registry.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(patch.Headers.Location!.OriginalString, $"digest={digest}"));
        Assert.Multiple(() =>
        {
            Assert.That((int)patch.StatusCode, Is.EqualTo(202));
            Assert.That(TestRegistry.Header(patch, "Range"), Is.EqualTo("0-4095"));
            Assert.That((int)put.StatusCode, Is.EqualTo(201));
        });
    }

    [Test]
    public async Task Put_with_mismatching_digest_is_400_DIGEST_INVALID()
    {
        var repo = TestRegistry.NewRepo();
        var location = await _registry.StartUploadAsync(repo);
        var wrong = TestRegistry.DigestOf([0xAA]);
        using var response = await _registry.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(location, $"digest={wrong}"), TestRegistry.Octets([0xBB]));
        using var pulled = await _registry.GetAsync($"/v2/{repo}/blobs/{wrong}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(400));
            Assert.That(await TestRegistry.ErrorCodeAsync(response), Is.EqualTo("DIGEST_INVALID"));
            Assert.That((int)pulled.StatusCode, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Put_without_digest_is_400()
    {
        var location = await _registry.StartUploadAsync(TestRegistry.NewRepo());
        using var response = await _registry.SendAsync(HttpMethod.Put, location, TestRegistry.Octets([1]));
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Cancel_answers_204_and_forgets_the_session()
    {
        var location = await _registry.StartUploadAsync(TestRegistry.NewRepo());
        using var cancel = await _registry.DeleteAsync(location);
        using var status = await _registry.GetAsync(location);
        Assert.Multiple(async () =>
        {
            Assert.That((int)cancel.StatusCode, Is.EqualTo(204));
            Assert.That((int)status.StatusCode, Is.EqualTo(404));
            Assert.That(await TestRegistry.ErrorCodeAsync(status), Is.EqualTo("BLOB_UPLOAD_UNKNOWN"));
        });
    }

    [Test]
    public async Task Session_of_another_repository_is_unknown()
    {
        var location = await _registry.StartUploadAsync(TestRegistry.NewRepo());
        var id = location[(location.LastIndexOf('/') + 1)..];
        using var status = await _registry.GetAsync($"/v2/{TestRegistry.NewRepo()}/blobs/uploads/{id}");
        Assert.That((int)status.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Mount_from_a_repository_holding_the_blob_answers_201()
    {
        var source = TestRegistry.NewRepo();
        var target = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(77);
        var digest = await _registry.PushBlobAsync(source, bytes);

        using var mount = await _registry.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={digest}&from={source}");
        using var pulled = await _registry.GetAsync($"/v2/{target}/blobs/{digest}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)mount.StatusCode, Is.EqualTo(201));
            Assert.That(mount.Headers.Location?.OriginalString, Is.EqualTo($"/v2/{target}/blobs/{digest}"));
            Assert.That(TestRegistry.Header(mount, "Docker-Content-Digest"), Is.EqualTo(digest));
            Assert.That(await pulled.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes));
        });
    }

    [Test]
    public async Task Mount_without_from_or_from_a_repository_lacking_it_opens_a_session()
    {
        var source = TestRegistry.NewRepo();
        var target = TestRegistry.NewRepo();
        var digest = await _registry.PushBlobAsync(source, TestRegistry.RandomBytes(20));

        using var withoutFrom = await _registry.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={digest}");
        using var wrongFrom = await _registry.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={digest}&from={TestRegistry.NewRepo()}");
        using var pulled = await _registry.GetAsync($"/v2/{target}/blobs/{digest}");
        Assert.Multiple(() =>
        {
            Assert.That((int)withoutFrom.StatusCode, Is.EqualTo(202));
            Assert.That(withoutFrom.Headers.Location, Is.Not.Null);
            Assert.That((int)wrongFrom.StatusCode, Is.EqualTo(202));
            Assert.That((int)pulled.StatusCode, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Sha512_blob_round_trips_with_digest_algorithm()
    {
        var repo = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(200);
        var digest = TestRegistry.Sha512Of(bytes);
        var location = await _registry.StartUploadAsync(repo, "?digest-algorithm=sha512");

        using var put = await _registry.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(location, $"digest={digest}"), TestRegistry.Octets(bytes));
        using var pulled = await _registry.GetAsync($"/v2/{repo}/blobs/{digest}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)put.StatusCode, Is.EqualTo(201));
            Assert.That(TestRegistry.Header(pulled, "Docker-Content-Digest"), Is.EqualTo(digest));
            Assert.That(await pulled.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes));
        });
    }

    [Test]
    public async Task Sha512_digest_on_a_sha256_session_is_still_verified()
    {
        var repo = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(64);
        var location = await _registry.StartUploadAsync(repo);
        using var put = await _registry.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(location, $"digest={TestRegistry.Sha512Of(bytes)}"), TestRegistry.Octets(bytes));
        Assert.That((int)put.StatusCode, Is.EqualTo(201));
    }

    [Test]
    public async Task Unknown_digest_algorithm_is_400()
    {
        using var response = await _registry.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/blobs/uploads/?digest-algorithm=md5");
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }

    private Task<HttpResponseMessage> Patch(string location, byte[] chunk, string range) =>
        _registry.SendAsync(HttpMethod.Patch, location, TestRegistry.Octets(chunk), r => r.Content!.Headers.TryAddWithoutValidation("Content-Range", range));
}
