using NUnit.Framework;
using OciConformance.Results;

namespace OciConformance.Suites;

/// <summary>
/// Runs one scenario and reports its outcome the NUnit way. The verdict itself comes from the scenario engine;
/// NUnit only shows it: failures name the requirement and carry the HTTP exchanges.
/// </summary>
public static class ScenarioTest
{
    public static async Task RunAsync(string scenarioId)
    {
        var run = SuiteSetup.Run;
        var scenario = run.Data.Scenarios.Single(s => s.Id == scenarioId);
        var result = await run.RunAsync(scenario, TestContext.CurrentContext.CancellationToken);
        switch (result.Outcome)
        {
            case Outcome.Passed:
                TestContext.Out.WriteLine($"passed: {result.Checks.Count} checks, {result.Exchanges.Count} exchanges");
                break;
            case Outcome.Warning:
                Assert.Warn(result.Explain());
                break;
            case Outcome.Failed:
                Assert.Fail(result.Explain());
                break;
            case Outcome.Blocked:
                Assert.Inconclusive(result.Explain());
                break;
            case Outcome.NotSupported or Outcome.NotApplicable or Outcome.NotRun:
                Assert.Ignore($"{result.Outcome.ToText()}: {result.Message}");
                break;
            default:
                throw new InvalidOperationException(result.Explain());
        }
    }
}
