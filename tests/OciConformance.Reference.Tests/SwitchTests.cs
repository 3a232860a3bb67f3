namespace OciConformance.Reference.Tests;

[TestFixture]
public sealed class SwitchTests
{
    [Test]
    public async Task Delete_disabled_answers_405_UNSUPPORTED_on_every_delete()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { DeleteEnabled = false });
        var repo = TestRegistry.NewRepo();
        var pushed = await registry.PushImageAsync(repo, "v1");
        var blob = await registry.PushBlobAsync(repo, [1, 2]);

        using var tag = await registry.DeleteAsync($"/v2/{repo}/manifests/v1");
        using var manifest = await registry.DeleteAsync($"/v2/{repo}/manifests/{pushed.Digest}");
        using var blobDelete = await registry.DeleteAsync($"/v2/{repo}/blobs/{blob}");
        using var still = await registry.GetAsync($"/v2/{repo}/manifests/v1");
        Assert.Multiple(async () =>
        {
            Assert.That((int)tag.StatusCode, Is.EqualTo(405));
            Assert.That((int)manifest.StatusCode, Is.EqualTo(405));
            Assert.That((int)blobDelete.StatusCode, Is.EqualTo(405));
            Assert.That(await TestRegistry.ErrorCodeAsync(blobDelete), Is.EqualTo("UNSUPPORTED"));
            Assert.That((int)still.StatusCode, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task Read_only_refuses_writes_and_serves_existing_content()
    {
        var storage = Directory.CreateTempSubdirectory("oci-ro-").FullName;
        try
        {
            var repo = TestRegistry.NewRepo();
            Pushed pushed;
            await using (var writable = await TestRegistry.StartAsync(new RegistryOptions { StoragePath = storage }))
            {
                pushed = await writable.PushImageAsync(repo, "v1");
            }

            await using var registry = await TestRegistry.StartAsync(new RegistryOptions { StoragePath = storage, ReadOnly = true });
            using var post = await registry.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/");
            using var put = await registry.PutManifestAsync(repo, "v2", pushed.Bytes, pushed.MediaType);
            using var delete = await registry.DeleteAsync($"/v2/{repo}/manifests/v1");
            using var get = await registry.GetAsync($"/v2/{repo}/manifests/v1");
            Assert.Multiple(async () =>
            {
                Assert.That((int)post.StatusCode, Is.EqualTo(405));
                Assert.That(await TestRegistry.ErrorCodeAsync(post), Is.EqualTo("UNSUPPORTED"));
                Assert.That((int)put.StatusCode, Is.EqualTo(405));
                Assert.That((int)delete.StatusCode, Is.EqualTo(405));
                Assert.That(await get.Content.ReadAsByteArrayAsync(), Is.EqualTo(pushed.Bytes));
            });
        }
        finally
        {
            Directory.Delete(storage, recursive: true);
        }
    }

    [Test]
    public async Task Base_endpoint_answers_200()
    {
        await using var registry = await TestRegistry.StartAsync();
        using var response = await registry.GetAsync("/v2/");
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(registry.Server.BaseAddress.ToString(), Does.Match(@"^http://127\.0\.0\.1:\d+/$"));
        });
    }
}
