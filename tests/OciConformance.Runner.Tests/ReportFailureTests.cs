using OciConformance.Reports;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>A report file that cannot be written is named, the others are written, and the exit code is 3.</summary>
public sealed class ReportFailureTests
{
    [Test]
    public async Task A_report_that_cannot_be_written_is_named_and_exits_3()
    {
        var folder = TestFolders.Temp("report-fails");
        Directory.CreateDirectory(Path.Combine(folder, JUnitWriter.FileName));

        var (code, _, errors) = await RunnerInProcess.RunAsync("--output", folder, "--scenarios", "tags-list");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(RunnerApp.ExitSuiteError));
            Assert.That(errors, Does.Contain($"report not written: {Path.Combine(folder, JUnitWriter.FileName)}"));
            Assert.That(File.Exists(Path.Combine(folder, ResultsJson.FileName)) && File.Exists(Path.Combine(folder, HtmlWriter.FileName)), Is.True);
        });
    }
}
