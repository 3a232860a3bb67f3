namespace OciConformance.Reference.Tests;

[TestFixture]
public sealed class ConcurrencyTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task Parallel_pushes_to_one_repository_all_land(bool onDisk)
    {
        var storage = onDisk ? Directory.CreateTempSubdirectory("oci-parallel-").FullName : null;
        try
        {
            await using var registry = await TestRegistry.StartAsync(new RegistryOptions { StoragePath = storage });
            var repo = TestRegistry.NewRepo();
            var shared = TestRegistry.RandomBytes(4096);

            // Every pusher uploads the same shared layer plus its own, then tags its own image.
            var pushes = Enumerable.Range(0, 16).Select(async i =>
            {
                await registry.PushBlobAsync(repo, shared);
                return await registry.PushImageAsync(repo, $"t{i:D2}");
            });
            var images = await Task.WhenAll(pushes);

            using var tags = await registry.GetAsync($"/v2/{repo}/tags/list");
            var listed = (await TestRegistry.JsonAsync(tags))["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
            using var sharedBlob = await registry.GetAsync($"/v2/{repo}/blobs/{TestRegistry.DigestOf(shared)}");
            Assert.Multiple(async () =>
            {
                Assert.That(listed, Has.Count.EqualTo(16));
                Assert.That(await sharedBlob.Content.ReadAsByteArrayAsync(), Is.EqualTo(shared));
            });
            foreach (var (image, i) in images.Select((image, i) => (image, i)))
            {
                using var manifest = await registry.GetAsync($"/v2/{repo}/manifests/t{i:D2}");
                Assert.That(await manifest.Content.ReadAsByteArrayAsync(), Is.EqualTo(image.Bytes));
            }
        }
        finally
        {
            if (storage is not null)
            {
                Directory.Delete(storage, recursive: true);
            }
        }
    }

    [Test]
    public async Task Concurrent_chunks_on_one_session_never_interleave()
    {
        await using var registry = await TestRegistry.StartAsync();
        var repo = TestRegistry.NewRepo();
        var location = await registry.StartUploadAsync(repo);
        var chunks = Enumerable.Range(0, 8).Select(i => Enumerable.Repeat((byte)i, 1000).ToArray()).ToList();

        var responses = await Task.WhenAll(chunks.Select(c => registry.SendAsync(HttpMethod.Patch, location, TestRegistry.Octets(c))));
        using var status = await registry.GetAsync(location);
        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => (int)r.StatusCode), Has.All.EqualTo(202));
            Assert.That(TestRegistry.Header(status, "Range"), Is.EqualTo("0-7999"));
        });
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
