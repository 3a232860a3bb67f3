using System.Text;
using System.Text.Json.Nodes;

namespace OciConformance.Reference.Tests;

[TestFixture]
public sealed class ReferrersTests
{
    private const string Sbom = "application/vnd.example.sbom.v1";
    private const string Signature = "application/vnd.example.signature.v1";
    private const string ArtifactManifestType = "application/vnd.oci.artifact.manifest.v1+json";
    private const string OrasManifestType = "application/vnd.cncf.oras.artifact.manifest.v1+json";
    private TestRegistry _registry = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _registry = await TestRegistry.StartAsync(new RegistryOptions { ArtifactManifest = true, OrasArtifacts = true });

    [OneTimeTearDown]
    public async Task StopAsync() => await _registry.DisposeAsync();

    [Test]
    public async Task Lists_referrers_with_artifact_type_and_annotations()
    {
        var repo = TestRegistry.NewRepo();
        var subject = await _registry.PushImageAsync(repo, "v1");
        var annotations = new Dictionary<string, string> { ["org.example.kind"] = "sbom" };
        var sbom = await _registry.PushImageAsync(repo, null, subject.Descriptor, Sbom, annotations);
        var byConfig = await _registry.PushImageAsync(repo, null, subject.Descriptor, configType: Signature);
        var index = await _registry.PushManifestAsync(repo, null, TestRegistry.Index([], subject.Descriptor), TestRegistry.IndexType);

        using var response = await _registry.GetAsync($"/v2/{repo}/referrers/{subject.Digest}");
        var body = await TestRegistry.JsonAsync(response);
        var manifests = body["manifests"]!.AsArray().ToDictionary(m => m!["digest"]!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo(TestRegistry.IndexType));
            Assert.That(body["schemaVersion"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(body["mediaType"]!.GetValue<string>(), Is.EqualTo(TestRegistry.IndexType));
            Assert.That(manifests.Keys, Is.EquivalentTo(new[] { sbom.Digest, byConfig.Digest, index.Digest }));
            Assert.That(manifests[sbom.Digest]!["artifactType"]!.GetValue<string>(), Is.EqualTo(Sbom));
            Assert.That(manifests[sbom.Digest]!["annotations"]!["org.example.kind"]!.GetValue<string>(), Is.EqualTo("sbom"));
            Assert.That(manifests[sbom.Digest]!["size"]!.GetValue<long>(), Is.EqualTo(sbom.Bytes.Length));
            Assert.That(manifests[sbom.Digest]!["mediaType"]!.GetValue<string>(), Is.EqualTo(TestRegistry.ImageManifestType));
            Assert.That(manifests[byConfig.Digest]!["artifactType"]!.GetValue<string>(), Is.EqualTo(Signature));
            Assert.That(manifests[index.Digest]!.AsObject().ContainsKey("artifactType"), Is.False);
        });
    }

    [Test]
    public async Task Put_with_subject_answers_OCI_Subject()
    {
        var repo = TestRegistry.NewRepo();
        var subject = await _registry.PushImageAsync(repo, "v1");
        var config = await _registry.PushBlobDescAsync(repo, "{}"u8.ToArray(), "application/vnd.oci.empty.v1+json");
        using var response = await _registry.PutManifestAsync(repo, "sig", TestRegistry.ImageManifest(config, [], subject.Descriptor, Signature), TestRegistry.ImageManifestType);
        Assert.That(TestRegistry.Header(response, "OCI-Subject"), Is.EqualTo(subject.Digest));
    }

    [Test]
    public async Task Referrer_pushed_before_its_subject_is_accepted_and_listed()
    {
        var repo = TestRegistry.NewRepo();
        var absent = new Desc(TestRegistry.ImageManifestType, TestRegistry.DigestOf([4, 2]), 2);
        var sbom = await _registry.PushImageAsync(repo, null, absent, Sbom);
        using var response = await _registry.GetAsync($"/v2/{repo}/referrers/{absent.Digest}");
        var digests = (await TestRegistry.JsonAsync(response))["manifests"]!.AsArray().Select(m => m!["digest"]!.GetValue<string>());
        Assert.That(digests, Is.EqualTo(new[] { sbom.Digest }));
    }

