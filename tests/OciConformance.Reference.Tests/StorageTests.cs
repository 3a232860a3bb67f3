namespace OciConformance.Reference.Tests;

[TestFixture]
public sealed class StorageTests
{
    private static readonly string[] OnlyV2 = ["v2"];

    private string _storage = null!;

    [SetUp]
    public void CreateFolder() => _storage = Directory.CreateTempSubdirectory("oci-storage-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_storage, recursive: true);

    [Test]
    public async Task Upload_in_progress_is_invisible_until_its_put_commits()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { StoragePath = _storage });
        var repo = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(2048);
        var digest = TestRegistry.DigestOf(bytes);
        var location = await registry.StartUploadAsync(repo);

        using var patch = await registry.SendAsync(HttpMethod.Patch, location, TestRegistry.Octets(bytes));
        using var before = await registry.HeadAsync($"/v2/{repo}/blobs/{digest}");
        var blobFiles = Directory.EnumerateFiles(Path.Combine(_storage, "blobs"), "*", SearchOption.AllDirectories).ToList();
        using var put = await registry.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(patch.Headers.Location!.OriginalString, $"digest={digest}"));
        using var after = await registry.GetAsync($"/v2/{repo}/blobs/{digest}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)patch.StatusCode, Is.EqualTo(202));
            Assert.That((int)before.StatusCode, Is.EqualTo(404));
            Assert.That(blobFiles, Is.Empty, "no partial blob in the published area");
            Assert.That((int)put.StatusCode, Is.EqualTo(201));
            Assert.That(await after.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes));
            Assert.That(Directory.EnumerateFiles(Path.Combine(_storage, "uploads")), Is.Empty, "the upload file was moved, not copied");
        });
    }

    [Test]
    public async Task Restart_over_the_same_folder_keeps_content()
    {
        var repo = TestRegistry.NewRepo();
        Pushed image;
        Pushed referrer;
        string blob;
        var blobBytes = TestRegistry.RandomBytes(999);
        await using (var first = await TestRegistry.StartAsync(new RegistryOptions { StoragePath = _storage }))
        {
            image = await first.PushImageAsync(repo, "v1");
            referrer = await first.PushImageAsync(repo, null, image.Descriptor, "application/vnd.example.sbom.v1");
            blob = await first.PushBlobAsync(repo, blobBytes);
            using var deleted = await first.DeleteAsync($"/v2/{repo}/manifests/v1");
            await first.PushManifestAsync(repo, "v2", image.Bytes, image.MediaType);
        }

        await using var second = await TestRegistry.StartAsync(new RegistryOptions { StoragePath = _storage });
        using var manifest = await second.GetAsync($"/v2/{repo}/manifests/v2");
        using var oldTag = await second.GetAsync($"/v2/{repo}/manifests/v1");
        using var blobResponse = await second.GetAsync($"/v2/{repo}/blobs/{blob}");
        using var tags = await second.GetAsync($"/v2/{repo}/tags/list");
        using var referrers = await second.GetAsync($"/v2/{repo}/referrers/{image.Digest}");
        Assert.Multiple(async () =>
        {
            Assert.That(await manifest.Content.ReadAsByteArrayAsync(), Is.EqualTo(image.Bytes));
            Assert.That(manifest.Content.Headers.ContentType?.MediaType, Is.EqualTo(image.MediaType));
            Assert.That((int)oldTag.StatusCode, Is.EqualTo(404));
            Assert.That(await blobResponse.Content.ReadAsByteArrayAsync(), Is.EqualTo(blobBytes));
            Assert.That((await TestRegistry.JsonAsync(tags))["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(OnlyV2));
            Assert.That((await TestRegistry.JsonAsync(referrers))["manifests"]![0]!["digest"]!.GetValue<string>(), Is.EqualTo(referrer.Digest));
        });
    }

    [Test]
    public async Task Deleting_the_last_link_removes_the_blob_file()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { StoragePath = _storage });
        var repo = TestRegistry.NewRepo();
        var digest = await registry.PushBlobAsync(repo, TestRegistry.RandomBytes(10));
        using var deleted = await registry.DeleteAsync($"/v2/{repo}/blobs/{digest}");
        Assert.That(File.Exists(Path.Combine(_storage, "blobs", "sha256", digest["sha256:".Length..])), Is.False);
    }

    [Test]
    public async Task Large_chunked_upload_is_streamed_to_disk_and_back()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { StoragePath = _storage });
        var repo = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(3 * 1024 * 1024 + 17);
        var digest = TestRegistry.DigestOf(bytes);
        var location = await registry.StartUploadAsync(repo);
        const int chunk = 1024 * 1024;
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            var end = Math.Min(bytes.Length, offset + chunk);
            using var patch = await registry.SendAsync(HttpMethod.Patch, location, TestRegistry.Octets(bytes[offset..end]),
                m => m.Content!.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{end - 1}"));
            Assert.That((int)patch.StatusCode, Is.EqualTo(202));
            location = patch.Headers.Location!.OriginalString;
        }

        using var put = await registry.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(location, $"digest={digest}"));
        using var get = await registry.GetAsync($"/v2/{repo}/blobs/{digest}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)put.StatusCode, Is.EqualTo(201));
            Assert.That(await get.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes));
        });
    }
}
