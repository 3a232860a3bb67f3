namespace OciConformance.Formats.Tests;

/// <summary>Format packs built in a temporary folder: a made-up format added as data, and broken packs.</summary>
public class PackTests
{
    private const string ThingType = "application/vnd.example.thing.v2+json";

    private static readonly string[] ExpectedSorted = ["example.thing.parts-sorted"];
    private static readonly string[] ExpectedDigest = ["image.descriptor.digest-sha256-encoding"];

    private string _pack = string.Empty;

    [SetUp]
    public void CreatePack()
    {
        _pack = Path.Combine(Path.GetTempPath(), "oci-formats-" + Guid.NewGuid().ToString("N"));
        Write("schemas/manifests/example-thing.v2.schema.json", """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://oci-conformance.example/schemas/manifests/example-thing.v2.schema.json",
              "$comment": "Made-up format for tests.",
              "type": "object",
              "allOf": [{ "x-rule": "example.thing.kind-required", "required": ["kind"] }],
              "properties": {
                "kind": { "x-rule": "example.thing.kind-value", "const": "thing" },
                "parts": { "x-rule": "example.thing.parts-sorted", "type": "array", "items": { "type": "string" } },
                "about": { "$ref": "oci-descriptor.v1.1.schema.json" }
              }
            }
            """);
        Write("fixtures/manifests/formats.json", $$"""
            {
              "formats": [
                {
                  "name": "example-thing",
                  "mediaType": "{{ThingType}}",
                  "versions": [
                    {
                      "version": "2",
                      "schema": "manifests/example-thing.v2",
                      "checks": [{ "check": "lexical-order", "rule": "example.thing.parts-sorted", "at": ["/parts"] }]
                    }
                  ]
                }
              ]
            }
            """);
        Write("fixtures/manifests/example-thing/2/valid/thing.json", """{"kind":"thing","parts":["a","b"]}""");
        Write("fixtures/manifests/example-thing/2/invalid/unsorted.json", """{"kind":"thing","parts":["b","a"]}""");
    }

    [TearDown]
    public void DeletePack() => Directory.Delete(_pack, recursive: true);

    [Test]
    public void Made_up_format_pack_merges_with_the_repository_and_is_checked()
    {
        var catalog = FormatCatalog.Load(Repo.Root, _pack);
        var folder = Path.Combine(_pack, "fixtures/manifests/example-thing/2");

        var valid = catalog.Check(ThingType, File.ReadAllBytes(Path.Combine(folder, "valid/thing.json")));
        var invalid = catalog.Check(ThingType, File.ReadAllBytes(Path.Combine(folder, "invalid/unsorted.json")));
        var badDescriptor = catalog.Check(ThingType, """{"kind":"thing","about":{"mediaType":"a/b","digest":"sha256:1","size":1}}"""u8.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(valid.IsValid, Is.True, valid.ToString());
            Assert.That(invalid.Rules, Is.EqualTo(ExpectedSorted), invalid.ToString());
            Assert.That(badDescriptor.Rules, Is.EqualTo(ExpectedDigest), badDescriptor.ToString());
            Assert.That(catalog.FindByName("oci-image-manifest"), Is.Not.Null);
            Assert.That(catalog.FindByName("example-thing")!.Versions.Single().FixturesPath, Is.EqualTo(Path.GetFullPath(folder)));
        });
    }

    [Test]
    public void Pack_adding_a_newer_version_is_tried_first()
    {
        Write("fixtures/manifests/formats.json", """
            { "formats": [ { "name": "oci-image-manifest", "versions": [
              { "version": "1.2-proposal", "schema": "manifests/example-thing.v2", "detect": [{ "pointer": "/kind", "equals": "thing" }] } ] } ] }
            """);
        var catalog = FormatCatalog.Load(Repo.Root, _pack);

        var proposal = catalog.Check("application/vnd.oci.image.manifest.v1+json", """{"kind":"thing"}"""u8.ToArray());
        var classic = catalog.Check("application/vnd.oci.image.manifest.v1+json", """{"schemaVersion":2,"config":{"mediaType":"a/b","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[{"mediaType":"a/b","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2}]}"""u8.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(proposal.Version!.Version, Is.EqualTo("1.2-proposal"), proposal.ToString());
            Assert.That(classic.Version!.Version, Is.EqualTo("1.0"), classic.ToString());
            Assert.That(classic.IsValid, Is.True, classic.ToString());
        });
    }

    [Test]
    public void Malformed_schema_is_reported_with_its_file()
    {
        Write("schemas/manifests/broken.v1.schema.json", """{ "$id": "https://oci-conformance.example/schemas/manifests/broken.v1.schema.json", "type": """);

        var error = Assert.Throws<SchemaLoadException>(() => SchemaSet.Load(Path.Combine(_pack, "schemas")));

        Assert.That(error!.Message, Does.Contain("broken.v1.schema.json").And.Contain("not valid JSON"));
    }

    [Test]
    public void Schema_breaking_the_meta_schema_is_reported_with_its_file()
    {
        Write("schemas/manifests/bad-type.v1.schema.json", """{ "$id": "https://oci-conformance.example/schemas/manifests/bad-type.v1.schema.json", "type": "objekt" }""");

        var error = Assert.Throws<SchemaLoadException>(() => SchemaSet.Load(Path.Combine(_pack, "schemas")));

        Assert.That(error!.Message, Does.Contain("bad-type.v1.schema.json"));
    }

    [Test]
    public void Duplicate_key_across_roots_is_reported_with_both_files()
    {
        Write("schemas/manifests/oci-descriptor.v1.1.schema.json", """{ "$id": "https://oci-conformance.example/schemas/manifests/oci-descriptor.v1.1.schema.json" }""");

        var error = Assert.Throws<SchemaLoadException>(() => FormatCatalog.Load(Repo.Root, _pack));

        Assert.That(error!.Message, Does.Contain("duplicate schema key 'manifests/oci-descriptor.v1.1'"));
    }

    [Test]
    public void Reference_to_an_unknown_schema_is_reported_with_its_file()
    {
        Write("schemas/manifests/dangling.v1.schema.json", """{ "$id": "https://oci-conformance.example/schemas/manifests/dangling.v1.schema.json", "$ref": "missing.v1.schema.json" }""");

        var error = Assert.Throws<SchemaLoadException>(() => SchemaSet.Load(Path.Combine(_pack, "schemas")));

        Assert.That(error!.Message, Does.Contain("dangling.v1.schema.json").And.Contain("missing.v1.schema.json"));
    }

    [Test]
    public void Catalog_naming_an_unknown_check_is_reported_with_its_file()
    {
        Write("fixtures/manifests/formats.json", """
            { "formats": [ { "name": "example-thing", "versions": [ { "version": "2", "schema": "manifests/example-thing.v2", "checks": [{ "check": "no-such-check", "rule": "example.thing.x" }] } ] } ] }
            """);

        var error = Assert.Throws<SchemaLoadException>(() => FormatCatalog.Load(Repo.Root, _pack));

        Assert.That(error!.Message, Does.Contain("formats.json"));
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_pack, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
