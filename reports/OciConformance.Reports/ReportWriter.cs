using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>A report file that could not be written, and why.</summary>
public sealed record ReportFailure(string File, string Reason);

/// <summary>The report files written, and those that could not be.</summary>
public sealed record WrittenReports(IReadOnlyList<string> Files, IReadOnlyList<ReportFailure> Failures);

/// <summary>
/// Writes results.json first, then renders every other format from that same report. results.json goes to a
/// temporary file renamed into place, so a reader never meets half of one; a run without it has no report, so its
/// failure is thrown. Every other writer runs on its own: one that fails leaves a failure naming its file, and the
/// rest are written all the same.
/// </summary>
public static class ReportWriter
{
    public static async Task<WrittenReports> WriteAllAsync(RunReport report, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        var failures = new List<ReportFailure>();
        var results = Path.Combine(directory, ResultsJson.FileName);
        await ResultsJson.WriteAtomicallyAsync(report, results, cancellationToken);
        files.Add(results);

        async Task Write(string name, Func<RunReport, string, CancellationToken, Task> writer)
        {
            var path = Path.Combine(directory, name);
            try
            {
                await writer(report, path, cancellationToken);
                files.Add(path);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(new ReportFailure(path, $"{e.GetType().Name}: {e.Message}"));
            }
        }

        await Write(JUnitWriter.FileName, JUnitWriter.WriteAsync);
        await Write(HtmlWriter.FileName, HtmlWriter.WriteAsync);
        await Write(MarkdownWriter.FileName, MarkdownWriter.WriteAsync);
        await Write(AllureWriter.FolderName, (r, folder, ct) =>
        {
            if (Directory.Exists(folder))
            {
                // Results of an earlier run would be merged into this one by Allure.
                Directory.Delete(folder, recursive: true);
            }

            return AllureWriter.WriteAsync(r, folder, ct);
        });
        return new WrittenReports(files, failures);
    }
}
