using OciConformance.Requirements;

namespace OciConformance.Engine.Tests;

/// <summary>What a requirement is at each spec version: in force or not, and at which level.</summary>
public sealed class SpecVersionTests
{
    private static RequirementCatalog Catalog => SuiteData.Shipped.Requirements;

    [TestCase("dist.pull.digest-header", "1.0", RequirementLevel.Should)]
    [TestCase("dist.pull.digest-header", "1.1", RequirementLevel.Should)]
    [TestCase("dist.pull.digest-header", "dev", RequirementLevel.Must)]
    [TestCase("dist.pull.head-digest-header", "1.1", RequirementLevel.Should)]
    [TestCase("dist.pull.blob-get", "1.0", RequirementLevel.Must)]
    public void Levels_follow_the_version(string id, string version, RequirementLevel expected) =>
        Assert.That(Catalog[id].LevelAt(version), Is.EqualTo(expected));

    [TestCase("dist.push.chunk-final-out-of-order-416", "1.1", false)]
    [TestCase("dist.push.chunk-final-out-of-order-416", "dev", true)]
    [TestCase("dist.push.upload-status", "1.0", false)]
    [TestCase("dist.push.upload-status", "1.1", true)]
    [TestCase("dist.pull.blob-get", "1.0", true)]
    public void Requirements_apply_from_since(string id, string version, bool applies) =>
        Assert.That(Catalog[id].AppliesAt(version), Is.EqualTo(applies));

    [Test]
    public void A_requirement_dropped_after_a_version_no_longer_applies()
    {
        var dropped = new Requirement
        {
            Id = "dist.pull.example", Title = "t", Text = "t", Level = RequirementLevel.Must, Section = "s", Link = "l",
            Actor = "registry", Testable = true, Profile = "pull", Since = "1.0", Until = "1.0", Spec = "distribution-spec",
        };

        Assert.Multiple(() =>
        {
            Assert.That(dropped.AppliesAt("1.0"), Is.True);
            Assert.That(dropped.AppliesAt("1.1"), Is.False);
            Assert.That(dropped.AppliesAt("dev"), Is.False);
        });
    }

    [Test]
    public void Every_catalogued_level_override_names_a_known_version() =>
        Assert.That(Catalog.All.SelectMany(r => r.Levels.Keys).Distinct(), Is.SubsetOf(SpecVersions.All));
}
