using OciConformance.Requirements;
using OciConformance.Results;
using OciConformance.Scenarios;

namespace OciConformance.Engine.Tests;

/// <summary>
/// The rule behind every "not supported": only what the spec leaves optional, a proposal or an extension may read so;
/// a SHOULD not met warns; a rule that binds under a condition is not applicable until the condition arises.
/// </summary>
public sealed class FeatureCatalogTests
{
    private static SuiteData Data => SuiteData.Shipped;

    private static RequirementCatalog Catalog => Data.Requirements;

    /// <summary>Every gate the fixtures name, with the requirement its failed check is recorded under.</summary>
    private static IEnumerable<(Scenario Scenario, string Gate, string? Requirement)> Gates() =>
        from scenario in Data.Scenarios
        from step in scenario.Steps
        from gate in step.Expect.Where(e => e.Gate is not null).Select(e => (e.Gate!, (string?)(e.Requirement ?? step.Requirement ?? scenario.Requirements[0])))
            .Concat(step.With is { } with && with.TryGetProperty("feature", out var feature) ? [(feature.GetString()!, (string?)null)] : [])
        select (scenario, gate.Item1, gate.Item2);

    /// <summary>The features actions decide on themselves, each named by the action's <c>Feature</c> constant.</summary>
    private static IEnumerable<string> ActionGates() =>
        Actions.All.Values.Select(a => a.GetType().GetField("Feature")?.GetRawConstantValue()).OfType<string>();

    [Test]
    public void Every_gate_names_a_declared_feature()
    {
        var undeclared = Gates().Select(g => $"{g.Scenario.Id}: {g.Gate}").Concat(ActionGates().Select(g => $"an action: {g}"))
            .Where(g => !Catalog.Features.Any(f => g.EndsWith($": {f.Id}", StringComparison.Ordinal)));

        Assert.That(undeclared, Is.Empty);
    }

    [Test]
    public void Every_declared_feature_is_presumed_or_gated_somewhere()
    {
        var named = Catalog.All.Select(r => r.OptionalFeature).Concat(Gates().Select(g => g.Gate)).Concat(ActionGates()).ToHashSet(StringComparer.Ordinal);

        Assert.That(Catalog.Features.Select(f => f.Id).Where(id => !named.Contains(id)), Is.Empty);
    }

    [Test]
    public void A_gate_recorded_under_a_should_belongs_to_a_feature_whose_absence_warns_or_waits_for_its_condition()
    {
        var hidden = Gates().Where(g => g.Requirement is { } id && Catalog[id].LevelAt(SpecVersions.Default).IsRecommended()
                && Catalog.Feature(g.Gate).Kind is FeatureKind.Optional or FeatureKind.BeyondSpec)
            .Select(g => $"{g.Scenario.Id}: gate {g.Gate} on {g.Requirement}");

        Assert.That(hidden, Is.Empty, "a SHOULD that is not met is a warning, never 'not supported'");
    }

    [Test]
    public void A_recommended_feature_is_asked_for_by_a_should_or_a_must_at_every_version_it_applies()
    {
        var wrong = from feature in Catalog.Features.Where(f => f.Kind == FeatureKind.Recommended)
                    let requirement = Catalog[feature.Requirement!]
                    from version in SpecVersions.All.Where(requirement.AppliesAt)
                    where requirement.LevelAt(version) == RequirementLevel.May
                    select $"{feature.Id}: {requirement.Id} is a MAY at {version}";

        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void An_optional_feature_is_granted_by_a_may()
    {
        var wrong = Catalog.Features.Where(f => f.Kind == FeatureKind.Optional && f.Requirement is { } id && Catalog[id].Level != RequirementLevel.May)
            .Select(f => $"{f.Id}: {f.Requirement} is a {Catalog[f.Requirement!].Level.ToText()}");

        Assert.That(wrong, Is.Empty, "an optional feature's requirement is the MAY that leaves it to the registry");
    }

    [Test]
    public void A_requirement_presuming_a_feature_that_should_be_everywhere_is_that_features_own_statement()
    {
        // Rules that bind once a recommended feature is there would otherwise hide the feature's own SHOULD.
        var wrong = Catalog.All.Where(r => r.OptionalFeature is { } f && Catalog.Feature(f) is { Kind: FeatureKind.Recommended } feature
                && r.Id != feature.Requirement && r.Level == RequirementLevel.May)
            .Select(r => r.Id);

        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void Only_a_must_can_be_inferred()
    {
        var wrong = Catalog.All.Where(r => r.Inferred is not null && !r.Level.IsMandatory()).Select(r => $"{r.Id} ({r.Level.ToText()})");

        Assert.That(wrong, Is.Empty, "inferred caps a MUST at a warning; a SHOULD or a MAY needs no cap");
    }

    [TestCase("range-requests", Outcome.Warning)]
    [TestCase("referrers-filtering", Outcome.Warning)]
    [TestCase("upload-cancel", Outcome.Warning)]
    [TestCase("manifest-size-limit", Outcome.NotApplicable)]
    [TestCase("rate-limiting", Outcome.NotApplicable)]
    [TestCase("tag-query-param", Outcome.NotSupported)]
    [TestCase("referrers-api", Outcome.NotSupported)]
    [TestCase("oras-artifacts", Outcome.NotSupported)]
    public void A_missing_feature_earns_what_its_kind_says(string feature, Outcome expected) =>
        Assert.That(Catalog.Absent(feature, SpecVersions.Default), Is.EqualTo(expected));

    [Test]
    public void The_outcome_of_a_missing_recommended_feature_follows_the_version_checked()
    {
        var requirement = Requirement("dist.pull.example") with { Level = RequirementLevel.Must, Levels = new Dictionary<string, RequirementLevel> { ["1.1"] = RequirementLevel.Should } };
        var catalog = new RequirementCatalog([requirement], features: [new Feature { Id = "example", Kind = FeatureKind.Recommended, Requirement = requirement.Id, Why = "w", Spec = "s" }]);

        Assert.Multiple(() =>
        {
            Assert.That(catalog.Absent("example", "1.1"), Is.EqualTo(Outcome.Warning));
            Assert.That(catalog.Absent("example", "dev"), Is.EqualTo(Outcome.Failed));
        });
    }

    [Test]
    public void A_miss_of_an_inferred_must_warns()
    {
        var demanded = Requirement("dist.discovery.example") with { Level = RequirementLevel.Must };
        var inferred = demanded with { Inferred = "only the endpoint table lists 404" };

        Assert.Multiple(() =>
        {
            Assert.That(demanded.MissAt(SpecVersions.Default), Is.EqualTo(Outcome.Failed));
            Assert.That(inferred.MissAt(SpecVersions.Default), Is.EqualTo(Outcome.Warning));
        });
    }

    [Test]
    public void A_requirement_presuming_an_undeclared_feature_is_refused()
    {
        var orphan = Requirement("dist.pull.example") with { OptionalFeature = "nowhere" };

        Assert.That(() => new RequirementCatalog([orphan]), Throws.InstanceOf<Fixtures.FixtureException>().With.Message.Contains("nowhere"));
    }

    private static Requirement Requirement(string id) => new()
    {
        Id = id, Title = "t", Text = "t", Level = RequirementLevel.May, Section = "s", Link = "l",
        Actor = "registry", Testable = true, Profile = "pull", Since = "1.0", Spec = "distribution-spec",
    };
}
