using OciConformance.Engine;
using OciConformance.Fixtures;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>
/// The runner checks its data once per content: the first start checks everything and leaves a stamp, later starts
/// with the same bytes skip the checks, and a changed byte means a full check again, which a broken fixture fails.
/// </summary>
public sealed class ValidationStampTests
{
    [Test]
    public void The_first_start_checks_and_stamps_the_data_and_the_next_start_trusts_it()
    {
        var cache = TestFolders.Temp("stamp-cache");
        var root = EmbeddedSuiteData.Extract(Path.Combine(cache, "data"));

        Assert.That(ValidationStamp.Apply(root, cache), Is.EqualTo(ValidationStamp.Outcome.Stamped));
        Assert.That(Directory.GetFiles(Path.Combine(cache, "checked")), Has.Length.EqualTo(1));
        Assert.That(ValidationStamp.Apply(root, cache), Is.EqualTo(ValidationStamp.Outcome.Trusted));
        Assert.That(Formats.CheckedContent.Covers(Path.Combine(root, "fixtures", "scenarios", "pull.json")), Is.True);
    }

    [Test]
    public void Data_changed_after_its_stamp_is_checked_again_and_a_broken_fixture_is_never_trusted()
    {
        var (cache, stamped, changed) = StampedWithCopy("stamp-changed");
        var pull = Path.Combine(changed, "fixtures", "scenarios", "pull.json");
        var text = File.ReadAllText(pull);
        var at = text.IndexOf("\"steps\"", StringComparison.Ordinal);
        File.WriteAllText(pull, text[..at] + "\"stepz\"" + text[(at + "\"steps\"".Length)..]);

        Assert.That(
            ValidationStamp.Fingerprint(changed, [Path.Combine(changed, "schemas"), Path.Combine(changed, "fixtures")]),
            Is.Not.EqualTo(ValidationStamp.Fingerprint(stamped, [Path.Combine(stamped, "schemas"), Path.Combine(stamped, "fixtures")])));
        Assert.That(ValidationStamp.Apply(changed, cache), Is.EqualTo(ValidationStamp.Outcome.Unchecked));
        Assert.That(Directory.GetFiles(Path.Combine(cache, "checked")), Has.Length.EqualTo(1), "no stamp for the broken copy");
        Assert.That(Formats.CheckedContent.Covers(pull), Is.False);
        var error = Assert.Throws<FixtureException>(() => SuiteData.Load(changed));
        Assert.That(error!.Message, Does.Contain("pull.json"));
    }

    [Test]
    public void A_pack_blob_changed_after_its_stamp_is_hashed_again_and_refused()
    {
        var (cache, _, changed) = StampedWithCopy("stamp-pack");
        var blobs = Path.Combine(changed, "fixtures", "artifacts", "helm-chart", "blobs", "sha256");
        var blob = Directory.GetFiles(blobs).OrderByDescending(f => new FileInfo(f).Length).First();
        var bytes = File.ReadAllBytes(blob);
        bytes[^1] ^= 0xff;
        File.WriteAllBytes(blob, bytes);

        Assert.That(ValidationStamp.Apply(changed, cache), Is.EqualTo(ValidationStamp.Outcome.Unchecked), "same size, other bytes: another fingerprint");
        var error = Assert.Throws<Artifacts.ArtifactException>(() => SuiteData.Load(changed));
        Assert.That(error!.Message, Does.Contain("does not match its digest"));
    }

    /// <summary>A fresh extract of the data, stamped in a cache of its own, and a copy of it for the test to change.</summary>
    private static (string Cache, string Stamped, string Copy) StampedWithCopy(string copyName)
    {
        var cache = TestFolders.Temp("stamp-cache");
        var stamped = EmbeddedSuiteData.Extract(Path.Combine(cache, "data"));
        Assert.That(ValidationStamp.Apply(stamped, cache), Is.EqualTo(ValidationStamp.Outcome.Stamped));
        var copy = TestFolders.Temp(copyName);
        CopyTree(stamped, copy);
        return (cache, stamped, copy);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
