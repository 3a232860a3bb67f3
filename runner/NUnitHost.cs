using System.Reflection;
using NUnit;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace OciConformance.Runner;

/// <summary>
/// Runs the suites assembly in this process through NUnit's own runner API, the engine NUnitLite is built on:
/// the very cases <c>dotnet test</c> runs, with no second process and no second code path.
/// </summary>
public static class NUnitHost
{
    public sealed record Outcome(int Total, int Failed, string? SetupFailure);

    public static async Task<Outcome> RunAsync(Assembly suites, int parallelism, CancellationToken cancellationToken)
    {
        var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
        var settings = new Dictionary<string, object>
        {
            [FrameworkPackageSettings.NumberOfTestWorkers] = Math.Max(2, parallelism),
            [FrameworkPackageSettings.SynchronousEvents] = false,
        };
        runner.Load(suites, settings);
        var listener = new Listener();
        using var registration = cancellationToken.Register(() => runner.StopRun());
        var result = await Task.Run(() => runner.Run(listener, TestFilter.Empty), CancellationToken.None);
        return new Outcome(result.PassCount + result.FailCount + result.SkipCount + result.InconclusiveCount, result.FailCount, listener.SetupFailure);
    }

    /// <summary>Remembers why a fixture-level setup failed, the one failure that produces no case result.</summary>
    private sealed class Listener : ITestListener
    {
        public string? SetupFailure { get; private set; }

        public void TestStarted(ITest test) { }

        public void TestFinished(ITestResult result)
        {
            if (result.Test.IsSuite && result.ResultState.Site is FailureSite.SetUp && SetupFailure is null)
            {
                SetupFailure = result.Message;
            }
        }

        public void TestOutput(TestOutput output) { }

        public void SendMessage(TestMessage message) { }
    }
}
