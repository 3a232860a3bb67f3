using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using OciConformance.Engine;

namespace OciConformance.Suites.Tests;

/// <summary>
/// What <c>dotnet test suites/OciConformance.Suites</c> shows: one fixture per workflow, one case per scenario, each
/// case named after its scenario and carrying its requirement ids, profile and level.
/// </summary>
public sealed class WorkflowTests
{
    private static readonly Lazy<ITest> Suites = new(() =>
        new DefaultTestAssemblyBuilder().Build(typeof(Workflow).Assembly, new Dictionary<string, object>()));

    private static IEnumerable<ITest> Descendants(ITest test) => test.Tests.SelectMany(t => Descendants(t).Prepend(t));

    [Test]
    public void Every_scenario_is_one_case_under_the_fixture_of_its_profile()
    {
        var fixtures = Descendants(Suites.Value).Where(t => t.TypeInfo?.Type == typeof(Workflow)).ToList();
        var cases = fixtures.SelectMany(f => Descendants(f).Where(t => !t.IsSuite).Select(c => (Fixture: f.Name, Case: c))).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(fixtures.Select(f => f.Name), Is.Unique);
            Assert.That(cases.Select(c => c.Case.Arguments.Single()), Is.EquivalentTo(SuiteData.Shipped.Scenarios.Select(s => s.Id)));
            foreach (var scenario in SuiteData.Shipped.Scenarios)
            {
                var (fixture, test) = cases.Single(c => Equals(c.Case.Arguments.Single(), scenario.Id));
                Assert.That(fixture, Is.EqualTo(scenario.Profile), scenario.Id);
                Assert.That(test.Name, Is.EqualTo($"{scenario.Id}: {scenario.Title}"));
                Assert.That(test.Properties[ScenarioSource.RequirementProperty], Is.EquivalentTo(scenario.Requirements), scenario.Id);
                Assert.That(test.Properties[PropertyNames.Category], Does.Contain(scenario.Profile), scenario.Id);
                Assert.That(test.RunState, Is.EqualTo(RunState.Runnable), scenario.Id);
            }
        });
    }
}
