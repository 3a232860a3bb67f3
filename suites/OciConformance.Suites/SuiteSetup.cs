using NUnit.Framework;

[assembly: Parallelizable(ParallelScope.Children)]

// NUnit's workers only bound how many cases start at once; SuiteSession enforces run.parallelism itself, so the
// same setting holds under the runner and under dotnet test.
[assembly: LevelOfParallelism(32)]

namespace OciConformance.Suites;

/// <summary>Starts the session (and the embedded registry when no target is set) before any case, and writes the reports after the last.</summary>
[SetUpFixture]
public sealed class SuiteSetup
{
    [OneTimeSetUp]
    public Task StartAsync() => SuiteSession.StartAsync(TestContext.CurrentContext.CancellationToken);

    [OneTimeTearDown]
    public Task FinishAsync() => SuiteSession.FinishAsync(CancellationToken.None);
}
