using System.Text;

namespace OciConformance.Reference.Tests;

/// <summary>
/// <c>--opaque-manifests</c>: a registry that keeps JSON manifests it does not understand, byte for byte, and draws no
/// proposal's semantics from them.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class OpaqueManifestTests
{
    private const string OrasType = "application/vnd.cncf.oras.artifact.manifest.v1+json";
    private const string ArtifactType = "application/vnd.oci.artifact.manifest.v1+json";

    [TestCase(OrasType)]
    [TestCase(ArtifactType)]
    public async Task A_proposal_manifest_with_a_subject_is_kept_byte_for_byte_and_is_no_referrer(string mediaType)
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { OpaqueManifests = true });
        var repo = TestRegistry.NewRepo();
        var subject = await registry.PushImageAsync(repo);
        var absent = TestRegistry.DigestOf([7]);
        // A subject that is not in the repository: ORAS would refuse it, an opaque store does not read it.
        var body = Encoding.UTF8.GetBytes($$"""{ "mediaType": "{{mediaType}}", "artifactType": "application/x.example", "blobs": [], "subject": { "mediaType": "{{TestRegistry.ImageManifestType}}", "digest": "{{absent}}", "size": 12 } }""");
        var digest = TestRegistry.DigestOf(body);

        using var put = await registry.PutManifestAsync(repo, digest, body, mediaType);
        using var get = await registry.GetAsync($"/v2/{repo}/manifests/{digest}");
        var referrers = await TestRegistry.JsonAsync(await registry.GetAsync($"/v2/{repo}/referrers/{absent}"));
        using var oras = await registry.GetAsync($"/v2/{repo}/_oras/artifacts/referrers?digest={subject.Digest}");
        var served = await get.Content.ReadAsByteArrayAsync();
        Assert.Multiple(() =>
        {
            Assert.That((int)put.StatusCode, Is.EqualTo(201));
            Assert.That(TestRegistry.Header(put, "OCI-Subject"), Is.Null);
            Assert.That(served, Is.EqualTo(body));
            Assert.That(get.Content.Headers.ContentType?.MediaType, Is.EqualTo(mediaType));
            Assert.That(referrers["manifests"]!.AsArray(), Is.Empty);
            Assert.That((int)oras.StatusCode, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Without_the_switch_an_unknown_media_type_is_refused()
    {
        await using var registry = await TestRegistry.StartAsync();
        var body = Encoding.UTF8.GetBytes("""{ "mediaType": "application/x.unknown+json" }""");

        using var put = await registry.PutManifestAsync(TestRegistry.NewRepo(), "v1", body, "application/x.unknown+json");
        var code = await TestRegistry.ErrorCodeAsync(put);

        Assert.Multiple(() =>
        {
            Assert.That((int)put.StatusCode, Is.EqualTo(400));
            Assert.That(code, Is.EqualTo("MANIFEST_INVALID"));
        });
    }

    [Test]
    public async Task A_body_that_is_not_a_JSON_object_is_refused_even_so()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { OpaqueManifests = true });

        using var put = await registry.PutManifestAsync(TestRegistry.NewRepo(), "v1", Encoding.UTF8.GetBytes("[1, 2]"), "application/x.unknown+json");

        Assert.That((int)put.StatusCode, Is.EqualTo(400));
    }
}
