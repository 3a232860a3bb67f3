using System.Security.Cryptography;
using System.Text;
using OciConformance.Content;
using OciConformance.Engine.Cleanup;
using OciConformance.Http;
using OciConformance.Results;

namespace OciConformance.Engine.Tests;

/// <summary>
/// What the ledger makes of the registry's answers: only successful uploads, mounts and manifest pushes count, each
/// in the repository it went to, a manifest with its subject, what it points at and every tag the registry set.
/// </summary>
public sealed class LedgerTests
{
    private static readonly Uri Registry = new("http://registry.test/");
    private static readonly string BlobDigest = $"sha256:{new string('b', 64)}";
    private static readonly string Subject = $"sha256:{new string('5', 64)}";
    private static readonly string Child = $"sha256:{new string('c', 64)}";

    private static RegistryRequest Request(HttpMethod method, string url, string? body = null, params (string Name, string Value)[] headers) =>
        new(method, new Uri(Registry, url))
        {
            Body = body is null ? null : RequestBody.FromBytes(Encoding.UTF8.GetBytes(body), "body"),
            Headers = [.. headers.Select(h => KeyValuePair.Create(h.Name, h.Value))],
        };

    private static RegistryResponse Answer(RegistryRequest request, int status, params (string Name, string Value)[] headers)
    {
        var map = new HeaderMap();
        foreach (var (name, value) in headers)
        {
            map.Add(name, value);
        }

        var none = new ContentDigests(default, default, 0);
        return new RegistryResponse(status, map, new ResponseBody(ReadOnlyMemory<byte>.Empty, false, none), new HttpExchange
        {
            Sequence = 1,
            Method = request.Method.Method,
            Url = request.Url.ToString(),
            RequestHeaders = [],
            Status = status,
        });
    }

    private static void Observe(ContentLedger ledger, RegistryRequest request, int status, params (string Name, string Value)[] headers) =>
        ledger.Observe(request, Answer(request, status, headers), "case-a", digest => digest == BlobDigest ? 4096 : null);

    [Test]
    public void A_chunked_upload_to_an_opaque_location_is_recorded_in_the_repository_that_opened_it()
    {
        var ledger = new ContentLedger();

        Observe(ledger, Request(HttpMethod.Post, "/v2/ns/repo-1/blobs/uploads/"), 202, ("Location", "/upload/one"));
        Observe(ledger, Request(HttpMethod.Patch, "/upload/one", "chunk"), 202, ("Location", "/upload/two?state=x"));
        Observe(ledger, Request(HttpMethod.Put, $"/upload/two?state=x&digest={BlobDigest}"), 201);

        Assert.That(ledger.Snapshot(), Is.EqualTo(new[] { new CreatedContent(ContentKind.Blob, "ns/repo-1", BlobDigest) { Case = "case-a", Size = 4096 } }));
    }

    [Test]
    public void A_monolithic_upload_and_a_mount_count_an_unfinished_refused_or_read_request_does_not()
    {
        var ledger = new ContentLedger();
        var other = $"sha256:{new string('d', 64)}";

        Observe(ledger, Request(HttpMethod.Post, $"/v2/ns/mono/blobs/uploads/?digest={other}", "twelve bytes"), 201);
        Observe(ledger, Request(HttpMethod.Post, $"/v2/ns/mounted/blobs/uploads/?mount={BlobDigest}&from=ns/mono"), 201);
        Observe(ledger, Request(HttpMethod.Post, $"/v2/ns/fallback/blobs/uploads/?mount={BlobDigest}&from=ns/elsewhere"), 202, ("Location", "/v2/ns/fallback/blobs/uploads/u"));
        Observe(ledger, Request(HttpMethod.Put, $"/v2/ns/refused/blobs/uploads/u?digest={BlobDigest}"), 400);
        Observe(ledger, Request(HttpMethod.Get, $"/v2/ns/read/blobs/{BlobDigest}"), 200);
        Observe(ledger, Request(HttpMethod.Delete, $"/v2/ns/read/manifests/{BlobDigest}"), 202);

        Assert.That(ledger.Snapshot().Select(c => $"{c} {c.Size}"), Is.EqualTo(new[]
        {
            $"blob ns/mono@{other} 12",
            $"blob ns/mounted@{BlobDigest} 4096",
        }));
    }

    [Test]
    public void A_manifest_push_records_its_digest_media_type_subject_what_it_points_at_and_its_tag()
    {
        var ledger = new ContentLedger();
        var digest = $"sha256:{new string('e', 64)}";
        var index = $$$"""{"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"digest":"{{{Child}}}","size":2}],"subject":{"digest":"{{{Subject}}}","size":3}}""";

        Observe(ledger, Request(HttpMethod.Put, "/v2/ns/repo/manifests/v1", index, ("Content-Type", "application/vnd.oci.image.index.v1+json")), 201, ("Docker-Content-Digest", digest));

        Assert.That(ledger.Snapshot().Select(c => (c.Kind, c.Repository, c.Reference, c.MediaType, c.Subject, c.Size, string.Join(",", c.PointsAt))), Is.EqualTo(new[]
        {
            (ContentKind.Tag, "ns/repo", "v1", (string?)null, (string?)null, (long?)null, ""),
            (ContentKind.Manifest, "ns/repo", digest, "application/vnd.oci.image.index.v1+json", Subject, index.Length, $"{Child},{Subject}"),
        }));
    }

