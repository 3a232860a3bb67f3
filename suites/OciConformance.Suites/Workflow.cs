using NUnit.Framework;

namespace OciConformance.Suites;

/// <summary>
/// One fixture per workflow (conformance profile), so test explorers group cases the way reports do; the cases
/// themselves are the scenario fixtures of that profile.
/// </summary>
[TestFixtureSource(typeof(ScenarioSource), nameof(ScenarioSource.Workflows))]
public sealed class Workflow(string profile)
{
    public string Profile { get; } = profile;

    [ScenarioCases]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}
