using System.Text;
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
        var result = await SuiteSession.RunAsync(scenarioId, TestContext.CurrentContext.CancellationToken);
        switch (result.Outcome)
        {
            case Outcome.Passed:
                TestContext.Out.WriteLine($"passed: {result.Checks.Count} checks, {result.Exchanges.Count} exchanges");
                break;
            case Outcome.Warning:
                Assert.Warn(Describe(result));
                break;
            case Outcome.Failed:
                Assert.Fail(Describe(result));
                break;
            case Outcome.Blocked:
                Assert.Inconclusive(Describe(result));
                break;
            case Outcome.NotSupported or Outcome.NotRun:
                Assert.Ignore($"{result.Outcome.ToText()}: {result.Message}");
                break;
            default:
                throw new InvalidOperationException(Describe(result));
        }
    }

    public static string Describe(CaseResult result)
    {
        var text = new StringBuilder().AppendLine(result.Message);
        foreach (var check in result.FailedChecks)
        {
            text.AppendLine($"  [{check.Requirement}] {check.Description}: expected {check.Expected}, got {check.Actual}");
            if (check.Exchange is { } sequence && result.Exchanges.FirstOrDefault(e => e.Sequence == sequence) is { } exchange)
            {
                text.AppendLine(exchange.ToTranscript());
            }
        }

        return text.ToString();
    }
}