    [Test]
    public void A_push_by_digest_records_the_tags_the_registry_reports_and_a_digest_it_does_not_report_is_computed()
    {
        var ledger = new ContentLedger();
        const string body = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}""";
        var computed = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";

        Observe(ledger, Request(HttpMethod.Put, $"/v2/ns/repo/manifests/{computed}?tag=a&tag=b&tag=c", body), 201, ("OCI-Tag", "a, b"), ("OCI-Tag", "c"));
        Observe(ledger, Request(HttpMethod.Put, "/v2/ns/other/manifests/latest", body), 201);

        Assert.That(ledger.Snapshot().Select(c => c.ToString()), Is.EqualTo(new[]
        {
            "tag ns/other:latest", $"manifest ns/other@{computed}",
            "tag ns/repo:a", "tag ns/repo:b", "tag ns/repo:c", $"manifest ns/repo@{computed}",
        }));
    }

    [Test]
    public void Referrers_and_indexes_go_before_the_manifests_they_point_at()
    {
        CreatedContent Manifest(string name, params string[] pointsAt) => new(ContentKind.Manifest, "ns/repo", name) { PointsAt = pointsAt };
        var image = Manifest("1-image");
        var signature = Manifest("2-signature", "1-image");
        var sbom = Manifest("3-sbom", "1-image");
        var attestation = Manifest("4-attestation-of-sbom", "3-sbom");
        var fallbackIndex = Manifest("5-fallback-index", "2-signature", "3-sbom");

        var order = ContentRemover.DeletionOrder([image, signature, sbom, attestation, fallbackIndex]).Select(m => m.Reference).ToList();

        Assert.Multiple(() =>
        {
            foreach (var manifest in new[] { signature, sbom, attestation, fallbackIndex })
            {
                foreach (var target in manifest.PointsAt)
                {
                    Assert.That(order.IndexOf(manifest.Reference), Is.LessThan(order.IndexOf(target)), $"{manifest.Reference} before {target}");
                }
            }

            Assert.That(order, Is.EquivalentTo(new[] { "1-image", "2-signature", "3-sbom", "4-attestation-of-sbom", "5-fallback-index" }));
        });
    }

    [TestCase("ci/conformance/tags-list-1a2b3c4d", "tags-list", "1a2b3c4d", false)]
    [TestCase("mounts/blob-mount-from-source-1a2b3c4d", "blob-mount-from", "1a2b3c4d", true)]
    [TestCase("ci/conformance/name-grammar-1a2b3c4d/x.y_z__w---v/n9", "name-grammar", "1a2b3c4d", false)]
    [TestCase("ci/conformance/referrers-other-repository-1a2b3c4d-other", "referrers-other-repository", "1a2b3c4d", false)]
    public void A_run_repository_is_known_by_its_name(string name, string scenario, string run, bool isSource)
    {
        var names = new RunRepositories("ci/conformance", "mounts", SuiteData.Shipped.Scenarios.Select(s => s.Id));

        Assert.That(names.Match(name), Is.EqualTo(new RunRepository(name, scenario, run, isSource)));
    }

    [TestCase("ci/conformance/tags-list-1A2B3C4D", Description = "run ids are lower-case hex")]
    [TestCase("ci/conformance/tags-list-1a2b3c4", Description = "eight digits")]
    [TestCase("ci/conformance/tags-list-1a2b3c4dx", Description = "nothing glued to the run id")]
    [TestCase("ci/conformance/my-app-1a2b3c4d", Description = "no such scenario")]
    [TestCase("other/tags-list-1a2b3c4d", Description = "another namespace")]
    [TestCase("ci/conformance/blob-mount-from-source-1a2b3c4d", Description = "a source repository outside the mount namespace")]
    public void Anything_else_under_the_namespace_is_not_a_run_repository(string name)
    {
        var names = new RunRepositories("ci/conformance", "mounts", SuiteData.Shipped.Scenarios.Select(s => s.Id));

        Assert.That(names.Match(name), Is.Null);
    }

    [Test]
    public void Every_repository_a_run_may_push_to_is_named_for_a_registry_without_a_catalog()
    {
        var names = new RunRepositories("conformance", null, ["tags-list", "blob-mount-from"]);

        Assert.That(names.Of("1a2b3c4d").Select(r => r.Name), Is.EqualTo(new[]
        {
            "conformance/blob-mount-from-1a2b3c4d", "conformance/blob-mount-from-source-1a2b3c4d",
            "conformance/tags-list-1a2b3c4d", "conformance/tags-list-source-1a2b3c4d",
        }));
    }
}
