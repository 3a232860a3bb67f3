using System.Text.Json;

namespace OciConformance.Formats.Tests;

public class FixtureTests
{
    [TestCaseSource(typeof(Fixtures), nameof(Fixtures.Valid))]
    public void Valid_fixture_passes(string format, string version, string file)
    {
        var check = Repo.Catalog.Check(Fixtures.Find(format, version), File.ReadAllBytes(file));

        Assert.That(check.IsValid, Is.True, check.ToString());
    }

    // A fixture that uses nothing new in its version may be detected as an older one; never as a newer one.
    [TestCaseSource(typeof(Fixtures), nameof(Fixtures.Valid))]
    public void Valid_fixture_is_detected_as_its_version_or_older_and_passes_there(string format, string version, string file)
    {
        var catalogFormat = Repo.Catalog.FindByName(format)!;
        var versions = catalogFormat.Versions.Select(v => v.Version).ToList();

        var check = Repo.Catalog.Check(catalogFormat, File.ReadAllBytes(file));

        Assert.Multiple(() =>
        {
            Assert.That(check.IsValid, Is.True, check.ToString());
            Assert.That(versions.IndexOf(check.Version!.Version), Is.GreaterThanOrEqualTo(versions.IndexOf(version)), check.ToString());
        });
    }

    [Test]
    public void Newer_features_select_the_newer_version()
    {
        var manifest = Repo.Catalog.FindByName("oci-image-manifest")!;
        var index = Repo.Catalog.FindByName("oci-image-index")!;
        using var artifact = JsonDocument.Parse("""{"config":{"mediaType":"application/vnd.oci.empty.v1+json"}}""");
        using var referrer = JsonDocument.Parse("""{"manifests":[{"artifactType":"application/spdx+json"}]}""");
        using var plain = JsonDocument.Parse("""{"schemaVersion":2,"manifests":[]}""");

        Assert.Multiple(() =>
        {
            Assert.That(FormatCatalog.SelectVersion(manifest, artifact.RootElement).Version, Is.EqualTo("1.1"));
            Assert.That(FormatCatalog.SelectVersion(index, referrer.RootElement).Version, Is.EqualTo("1.1"));
            Assert.That(FormatCatalog.SelectVersion(index, plain.RootElement).Version, Is.EqualTo("1.0"));
        });
    }

    [TestCaseSource(typeof(Fixtures), nameof(Fixtures.Invalid))]
    public void Invalid_fixture_breaks_exactly_its_rule(string format, string version, string file, string rule)
    {
        var check = Repo.Catalog.Check(Fixtures.Find(format, version), File.ReadAllBytes(file));

        Assert.Multiple(() =>
        {
            Assert.That(check.Outcome, Is.EqualTo(CheckOutcome.Invalid), check.ToString());
            Assert.That(check.Violations.Select(v => v.Rule), Has.All.EqualTo(rule), check.ToString());
        });
    }

    [Test]
    public void Every_format_version_has_enough_fixtures()
    {
        Assert.Multiple(() =>
        {
            foreach (var version in Fixtures.Versions())
            {
                Assert.That(Fixtures.Files(version, "valid"), Has.Count.GreaterThanOrEqualTo(8), $"{version.Format} {version.Version} valid");
                Assert.That(Fixtures.ExpectedRules(version), Has.Count.GreaterThanOrEqualTo(12), $"{version.Format} {version.Version} invalid");
            }
        });
    }

    [Test]
    public void Every_invalid_fixture_file_is_named_in_rules_json_and_back()
    {
        Assert.Multiple(() =>
        {
            foreach (var version in Fixtures.Versions())
            {
                var files = Fixtures.Files(version, "invalid").Select(Path.GetFileName);
                Assert.That(Fixtures.ExpectedRules(version).Keys, Is.EquivalentTo(files), $"{version.Format} {version.Version}");
            }
        });
    }

    [Test]
    public void Check_by_media_type_picks_the_newest_matching_version()
    {
        var body = File.ReadAllBytes(Path.Combine(Fixtures.Find("oci-image-manifest", "1.1").FixturesPath, "valid", "sbom-with-subject.json"));

        var check = Repo.Catalog.Check("application/vnd.oci.image.manifest.v1+json; charset=utf-8", body);

        Assert.Multiple(() =>
        {
            Assert.That(check.IsValid, Is.True, check.ToString());
            Assert.That(check.Version!.Version, Is.EqualTo("1.1"));
        });
    }

    [Test]
    public void Check_of_unknown_media_type_says_so()
    {
        var check = Repo.Catalog.Check("application/vnd.example.unknown+json", "{}"u8.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(check.Outcome, Is.EqualTo(CheckOutcome.UnknownMediaType));
            Assert.That(check.Format, Is.Null);
        });
    }

    [Test]
    public void Check_of_broken_json_says_so()
    {
        var check = Repo.Catalog.Check("application/vnd.oci.image.index.v1+json", "{\"schemaVersion\": 2,"u8.ToArray());

        Assert.That(check.Outcome, Is.EqualTo(CheckOutcome.NotJson));
    }

    [Test]
    public void Check_of_a_manifest_padded_to_4_MiB_parses_it_in_place()
    {
        var file = Path.Combine(Fixtures.Find("oci-image-manifest", "1.1").FixturesPath, "valid", "sbom-with-subject.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        manifest["annotations"] = new System.Text.Json.Nodes.JsonObject { ["org.example.padding"] = new string('x', 4 * 1024 * 1024) };
        var body = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        Repo.Catalog.Check("application/vnd.oci.image.manifest.v1+json", body);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var check = Repo.Catalog.Check("application/vnd.oci.image.manifest.v1+json", body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(check.IsValid, Is.True, check.ToString());
            Assert.That(allocated, Is.LessThan(body.Length / 2), "no copy of the body and no parse metadata kept for the collector");
        });
    }
}
