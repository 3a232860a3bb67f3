using System.CommandLine;
using OciConformance.Formats;
using OciConformance.Reports;

namespace OciConformance.Runner.Commands;

/// <summary><c>compare OLD NEW</c>: what changed between two runs, regressions first; exit 1 on a regression.</summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var before = new Argument<string>("old") { HelpName = "OLD/results.json", Description = "the earlier run" };
        var after = new Argument<string>("new") { HelpName = "NEW/results.json", Description = "the later run" };
        var command = new Command("compare", "regressions first, then fixes, new and removed cases; exit 1 on a regression, 2 when the reports cannot be compared")
        {
            before,
            after,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetRequiredValue(before), parse.GetRequiredValue(after), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string beforePath, string afterPath, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        try
        {
            var schemas = CommandSupport.Schemas();
            var before = await ReportFile.LoadAsync(beforePath, schemas, cancellationToken);
            var after = await ReportFile.LoadAsync(afterPath, schemas, cancellationToken);
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
