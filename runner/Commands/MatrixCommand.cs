using OciConformance.Formats;
using OciConformance.Reports;

namespace OciConformance.Runner.Commands;

/// <summary><c>matrix A.json B.json … [--output DIR]</c>: the impact matrix of several registries as HTML and Markdown.</summary>
public static class MatrixCommand
{
    public const string Usage = "Usage: oci-conformance matrix A/results.json B/results.json [...] [--output DIR]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        var directory = Directory.GetCurrentDirectory();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--output" && i + 1 < args.Count)
            {
                directory = Path.GetFullPath(args[++i]);
            }
            else if (args[i].StartsWith("--output=", StringComparison.Ordinal))
            {
                directory = Path.GetFullPath(args[i]["--output=".Length..]);
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                await errors.WriteLineAsync($"matrix: unknown option '{args[i]}'. {Usage}");
                return RunnerApp.ExitUsage;
            }
            else
            {
                paths.Add(args[i]);
            }
        }

        if (paths.Count < 2)
        {
            await errors.WriteLineAsync($"matrix: give at least two results.json files. {Usage}");
            return RunnerApp.ExitUsage;
        }

        try
        {
            var reports = await ReportFile.LoadAllAsync(paths, CommandTable.Schemas(), cancellationToken);
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
