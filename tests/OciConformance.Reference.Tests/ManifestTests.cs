using System.Text;

namespace OciConformance.Reference.Tests;

[TestFixture]
public sealed class ManifestTests
{
    private const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    private const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static readonly string[] TagParameters = ["1.0", "latest"];
    private TestRegistry _registry = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _registry = await TestRegistry.StartAsync(new RegistryOptions { MaxManifestBytes = 64 * 1024 });

    [OneTimeTearDown]
    public async Task StopAsync() => await _registry.DisposeAsync();

    [Test]
    public async Task Put_by_tag_answers_201_with_location_and_digest()
    {
        var repo = TestRegistry.NewRepo();
        var config = await _registry.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        var body = TestRegistry.ImageManifest(config, []);
        using var response = await _registry.PutManifestAsync(repo, "v1", body, TestRegistry.ImageManifestType);
        var digest = TestRegistry.DigestOf(body);
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(201));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/v2/{repo}/manifests/{digest}"));
            Assert.That(TestRegistry.Header(response, "Docker-Content-Digest"), Is.EqualTo(digest));
        });
    }

    [Test]
    public async Task Get_by_tag_and_digest_returns_the_pushed_bytes_and_type()
    {
        var repo = TestRegistry.NewRepo();
        var pushed = await _registry.PushImageAsync(repo, "v1");

        foreach (var reference in new[] { "v1", pushed.Digest })
        {
            using var response = await _registry.GetAsync($"/v2/{repo}/manifests/{reference}");
            Assert.Multiple(async () =>
            {
                Assert.That((int)response.StatusCode, Is.EqualTo(200));
                Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo(TestRegistry.ImageManifestType));
                Assert.That(TestRegistry.Header(response, "Docker-Content-Digest"), Is.EqualTo(pushed.Digest));
                Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(pushed.Bytes));
            });
        }
    }

    [Test]
    public async Task Bytes_are_kept_exactly_even_with_odd_whitespace()
    {
        var repo = TestRegistry.NewRepo();
        var config = await _registry.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        var json = $"{{ \"schemaVersion\" :2,\n\t\"mediaType\":\"{TestRegistry.ImageManifestType}\",  \"config\": {config.ToJson().ToJsonString()}, \"layers\":[] }}\n";
        var pushed = await _registry.PushManifestAsync(repo, "odd", Encoding.UTF8.GetBytes(json), TestRegistry.ImageManifestType);
        using var response = await _registry.GetAsync($"/v2/{repo}/manifests/odd");
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(pushed.Bytes));
    }

    [Test]
    public async Task Head_reports_length_digest_and_type()
    {
        var repo = TestRegistry.NewRepo();
        var pushed = await _registry.PushImageAsync(repo, "v1");
        using var response = await _registry.HeadAsync($"/v2/{repo}/manifests/v1");
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(pushed.Bytes.Length));
            Assert.That(TestRegistry.Header(response, "Docker-Content-Digest"), Is.EqualTo(pushed.Digest));
        });
    }

    [Test]
    public async Task Unknown_manifest_is_404_MANIFEST_UNKNOWN()
    {
        var repo = TestRegistry.NewRepo();
        await _registry.PushImageAsync(repo, "v1");
        using var byTag = await _registry.GetAsync($"/v2/{repo}/manifests/nope");
        using var byDigest = await _registry.HeadAsync($"/v2/{repo}/manifests/{TestRegistry.DigestOf([7])}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)byTag.StatusCode, Is.EqualTo(404));
            Assert.That(await TestRegistry.ErrorCodeAsync(byTag), Is.EqualTo("MANIFEST_UNKNOWN"));
            Assert.That((int)byDigest.StatusCode, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Put_by_digest_must_match_the_body()
    {
        var repo = TestRegistry.NewRepo();
        var config = await _registry.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        var body = TestRegistry.ImageManifest(config, []);
        using var wrong = await _registry.PutManifestAsync(repo, TestRegistry.DigestOf([1]), body, TestRegistry.ImageManifestType);
        using var right = await _registry.PutManifestAsync(repo, TestRegistry.DigestOf(body), body, TestRegistry.ImageManifestType);
        Assert.Multiple(async () =>
        {
            Assert.That((int)wrong.StatusCode, Is.EqualTo(400));
            Assert.That(await TestRegistry.ErrorCodeAsync(wrong), Is.EqualTo("DIGEST_INVALID"));
            Assert.That((int)right.StatusCode, Is.EqualTo(201));
        });
    }

    [Test]
    public async Task Put_by_digest_with_tag_parameters_answers_OCI_Tag()
    {
        var repo = TestRegistry.NewRepo();
        var config = await _registry.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        var body = TestRegistry.ImageManifest(config, []);
        using var response = await _registry.PutManifestAsync(repo, TestRegistry.DigestOf(body) + "?tag=1.0&tag=latest", body, TestRegistry.ImageManifestType);
        using var tagged = await _registry.GetAsync($"/v2/{repo}/manifests/latest");
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(201));
            Assert.That(response.Headers.GetValues("OCI-Tag"), Is.EquivalentTo(TagParameters));
            Assert.That((int)tagged.StatusCode, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task Manifest_referring_to_missing_blobs_is_MANIFEST_BLOB_UNKNOWN()
    {
        var repo = TestRegistry.NewRepo();
        var config = new Desc(TestRegistry.ConfigType, TestRegistry.DigestOf([1, 2]), 2);
        using var response = await _registry.PutManifestAsync(repo, "v1", TestRegistry.ImageManifest(config, []), TestRegistry.ImageManifestType);
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(400));
            Assert.That(await TestRegistry.ErrorCodeAsync(response), Is.EqualTo("MANIFEST_BLOB_UNKNOWN"));
        });
    }

    [Test]
    public async Task Index_children_must_exist_as_manifests()
    {
        var repo = TestRegistry.NewRepo();
        var child = await _registry.PushImageAsync(repo, null);
        var missing = new Desc(TestRegistry.ImageManifestType, TestRegistry.DigestOf([5]), 1);

        using var bad = await _registry.PutManifestAsync(repo, "multi", TestRegistry.Index([child.Descriptor, missing]), TestRegistry.IndexType);
        using var good = await _registry.PutManifestAsync(repo, "multi", TestRegistry.Index([child.Descriptor]), TestRegistry.IndexType);
        Assert.Multiple(async () =>
        {
            Assert.That((int)bad.StatusCode, Is.EqualTo(400));
            Assert.That(await TestRegistry.ErrorCodeAsync(bad), Is.EqualTo("MANIFEST_BLOB_UNKNOWN"));
            Assert.That((int)good.StatusCode, Is.EqualTo(201));
        });
    }

    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("{\"schemaVersion\":1,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"size\":1},\"layers\":[]}")]
    [TestCase("{\"schemaVersion\":2,\"layers\":[]}")]
    [TestCase("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"bad\",\"size\":1},\"layers\":[]}")]
    public async Task Malformed_manifest_is_400_MANIFEST_INVALID(string body)
    {
        using var response = await _registry.PutManifestAsync(TestRegistry.NewRepo(), "v1", Encoding.UTF8.GetBytes(body), TestRegistry.ImageManifestType);
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(400));
            Assert.That(await TestRegistry.ErrorCodeAsync(response), Is.EqualTo("MANIFEST_INVALID"));
        });
    }

    [Test]
    public async Task MediaType_field_and_Content_Type_must_agree()
    {
        var repo = TestRegistry.NewRepo();
        var config = await _registry.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        using var response = await _registry.PutManifestAsync(repo, "v1", TestRegistry.ImageManifest(config, []), TestRegistry.IndexType);
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Content_Type_parameters_are_ignored()
    {
        var repo = TestRegistry.NewRepo();
        var config = await _registry.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        using var response = await _registry.PutManifestAsync(repo, "v1", TestRegistry.ImageManifest(config, []), TestRegistry.ImageManifestType + "; charset=utf-8");
        Assert.That((int)response.StatusCode, Is.EqualTo(201));
    }

    [Test]
    public async Task Oversize_manifest_is_413()
    {
        var repo = TestRegistry.NewRepo();
        var config = await _registry.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        var annotations = new Dictionary<string, string> { ["pad"] = new string('x', 70 * 1024) };
        using var response = await _registry.PutManifestAsync(repo, "big", TestRegistry.ImageManifest(config, [], annotations: annotations), TestRegistry.ImageManifestType);
        Assert.That((int)response.StatusCode, Is.EqualTo(413));
    }

    [Test]
    public async Task Invalid_tag_is_refused_on_put()
    {
        var repo = TestRegistry.NewRepo();
        var config = await _registry.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        using var response = await _registry.PutManifestAsync(repo, "-bad", TestRegistry.ImageManifest(config, []), TestRegistry.ImageManifestType);
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Docker_manifest_and_list_are_accepted()
    {
        var repo = TestRegistry.NewRepo();
        var config = await _registry.PushBlobDescAsync(repo, "{}"u8.ToArray(), "application/vnd.docker.container.image.v1+json");
        var layer = await _registry.PushBlobDescAsync(repo, TestRegistry.RandomBytes(10), "application/vnd.docker.image.rootfs.diff.tar.gzip");
        var manifest = Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{DockerManifest}\",\"config\":{config.ToJson().ToJsonString()},\"layers\":[{layer.ToJson().ToJsonString()}]}}");
        var pushed = await _registry.PushManifestAsync(repo, "docker", manifest, DockerManifest);
        var list = Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{DockerList}\",\"manifests\":[{pushed.Descriptor.ToJson().ToJsonString()}]}}");
        await _registry.PushManifestAsync(repo, "list", list, DockerList);

        using var response = await _registry.GetAsync($"/v2/{repo}/manifests/list");
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo(DockerList));
    }

    [Test]
    public async Task Artifact_manifest_is_refused_while_the_proposal_is_off()
    {
        var repo = TestRegistry.NewRepo();
        var body = Encoding.UTF8.GetBytes("{\"mediaType\":\"application/vnd.oci.artifact.manifest.v1+json\",\"artifactType\":\"application/x.test\"}");
        using var response = await _registry.PutManifestAsync(repo, "a", body, "application/vnd.oci.artifact.manifest.v1+json");
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Delete_by_tag_removes_only_the_tag()
    {
        var repo = TestRegistry.NewRepo();
        var pushed = await _registry.PushImageAsync(repo, "v1");
        using var deleted = await _registry.DeleteAsync($"/v2/{repo}/manifests/v1");
        using var byTag = await _registry.GetAsync($"/v2/{repo}/manifests/v1");
        using var byDigest = await _registry.GetAsync($"/v2/{repo}/manifests/{pushed.Digest}");
        Assert.Multiple(() =>
        {
            Assert.That((int)deleted.StatusCode, Is.EqualTo(202));
            Assert.That((int)byTag.StatusCode, Is.EqualTo(404));
            Assert.That((int)byDigest.StatusCode, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task Delete_by_digest_removes_manifest_and_its_tags()
    {
        var repo = TestRegistry.NewRepo();
        var pushed = await _registry.PushImageAsync(repo, "v1");
        using var deleted = await _registry.DeleteAsync($"/v2/{repo}/manifests/{pushed.Digest}");
        using var byTag = await _registry.GetAsync($"/v2/{repo}/manifests/v1");
        using var byDigest = await _registry.GetAsync($"/v2/{repo}/manifests/{pushed.Digest}");
        using var again = await _registry.DeleteAsync($"/v2/{repo}/manifests/{pushed.Digest}");
        Assert.Multiple(() =>
        {
            Assert.That((int)deleted.StatusCode, Is.EqualTo(202));
            Assert.That((int)byTag.StatusCode, Is.EqualTo(404));
            Assert.That((int)byDigest.StatusCode, Is.EqualTo(404));
            Assert.That((int)again.StatusCode, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Delete_in_unknown_repository_is_404()
    {
        using var response = await _registry.DeleteAsync($"/v2/{TestRegistry.NewRepo()}/manifests/{TestRegistry.DigestOf([3])}");
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Sha512_manifest_by_digest()
    {
        var repo = TestRegistry.NewRepo();
        var config = await _registry.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        var body = TestRegistry.ImageManifest(config, []);
        var digest = TestRegistry.Sha512Of(body);
        using var put = await _registry.PutManifestAsync(repo, digest, body, TestRegistry.ImageManifestType);
        using var get = await _registry.GetAsync($"/v2/{repo}/manifests/{digest}");
        Assert.Multiple(() =>
        {
            Assert.That((int)put.StatusCode, Is.EqualTo(201));
            Assert.That(TestRegistry.Header(get, "Docker-Content-Digest"), Is.EqualTo(digest));
        });
    }
}
