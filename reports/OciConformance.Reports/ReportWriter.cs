using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>Writes results.json first, then renders every other format from that same report.</summary>
public static class ReportWriter
{
    public static async Task<IReadOnlyList<string>> WriteAllAsync(RunReport report, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();

        async Task Write(string name, Func<RunReport, string, CancellationToken, Task> writer)
        {
            var path = Path.Combine(directory, name);
            await writer(report, path, cancellationToken);
            files.Add(path);
        }

        await Write(ResultsJson.FileName, ResultsJson.WriteAsync);
        await Write(JUnitWriter.FileName, JUnitWriter.WriteAsync);
        await Write(HtmlWriter.FileName, HtmlWriter.WriteAsync);
        await Write(MarkdownWriter.FileName, MarkdownWriter.WriteAsync);
        var allure = Path.Combine(directory, AllureWriter.FolderName);
        if (Directory.Exists(allure))
        {
            // Results of an earlier run would be merged into this one by Allure.
            Directory.Delete(allure, recursive: true);
        }

        await Write(AllureWriter.FolderName, AllureWriter.WriteAsync);
        return files;
    }
}
