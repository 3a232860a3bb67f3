using NUnit.Framework;
using OciConformance.Configuration;
using OciConformance.Engine;

[assembly: Parallelizable(ParallelScope.Children)]

// NUnit's workers only bound how many cases start at once; the run enforces run.parallelism itself, so the same
// setting holds here and in the runner.
[assembly: LevelOfParallelism(32)]

namespace OciConformance.Suites;

/// <summary>
/// Starts one run of the suite before any case and ends it after the last. Its configuration is the runner's:
/// conformance.json, then the environment, then NUnit test parameters named by configuration key, e.g.
/// <c>dotnet test suites/OciConformance.Suites -- TestRunParameters.Parameter(name="target.url", value="http://127.0.0.1:5000")</c>.
/// </summary>
[SetUpFixture]
public sealed class SuiteSetup
{
    private static ConformanceRun? _run;

    /// <summary>The run every case of this test session belongs to.</summary>
    internal static ConformanceRun Run =>
        _run ?? throw new InvalidOperationException("The suite run has not started: run the cases through NUnit so that the SetUpFixture starts it.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var parameters = TestContext.Parameters.Names.ToDictionary(name => name, name => TestContext.Parameters[name] ?? "", StringComparer.Ordinal);
        var options = ConfigurationLoader.Load(ConfigurationSources.FromProcess([]) with { Parameters = parameters });
        _run = await ConformanceRun.StartAsync(options, SuiteData.Shipped, TestContext.CurrentContext.CancellationToken);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_run is { } run)
        {
            _run = null;
            try
            {
                // The run's cases pushed into the target; what they created goes with it, as after a runner's run.
                var cleanup = await run.CleanUpAsync(TestContext.CurrentContext.CancellationToken);
                await TestContext.Progress.WriteLineAsync($"Cleanup: {cleanup.Describe()}");
            }
            finally
            {
                await run.DisposeAsync();
            }
        }
    }
}
