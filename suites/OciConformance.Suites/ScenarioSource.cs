using NUnit.Framework;
using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Requirements;

namespace OciConformance.Suites;

/// <summary>Turns scenario fixtures into NUnit cases: named "id: title", categorised by profile and level, tagged with their requirement ids.</summary>
public static class ScenarioSource
{
    public const string RequirementProperty = "Requirement";

    /// <summary>A fixture per profile that has scenarios, named after the profile.</summary>
    public static IEnumerable<TestFixtureData> Workflows() =>
        Profiles.All.Where(p => SuiteData.Shipped.Scenarios.Any(s => s.Profile == p)).Select(p => new TestFixtureData(p) { TestName = p });

    public static IEnumerable<TestCaseData> ForProfile(string profile)
    {
        var data = SuiteData.Shipped;
        foreach (var scenario in data.Scenarios.Where(s => s.Profile == profile))
        {
            var level = scenario.Requirements.Select(r => data.Requirements[r].Level).Max().ToText();
            var testCase = new TestCaseData(scenario.Id)
                .SetName($"{scenario.Id}: {scenario.Title}")
                .SetCategory(profile)
                .SetCategory(level.Replace(' ', '-'))
                .SetProperty("File", scenario.File);
            foreach (var requirement in scenario.Requirements)
            {
                testCase.SetProperty(RequirementProperty, requirement);
            }

            yield return testCase;
        }
    }
}
