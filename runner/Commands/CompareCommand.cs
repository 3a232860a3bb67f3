using OciConformance.Formats;
using OciConformance.Reports;

namespace OciConformance.Runner.Commands;

/// <summary><c>compare OLD.json NEW.json</c>: what changed between two runs, regressions first; exit 1 on a regression.</summary>
public static class CompareCommand
{
    public const string Usage = "Usage: oci-conformance compare OLD/results.json NEW/results.json";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (args.Count != 2 || args.Any(a => a.StartsWith("--", StringComparison.Ordinal)))
        {
            await errors.WriteLineAsync(Usage);
            return RunnerApp.ExitUsage;
        }

        try
        {
            var schemas = CommandTable.Schemas();
            var before = await ReportFile.LoadAsync(args[0], schemas, cancellationToken);
            var after = await ReportFile.LoadAsync(args[1], schemas, cancellationToken);
            var comparison = ReportComparison.Compare(before, after);
            await output.WriteAsync(ComparisonText.Render(comparison));
            return comparison.HasRegression ? RunnerApp.ExitMandatoryFailure : RunnerApp.ExitPassed;
        }
        catch (Exception e) when (e is ReportFileException or IncompatibleReportsException or SchemaLoadException)
        {
            await errors.WriteLineAsync($"compare: {e.Message}");
            return RunnerApp.ExitUsage;
        }
    }
}
