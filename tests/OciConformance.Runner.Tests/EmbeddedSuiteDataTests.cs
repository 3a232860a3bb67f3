using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>The data the single-file executable carries is the repository's, extracted once into a folder named by its content.</summary>
public sealed class EmbeddedSuiteDataTests
{
    [Test]
    public void Every_schema_and_fixture_is_extracted_byte_for_byte_and_a_second_start_reuses_the_folder()
    {
        var cache = TestFolders.Temp("embedded-cache");
        var first = EmbeddedSuiteData.Extract(cache);

        var root = TestFolders.RepositoryRoot;
        // Artifact packs are OCI image layouts, whose oci-layout and blobs have no extension: every file of theirs ships.
        var packs = Path.Combine(root, "fixtures", "artifacts");
        var shipped = new[] { "schemas", "fixtures" }
            .SelectMany(top => Directory.EnumerateFiles(Path.Combine(root, top), "*.json", SearchOption.AllDirectories))
            .Concat(Directory.Exists(packs) ? Directory.EnumerateFiles(packs, "*", SearchOption.AllDirectories) : [])
            .Distinct(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToList();
        var extracted = Directory.EnumerateFiles(first, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(first, f)).Order(StringComparer.Ordinal).ToList();
        Assert.That(extracted, Is.EqualTo(shipped));
        Assert.That(shipped.Where(f => !File.ReadAllBytes(Path.Combine(root, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(first, f)))), Is.Empty);

        Assert.That(EmbeddedSuiteData.Extract(cache), Is.EqualTo(first));
        Assert.That(Directory.GetDirectories(cache), Is.EqualTo(new[] { first }), "no partial folder is left behind");
    }
}
