using System.CommandLine;
using OciConformance.Formats;
using OciConformance.Reports;

namespace OciConformance.Runner.Commands;

/// <summary><c>matrix A B … [--output DIR]</c>: the impact matrix of several registries as HTML and Markdown.</summary>
public static class MatrixCommand
{
    public static Command Create()
    {
        var results = new Argument<string[]>("results") { HelpName = "results.json", Description = "one run per registry", Arity = ArgumentArity.OneOrMore };
        results.Validators.Add(result =>
        {
            if (result.Tokens.Count < 2)
            {
                result.AddError("give at least two results.json files");
            }
        });
        var folder = new Option<string>("--output") { HelpName = "DIR", Description = "folder for matrix.html and matrix.md [default: the working directory]" };
        var command = new Command("matrix", "matrix.html and matrix.md: one column per registry, one row per scenario") { results, folder };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetRequiredValue(results), Path.GetFullPath(parse.GetValue(folder) ?? "."), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, string directory, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        try
        {
            var reports = await ReportFile.LoadAllAsync(paths, CommandSupport.Schemas(), cancellationToken);
            var matrix = ImpactMatrix.Build(reports);
            var (html, markdown) = await ImpactMatrixFiles.WriteAsync(matrix, directory, cancellationToken);
            await output.WriteLineAsync($"{matrix.Rows.Count} scenarios × {matrix.Columns.Count} registries ({matrix.Rows.Count(r => r.Differs)} differ): {html}, {markdown}");
            return RunnerApp.ExitPassed;
        }
        catch (Exception e) when (e is ReportFileException or IncompatibleReportsException or SchemaLoadException)
        {
            await errors.WriteLineAsync($"matrix: {e.Message}");
            return RunnerApp.ExitUsage;
        }
    }
}
