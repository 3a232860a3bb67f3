using System.Diagnostics;
using System.Text.Json.Nodes;
using OciConformance.Artifacts;
using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Engine.ActionSteps.Artifacts;
using OciConformance.Reports;
using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>
/// Bring your own artifact: layouts written by skopeo and by the suite's own writer, and packs made up in a temporary
/// folder, run through the artifact round trip against the embedded registry (all pass) and distribution 2.8 (only its
/// real deviation, no referrers API); a broken layout or pack is an error that names it, before any request.
/// </summary>
[NonParallelizable]
public sealed class ArtifactTests
{
    private const string Skopeo = "/usr/bin/skopeo";
    private string _work = "";
    private DistributionRegistry _distribution = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _work = Directory.CreateTempSubdirectory("oci-artifact-tests-").FullName;
        _distribution = await DistributionRegistry.StartAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _distribution.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private static IEnumerable<TestCaseData> Writers()
    {
        yield return new TestCaseData("writer") { TestName = "A layout the suite's own writer made" };
        yield return new TestCaseData("skopeo") { TestName = "A layout skopeo copied from a dir: folder" };
        yield return new TestCaseData("dir") { TestName = "A plain folder (skopeo dir:) with manifest.json and its blobs" };
    }

    /// <summary>An SBOM with a subject, no foreign layer: a layout any registry that keeps what it is given must take.</summary>
    private async Task<string> SbomAsync(string how)
    {
        var layout = new TestLayout();
        var subject = layout.Image();
        var sbom = layout.Blob("""{"spdxVersion":"SPDX-2.3","name":"example"}""", "application/spdx+json");
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = TestLayout.ImageManifest,
            ["artifactType"] = "application/spdx+json",
            ["config"] = layout.Blob("{}", TestLayout.Empty),
            ["layers"] = new JsonArray(sbom),
            ["subject"] = subject,
            ["annotations"] = new JsonObject { ["org.example.sbom"] = "yes" },
        };
        var artifact = layout.Manifest(manifest, TestLayout.ImageManifest);
        layout.Tag(artifact, "sbom");
        var folder = Path.Combine(_work, $"{how}-sbom");
        switch (how)
        {
            case "writer":
                return layout.Write(folder);
            case "dir":
                return layout.WriteDirectory(folder, artifact);
            default:
                // skopeo copies one manifest and its blobs, never a subject: the user copies the image and its SBOM
                // into one layout, which then holds one artifact with its subject as prerequisite.
                var image = layout.WriteDirectory(Path.Combine(_work, "skopeo-image"), subject);
                await SkopeoAsync($"dir:{image}", $"oci:{folder}:image");
                var source = layout.WriteDirectory(Path.Combine(_work, "skopeo-source"), artifact);
                await SkopeoAsync($"dir:{source}", $"oci:{folder}:sbom");
                return folder;
        }
    }

    [TestCaseSource(nameof(Writers))]
    public async Task Every_artifact_case_passes_on_the_embedded_registry(string how)
    {
        var folder = await SbomAsync(how);
        var report = await RunAsync(null, [folder]);
        var cases = ArtifactCases(report, folder);

        Assert.Multiple(() =>
        {
            Assert.That(cases.Select(c => c.Id), Is.EquivalentTo(new[] { "roundtrip", "referrers", "referrers-fallback" }.Select(t => $"artifact-{how}-sbom-{t}")));
            Assert.That(cases.Where(c => c.Outcome != Outcome.Passed).Select(c => $"{c.Id}: {c.Outcome} {c.Message}"), Is.Empty);
            Assert.That(cases.Single(c => c.Id.EndsWith("-roundtrip", StringComparison.Ordinal)).Checks.Count(c => c.Requirement == "dist.push.manifest-exact-bytes"), Is.Positive);
        });
    }

    [TestCaseSource(nameof(Writers))]
    public async Task Distribution_2_8_takes_the_artifact_and_lacks_only_the_referrers_api(string how)
    {
        var folder = await SbomAsync(how);
        var cases = ArtifactCases(await RunAsync(_distribution.BaseAddress, [folder]), folder).ToDictionary(c => c.Id[$"artifact-{how}-sbom-".Length..], StringComparer.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(cases["roundtrip"].Outcome, Is.EqualTo(Outcome.Passed), cases["roundtrip"].Message);
            Assert.That(cases["referrers-fallback"].Outcome, Is.EqualTo(Outcome.Passed), cases["referrers-fallback"].Message);
            Assert.That(cases["referrers"].Outcome, Is.EqualTo(Outcome.NotSupported), cases["referrers"].Message);
            Assert.That(cases["referrers"].Message, Does.Contain("referrers-api"));
        });
    }

    [Test]
    public async Task Every_extension_point_comes_back_byte_for_byte_and_a_foreign_layer_stays_out()
    {
        var (layout, _) = TestLayout.ExtensionPoints();
        var folder = layout.Write(Path.Combine(_work, "extensions"));
        var artifact = new LayoutReader(SuiteData.Shipped.Formats).Read(folder, "extensions", "extensions", isPack: false).Single();
        var cases = ArtifactCases(await RunAsync(null, [folder]), folder);

        Assert.Multiple(() =>
        {
            Assert.That(artifact.Notes.Single(), Does.Contain("names urls: not pushed"));
            Assert.That(artifact.Blobs.Select(b => b.MediaType), Does.Not.Contain("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"));
            Assert.That(cases.Where(c => c.Outcome != Outcome.Passed).Select(c => $"{c.Id}: {c.Outcome} {c.Message}"), Is.Empty);
        });
    }

    [Test]
    public async Task A_manifest_media_type_no_schema_knows_is_reported_and_a_refusal_is_not_a_failure()
    {
        var layout = new TestLayout();
        var config = layout.Blob("""{"kind":"example"}""", "application/vnd.example.config.v1+json");
        var manifest = layout.Manifest(new JsonObject { ["schemaVersion"] = 3, ["mediaType"] = "application/vnd.example.manifest.v3+json", ["config"] = config }, "application/vnd.example.manifest.v3+json");
        layout.Tag(manifest, "v3");
        var folder = layout.Write(Path.Combine(_work, "unknown-type"));
        var cases = ArtifactCases(await RunAsync(null, [folder]), folder);

        Assert.Multiple(() =>
        {
            // The embedded registry stores only the media types it knows, as the push rules allow.
            var roundtrip = cases.Single();
            Assert.That(roundtrip.Outcome, Is.EqualTo(Outcome.NotSupported), roundtrip.Message);
            Assert.That(roundtrip.Message, Does.Contain("no schema for application/vnd.example.manifest.v3+json").And.Contain(PushArtifactAction.Feature));
        });
    }

    [Test]
    public async Task A_pack_made_up_in_a_temporary_folder_loads_and_runs()
    {
        var packs = Path.Combine(_work, "packs");
        var (layout, _) = SmallPack();
        var folder = layout.Write(Path.Combine(packs, "example-type"));
        WritePack(folder, "example-type", "application/vnd.example.config.v1+json", ["application/vnd.example.data.v1"]);
        var artifacts = ArtifactPacks.LoadDirectory(packs, SuiteData.Shipped.Formats);
        var data = SuiteData.Shipped.WithArtifacts(artifacts);
        var report = await ConformanceEngine.RunAsync(Only(SuiteRuns.Options(new Uri("http://unused.invalid/")) with { Target = new TargetOptions() }, data), data);
        var cases = ArtifactCases(report, folder);

        Assert.Multiple(() =>
        {
            Assert.That(artifacts.Single().Name, Is.EqualTo("example-type"));
            Assert.That(artifacts.Single().IsPack, Is.True);
            Assert.That(cases.Select(c => c.Id), Is.EqualTo(new[] { "artifact-example-type-roundtrip" }));
            Assert.That(cases.Single().Outcome, Is.EqualTo(Outcome.Passed), cases.Single().Message);
        });
    }

    [Test]
    public void A_pack_whose_media_types_disagree_with_its_manifest_is_a_pack_error()
    {
        var (layout, _) = SmallPack();
        var folder = layout.Write(Path.Combine(_work, "mismatch", "example-type"));
        WritePack(folder, "example-type", "application/vnd.example.other.v1+json", ["application/vnd.example.data.v1"]);

        var error = Assert.Throws<ArtifactException>(() => ArtifactPacks.Load(folder, SuiteData.Shipped.Formats))!;
        Assert.That(error.Message, Does.StartWith(folder).And.Contain("mediaTypes.config says 'application/vnd.example.other.v1+json', but manifest sha256:").And.Contain("has 'application/vnd.example.config.v1+json'"));
    }

    [Test]
    public void A_blob_that_does_not_hash_to_its_digest_is_an_error_naming_the_file()
    {
        var (layout, data) = SmallPack();
        var folder = layout.Write(Path.Combine(_work, "corrupt", "example-type"));
        WritePack(folder, "example-type", "application/vnd.example.config.v1+json", ["application/vnd.example.data.v1"]);
        var blob = Path.Combine(folder, "blobs", "sha256", data["digest"]!.GetValue<string>()["sha256:".Length..]);
        File.WriteAllText(blob, "EXAMPLE DATA");

        var error = Assert.Throws<ArtifactException>(() => ArtifactPacks.Load(folder, SuiteData.Shipped.Formats))!;
        Assert.That(error.Message, Does.Contain(Path.Combine("blobs", "sha256", data["digest"]!.GetValue<string>()["sha256:".Length..])).And.Contain("does not match its digest"));
    }

    [TestCase("missing", "no such folder")]
    [TestCase("empty", "is neither an OCI image layout (no oci-layout file) nor a folder with a manifest.json")]
    public void A_folder_that_holds_no_layout_is_an_error_naming_it(string name, string problem)
    {
        var folder = Path.Combine(_work, name);
        if (name == "empty")
        {
            Directory.CreateDirectory(folder);
        }

        var error = Assert.Throws<ArtifactException>(() => SuiteData.Shipped.WithArtifacts([folder]))!;
        Assert.That(error.Message, Is.EqualTo($"{folder}: {problem}."));
    }

    [Test]
    public async Task The_impact_matrix_shows_each_artifact_case_by_name_across_registries()
    {
        var folder = await SbomAsync("writer");
        var reports = new[] { await RunAsync(null, [folder]), await RunAsync(_distribution.BaseAddress, [folder]) };
        var matrix = ImpactMatrix.Build(reports);
        var rows = matrix.Rows.Where(r => r.CaseId.StartsWith("artifact-writer-sbom-", StringComparison.Ordinal)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.CaseId), Is.EquivalentTo(new[] { "artifact-writer-sbom-roundtrip", "artifact-writer-sbom-referrers", "artifact-writer-sbom-referrers-fallback" }));
            Assert.That(rows.Where(r => r.Differs).Select(r => r.CaseId), Is.EqualTo(new[] { "artifact-writer-sbom-referrers" }));
        });
    }

    /// <summary>An artifact of a made-up type: a custom config media type and one data layer, no subject.</summary>
    private static (TestLayout Layout, JsonObject Data) SmallPack()
    {
        var layout = new TestLayout();
        var config = layout.Blob("""{"kind":"example"}""", "application/vnd.example.config.v1+json");
        var data = layout.Blob("example data", "application/vnd.example.data.v1");
        var manifest = layout.Manifest(new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = TestLayout.ImageManifest, ["config"] = config, ["layers"] = new JsonArray(data) }, TestLayout.ImageManifest);
        layout.Tag(manifest, "v1");
        return (layout, data);
    }

    private static void WritePack(string folder, string type, string config, string[] layers) =>
        File.WriteAllText(Path.Combine(folder, ArtifactPacks.MetadataFile), new JsonObject
        {
            ["type"] = type,
            ["title"] = "An example type",
            ["definedBy"] = "https://example.com/spec",
            ["mediaTypes"] = new JsonObject
            {
                ["manifest"] = TestLayout.ImageManifest,
                ["artifactType"] = null,
                ["config"] = config,
                ["layers"] = new JsonArray([.. layers.Select(l => JsonValue.Create(l))]),
            },
        }.ToJsonString());

    private static List<CaseResult> ArtifactCases(RunReport report, string folder) =>
        [.. report.Cases.Where(c => c.Profile == Profiles.Artifacts && c.File?.EndsWith(Path.GetFullPath(folder), StringComparison.Ordinal) == true)];

    /// <summary>The artifacts profile alone, with these layouts, against a target (null: the embedded registry).</summary>
    private Task<RunReport> RunAsync(Uri? target, string[] artifacts)
    {
        var options = SuiteRuns.Options(target ?? new Uri("http://unused.invalid/")) with { Artifacts = artifacts };
        if (target is null)
        {
            options = options with { Target = new TargetOptions() };
        }

        var data = SuiteData.Shipped.WithArtifacts(options.Artifacts);
        return ConformanceEngine.RunAsync(Only(options, data), data);
    }

    /// <summary>Only the cases of the artifacts made here, not every shipped pack's.</summary>
    private ConformanceOptions Only(ConformanceOptions options, SuiteData data) => options with
    {
        Profiles = Profiles.All.ToDictionary(p => p, p => p == Profiles.Artifacts, StringComparer.Ordinal),
        Run = options.Run with { Scenarios = [.. data.Scenarios.Where(s => s.Artifact?.Source.StartsWith(_work, StringComparison.Ordinal) == true).Select(s => s.Id)] },
    };

    private async Task SkopeoAsync(string from, string to)
    {
        if (!File.Exists(Skopeo))
        {
            Assert.Fail($"{Skopeo} is missing: install it with `apt-get install -y skopeo` (tests/run.sh does it).");
        }

        var policy = Path.Combine(_work, "policy.json");
        await File.WriteAllTextAsync(policy, """{"default":[{"type":"insecureAcceptAnything"}]}""");
        var start = new ProcessStartInfo(Skopeo, ["--policy", policy, "copy", "--preserve-digests", from, to]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(process.ExitCode, Is.Zero, $"skopeo copy {from} {to}: {await errors}");
    }
}
