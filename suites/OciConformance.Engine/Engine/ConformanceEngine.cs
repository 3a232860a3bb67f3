using OciConformance.Configuration;
using OciConformance.Results;

namespace OciConformance.Engine;

/// <summary>The one way to run the suite: options and suite data in, the run's report out.</summary>
public static class ConformanceEngine
{
    /// <summary>
    /// Runs every selected scenario against the configured target (<see cref="RunOptions.Parallelism"/> at once) and
    /// returns the report; <paramref name="onCase"/> sees each case as it ends and <paramref name="onTransfer"/> each body of
    /// at least <see cref="Http.TransferWatch.Threshold"/> bytes as it moves, for progress. After the last case the
    /// run deletes what it created (<c>run.cleanup</c>), and the report says what is left.
    /// </summary>
    public static async Task<RunReport> RunAsync(ConformanceOptions options, SuiteData data, Action<CaseResult>? onCase = null, Action<Http.TransferProgress>? onTransfer = null, CancellationToken cancellationToken = default)
    {
        await using var run = await ConformanceRun.StartAsync(options, data, cancellationToken);
        run.Environment.Client.Transfers.Watcher = onTransfer;
        await Task.WhenAll(run.Scenarios.Select(async scenario =>
        {
            var result = await run.RunAsync(scenario, cancellationToken);
            onCase?.Invoke(result);
        }));
        await run.CleanUpAsync(cancellationToken);
        return run.Report();
    }
}
