using System.Text.Json;
using Json.Schema;

namespace OciConformance.Formats.Tests;

public class SchemaTests
{
    private static IEnumerable<string> SchemaFiles() =>
        Directory.EnumerateFiles(Path.Combine(Repo.Root, "schemas"), "*.schema.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(Repo.Root, f).Replace('\\', '/'));

    [TestCaseSource(nameof(SchemaFiles))]
    public void Schema_is_valid_against_the_2020_12_meta_schema(string relativePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, relativePath)));

        var results = MetaSchemas.Draft202012.Evaluate(document.RootElement);

        Assert.That(results.IsValid, Is.True, relativePath);
    }

    [TestCaseSource(nameof(SchemaFiles))]
    public void Schema_loads_under_its_key(string relativePath)
    {
        var key = relativePath["schemas/".Length..^".schema.json".Length];

        Assert.That(Repo.Catalog.Schemas.Contains(key), Is.True, key);
    }

    [Test]
    public void Own_schemas_name_the_spec_they_follow_with_a_pinned_link()
    {
        var own = Repo.Catalog.Schemas.Keys.Where(k => k.StartsWith("manifests/", StringComparison.Ordinal) || k.StartsWith("api/", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            foreach (var key in own)
            {
                using var document = JsonDocument.Parse(File.ReadAllText(Repo.Catalog.Schemas.PathOf(key)));
                var comment = document.RootElement.GetProperty("$comment").GetString();
                Assert.That(comment, Does.Match("https://github.com/[^ ]+/blob/[0-9a-f]{40}/"), key);
            }
        });
    }

    [Test]
    public void Validate_with_unknown_key_lists_similar_keys()
    {
        using var document = JsonDocument.Parse("{}");

        var error = Assert.Throws<KeyNotFoundException>(() => Repo.Catalog.Schemas.Validate("manifests/oci-image-manifest.v9", document.RootElement));

        Assert.That(error?.Message, Does.Contain("manifests/oci-image-manifest.v9").And.Contain("manifests/oci-image-manifest.v1.1"));
    }

    [Test]
    public void Violations_carry_the_instance_path_and_the_rule()
    {
        using var document = JsonDocument.Parse("""{"mediaType":"a/b","digest":"sha256:abc","size":1}""");

        var result = Repo.Catalog.Schemas.Validate("manifests/oci-descriptor.v1.1", document.RootElement);

        Assert.That(result.Violations, Has.Exactly(1).Matches<SchemaViolation>(v => v!.InstancePath == "/digest" && v.Rule == "image.descriptor.digest-sha256-encoding"));
    }
}
