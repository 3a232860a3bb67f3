using OciConformance.Requirements;
using OciConformance.Results;

namespace OciConformance.Engine.Tests;

/// <summary>
/// Keeps the promise of the coverage report: every black-box-testable registry requirement of the profiles this
/// suite owns is checked by a scenario or deliberately excepted with a reason, and the data refers only to ids
/// that exist.
/// </summary>
public sealed class CoverageTests
{
    /// <summary>The profiles whose coverage must be complete (the references API has its own owners and tests).</summary>
    private static readonly string[] CompleteProfiles = ["pull", "push", "discovery", "management", "errors"];

    /// <summary>The catalog whose coverage this suite promises; format rules of other catalogs are checked by schemas.</summary>
    private const string Spec = "distribution-spec";

    private static SuiteData Data => SuiteData.Shipped;

    private static RequirementCatalog DistributionSpec => new(Data.Requirements.All.Where(r => r.Spec == Spec), features: Data.Requirements.Features.Where(f => f.Spec == Spec));

    private static CoverageExceptions Exceptions => CoverageExceptions.Shipped;

    [Test]
    public void Every_testable_registry_requirement_has_a_scenario_or_an_exception()
    {
        var named = Data.Scenarios.SelectMany(s => s.Requirements).ToHashSet(StringComparer.Ordinal);
        var missing = DistributionSpec.All
            .Where(r => CompleteProfiles.Contains(r.Profile) && CoverageBuilder.IsTestable(r))
            .Where(r => !named.Contains(r.Id) && !Exceptions.TryGet(r.Id, out _))
            .Select(r => $"{r.Id} ({r.Profile}, {r.Level.ToText()})")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.That(missing, Is.Empty, "testable requirements with neither a scenario nor an entry in coverage-exceptions.json");
    }

    [Test]
    public void Scenarios_name_only_catalogued_requirements()
    {
        var unknown = Data.Scenarios
            .SelectMany(s => s.Requirements.Where(id => !Data.Requirements.Contains(id)).Select(id => $"{s.File}: {s.Id} names '{id}'"))
            .ToList();

        Assert.That(unknown, Is.Empty);
    }

    [Test]
    public void Exceptions_name_catalogued_testable_requirements_that_no_scenario_checks()
    {
        var named = Data.Scenarios.SelectMany(s => s.Requirements).ToHashSet(StringComparer.Ordinal);
        var wrong = Exceptions.All
            .Select(e => Data.Requirements.TryGet(e.Id, out var r)
                ? !CoverageBuilder.IsTestable(r) ? $"{e.Id} is not testable; the catalog says why, no exception is needed"
                : named.Contains(e.Id) ? $"{e.Id} is checked by a scenario; drop the exception"
                : null
                : $"{e.Id} is not in any catalog")
            .OfType<string>()
            .ToList();

        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void Report_coverage_is_complete_in_the_owned_profiles_and_gives_a_reason_for_each_gap()
    {
        var coverage = CoverageBuilder.Build(DistributionSpec, Data.Scenarios, Exceptions);

        Assert.Multiple(() =>
        {
            foreach (var category in coverage.Categories.Where(c => CompleteProfiles.Contains(c.Profile)))
            {
                Assert.That(category.Covered + category.Excepted, Is.EqualTo(category.Testable), $"profile {category.Profile}");
            }

            Assert.That(coverage.Uncovered.Where(u => u.Excepted).Select(u => u.Reason), Has.None.EqualTo(CoverageBuilder.NoScenarioYet));
            Assert.That(coverage.Excepted, Is.EqualTo(Exceptions.All.Count));
        });
    }

    [Test]
    public void An_unlisted_requirement_shows_as_uncovered_without_an_excuse()
    {
        var coverage = CoverageBuilder.Build(Data.Requirements, [], new CoverageExceptions([]));

        Assert.Multiple(() =>
        {
            Assert.That(coverage.Covered, Is.Zero);
            Assert.That(coverage.Uncovered, Has.Count.EqualTo(coverage.Testable));
            Assert.That(coverage.Uncovered.Select(u => u.Reason), Is.All.EqualTo(CoverageBuilder.NoScenarioYet));
        });
    }
}
