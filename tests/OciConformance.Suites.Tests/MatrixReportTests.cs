namespace OciConformance.Suites.Tests;

/// <summary>The fault matrix is written next to the test results and attached to the run.</summary>
public sealed class MatrixReportTests
{
    [Test]
    public async Task The_fault_matrix_is_written_and_attached()
    {
        var matrix = await FaultMatrix.GetAsync();
        var catalog = FaultCatalog.Shipped;
        var verdicts = catalog.Faults.Select(f => FaultVerdict.Of(f, matrix.ByFault[f.Fault], matrix.Baseline(f))).ToList();
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "fault-matrix.md");

        await File.WriteAllTextAsync(path, MatrixReport.Render(catalog, verdicts, matrix));
        TestContext.AddTestAttachment(path, "Requirements × faults: which check caught which fault");

        var written = await File.ReadAllTextAsync(path);
        Assert.That(catalog.Faults.Select(f => $"`{f.Fault}`"), Is.All.Matches<string>(name => written.Contains(name!, StringComparison.Ordinal)));
    }
}
