namespace OciConformance.Formats.Tests;

/// <summary>A process builds a set of schema files once, and builds it again as soon as one of them changes.</summary>
public sealed class SchemaLoadTests
{
    private string _root = string.Empty;

    [SetUp]
    public void CopySchemas()
    {
        _root = Path.Combine(Path.GetTempPath(), "oci-schema-load-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, "schemas"), "*.schema.json", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_root, Path.GetRelativePath(Path.Combine(Repo.Root, "schemas"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [TearDown]
    public void Remove() => Directory.Delete(_root, recursive: true);

    [Test]
    public void The_same_files_are_built_once_and_an_edited_file_is_built_again()
    {
        var first = SchemaSet.Load(_root);

        Assert.That(SchemaSet.Load(_root), Is.SameAs(first));

        var edited = Path.Combine(_root, "api", "error-body.v1.schema.json");
        File.AppendAllText(edited, "\n");
        Assert.That(SchemaSet.Load(_root), Is.Not.SameAs(first));
    }

    [Test]
    public void A_broken_set_is_not_remembered_once_fixed()
    {
        var broken = Path.Combine(_root, "zz-broken.schema.json");
        File.WriteAllText(broken, "{ not json");
        Assert.Throws<SchemaLoadException>(() => SchemaSet.Load(_root));
        Assert.Throws<SchemaLoadException>(() => SchemaSet.Load(_root), "the second load reports it again");

        File.Delete(broken);
        Assert.That(SchemaSet.Load(_root).Contains("api/error-body.v1"), Is.True);
    }

    [Test]
    public void A_schema_that_breaks_the_meta_schema_is_refused_unless_its_folder_was_checked_before()
    {
        var odd = Path.Combine(_root, "odd", "odd.schema.json");
        Directory.CreateDirectory(Path.GetDirectoryName(odd)!);
        File.WriteAllText(odd, $$"""{ "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "{{SchemaSet.IdPrefix}}odd/odd.schema.json", "type": "object", "required": ["a", "a"] }""");

        var error = Assert.Throws<SchemaLoadException>(() => SchemaSet.Load(_root));
        Assert.That(error!.Message, Does.Contain("meta-schema"));

        // What the runner's stamp vouches for is not checked again; the stamp is only ever given to content that passed.
        CheckedContent.Add(Path.Combine(_root, "odd"));
        Assert.That(CheckedContent.Covers(Path.Combine(_root, "api", "error-body.v1.schema.json")), Is.False);
        Assert.That(SchemaSet.Load(_root).Contains("odd/odd"), Is.True);
    }
}