    [Test]
    public async Task Empty_result_is_an_empty_index_even_for_unknown_repositories()
    {
        using var response = await _registry.GetAsync($"/v2/{TestRegistry.NewRepo()}/referrers/{TestRegistry.DigestOf([1])}");
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That((await TestRegistry.JsonAsync(response))["manifests"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task Invalid_digest_is_400()
    {
        using var response = await _registry.GetAsync($"/v2/{TestRegistry.NewRepo()}/referrers/sha256:nothex");
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Artifact_type_filter_is_applied_and_announced()
    {
        var repo = TestRegistry.NewRepo();
        var subject = await _registry.PushImageAsync(repo, "v1");
        var sbom = await _registry.PushImageAsync(repo, null, subject.Descriptor, Sbom);
        await _registry.PushImageAsync(repo, null, subject.Descriptor, Signature);

        using var response = await _registry.GetAsync($"/v2/{repo}/referrers/{subject.Digest}?artifactType={Uri.EscapeDataString(Sbom)}");
        var digests = (await TestRegistry.JsonAsync(response))["manifests"]!.AsArray().Select(m => m!["digest"]!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(TestRegistry.Header(response, "OCI-Filters-Applied"), Is.EqualTo("artifactType"));
            Assert.That(digests, Is.EqualTo(new[] { sbom.Digest }));
        });
    }

    [Test]
    public async Task Deleted_referrer_is_no_longer_listed()
    {
        var repo = TestRegistry.NewRepo();
        var subject = await _registry.PushImageAsync(repo, "v1");
        var sbom = await _registry.PushImageAsync(repo, null, subject.Descriptor, Sbom);
        using var deleted = await _registry.DeleteAsync($"/v2/{repo}/manifests/{sbom.Digest}");
        using var response = await _registry.GetAsync($"/v2/{repo}/referrers/{subject.Digest}");
        Assert.That((await TestRegistry.JsonAsync(response))["manifests"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Referrers_of_another_repository_are_not_listed()
    {
        var repo = TestRegistry.NewRepo();
        var subject = await _registry.PushImageAsync(repo, "v1");
        await _registry.PushImageAsync(repo, null, subject.Descriptor, Sbom);
        using var response = await _registry.GetAsync($"/v2/{TestRegistry.NewRepo()}/referrers/{subject.Digest}");
        Assert.That((await TestRegistry.JsonAsync(response))["manifests"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Pagination_uses_link_headers()
    {
        await using var paged = await TestRegistry.StartAsync(new RegistryOptions { ReferrersPageSize = 2 });
        var repo = TestRegistry.NewRepo();
        var subject = await paged.PushImageAsync(repo, "v1");
        var expected = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            expected.Add((await paged.PushImageAsync(repo, null, subject.Descriptor, Sbom)).Digest);
        }

        var seen = new List<string>();
        var next = $"/v2/{repo}/referrers/{subject.Digest}";
        var pages = 0;
        while (next is not null && pages++ < 10)
        {
            using var response = await paged.GetAsync(next);
            var page = (await TestRegistry.JsonAsync(response))["manifests"]!.AsArray().Select(m => m!["digest"]!.GetValue<string>()).ToList();
            Assert.That(page, Has.Count.LessThanOrEqualTo(2));
            seen.AddRange(page);
            next = response.Headers.TryGetValues("Link", out var links) ? links.First().Split('<', '>')[1] : null;
        }

        Assert.Multiple(() =>
        {
            Assert.That(pages, Is.EqualTo(3));
            Assert.That(seen, Is.EquivalentTo(expected));
        });
    }

    [Test]
    public async Task Without_the_referrers_api_the_endpoint_is_404_and_no_OCI_Subject_is_sent()
    {
        await using var plain = await TestRegistry.StartAsync(new RegistryOptions { ReferrersApi = false });
        var repo = TestRegistry.NewRepo();
        var subject = await plain.PushImageAsync(repo, "v1");
        var config = await plain.PushBlobDescAsync(repo, "{}"u8.ToArray(), "application/vnd.oci.empty.v1+json");
        using var put = await plain.PutManifestAsync(repo, "sig", TestRegistry.ImageManifest(config, [], subject.Descriptor, Signature), TestRegistry.ImageManifestType);
        using var response = await plain.GetAsync($"/v2/{repo}/referrers/{subject.Digest}");
        Assert.Multiple(() =>
        {
            Assert.That((int)put.StatusCode, Is.EqualTo(201));
            Assert.That(TestRegistry.Header(put, "OCI-Subject"), Is.Null);
            Assert.That((int)response.StatusCode, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Fallback_tag_schema_index_can_be_pushed_and_pulled()
    {
        await using var plain = await TestRegistry.StartAsync(new RegistryOptions { ReferrersApi = false });
        var repo = TestRegistry.NewRepo();
        var subject = await plain.PushImageAsync(repo, "v1");
        var sbom = await plain.PushImageAsync(repo, null, subject.Descriptor, Sbom);
        var tag = subject.Digest.Replace(':', '-');
        var fallback = await plain.PushManifestAsync(repo, tag, TestRegistry.Index([sbom.Descriptor]), TestRegistry.IndexType);
        using var response = await plain.GetAsync($"/v2/{repo}/manifests/{tag}");
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(fallback.Bytes));
    }

    [Test]
    public async Task Artifact_manifest_is_accepted_and_listed_when_switched_on()
    {
        var repo = TestRegistry.NewRepo();
        var subject = await _registry.PushImageAsync(repo, "v1");
        var blob = await _registry.PushBlobDescAsync(repo, TestRegistry.RandomBytes(16), "application/octet-stream");
        var artifact = new JsonObject
        {
            ["mediaType"] = ArtifactManifestType,
            ["artifactType"] = Sbom,
            ["blobs"] = new JsonArray(blob.ToJson()),
            ["subject"] = subject.Descriptor.ToJson(),
        };
        var pushed = await _registry.PushManifestAsync(repo, null, Encoding.UTF8.GetBytes(artifact.ToJsonString()), ArtifactManifestType);
        using var response = await _registry.GetAsync($"/v2/{repo}/referrers/{subject.Digest}");
        var entry = (await TestRegistry.JsonAsync(response))["manifests"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(entry["digest"]!.GetValue<string>(), Is.EqualTo(pushed.Digest));
            Assert.That(entry["mediaType"]!.GetValue<string>(), Is.EqualTo(ArtifactManifestType));
            Assert.That(entry["artifactType"]!.GetValue<string>(), Is.EqualTo(Sbom));
        });
    }

    [Test]
    public async Task Oras_artifact_and_its_referrers_extension()
    {
        var repo = TestRegistry.NewRepo();
        var subject = await _registry.PushImageAsync(repo, "v1");
        var older = await PushOras(repo, subject.Descriptor, "2022-01-01T00:00:00Z");
        var newer = await PushOras(repo, subject.Descriptor, "2023-01-01T00:00:00Z");

        using var discover = await _registry.GetAsync($"/v2/{repo}/_oci/ext/discover");
        using var all = await _registry.GetAsync($"/v2/{repo}/_oras/artifacts/referrers?digest={subject.Digest}");
        using var first = await _registry.GetAsync($"/v2/{repo}/_oras/artifacts/referrers?digest={subject.Digest}&n=1");
        var listed = (await TestRegistry.JsonAsync(all))["referrers"]!.AsArray().Select(r => r!["digest"]!.GetValue<string>()).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That((await TestRegistry.JsonAsync(discover))["extensions"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("_oras"));
            Assert.That(TestRegistry.Header(all, "ORAS-Api-Version"), Is.EqualTo("oras/1.0"));
            Assert.That(listed, Is.EqualTo(new[] { newer.Digest, older.Digest }));
            Assert.That(first.Headers.GetValues("Link").Single(), Does.Contain("nextToken="));
        });
    }

    [Test]
    public async Task Oras_artifact_needs_an_existing_subject()
    {
        var repo = TestRegistry.NewRepo();
        var missing = new Desc(TestRegistry.ImageManifestType, TestRegistry.DigestOf([8]), 1);
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["mediaType"] = OrasManifestType,
            ["artifactType"] = Signature,
            ["subject"] = missing.ToJson(),
        }.ToJsonString());
        using var response = await _registry.PutManifestAsync(repo, TestRegistry.DigestOf(body), body, OrasManifestType);
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Proposals_are_off_by_default()
    {
        await using var plain = await TestRegistry.StartAsync();
        var repo = TestRegistry.NewRepo();
        var body = Encoding.UTF8.GetBytes($"{{\"mediaType\":\"{OrasManifestType}\",\"artifactType\":\"{Signature}\"}}");
        using var put = await plain.PutManifestAsync(repo, "x", body, OrasManifestType);
        using var oras = await plain.GetAsync($"/v2/{repo}/_oras/artifacts/referrers?digest={TestRegistry.DigestOf([1])}");
        Assert.Multiple(() =>
        {
            Assert.That((int)put.StatusCode, Is.EqualTo(400));
            Assert.That((int)oras.StatusCode, Is.EqualTo(404));
        });
    }

    private async Task<Pushed> PushOras(string repo, Desc subject, string created)
    {
        var blob = await _registry.PushBlobDescAsync(repo, TestRegistry.RandomBytes(8), "application/octet-stream");
        var body = new JsonObject
        {
            ["mediaType"] = OrasManifestType,
            ["artifactType"] = Signature,
            ["blobs"] = new JsonArray(blob.ToJson()),
            ["subject"] = subject.ToJson(),
            ["annotations"] = new JsonObject { ["io.cncf.oras.artifact.created"] = created },
        };
        return await _registry.PushManifestAsync(repo, null, Encoding.UTF8.GetBytes(body.ToJsonString()), OrasManifestType);
    }
}
