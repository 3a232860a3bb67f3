namespace OciConformance.Runner.Tests;

/// <summary>Several registries in one invocation: a report per registry, then the impact matrix side by side.</summary>
public sealed class ImpactMatrixTests
{
    [Test]
    public async Task One_invocation_against_two_registries_writes_both_reports_and_the_matrix()
    {
        var config = Path.Combine(Directory.CreateTempSubdirectory("oci-matrix-").FullName, "conformance.json");
        await File.WriteAllTextAsync(config, """
            { "targets": [ { "name": "reference", "url": "" }, { "name": "no-referrers-api", "url": "", "referrersApi": false } ] }
            """);

        var run = await RunnerProcess.RunAsync("--config", config, "--profiles", "referrers,referrers-fallback,pull");

        var matrix = await File.ReadAllTextAsync(Path.Combine(run.OutputDirectory, "matrix.md"));
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(run.OutputDirectory, "reference", "results.json")), Is.True, run.Output + run.Errors);
            Assert.That(File.Exists(Path.Combine(run.OutputDirectory, "no-referrers-api", "results.json")), Is.True);
            Assert.That(File.Exists(Path.Combine(run.OutputDirectory, "matrix.html")), Is.True);
            Assert.That(matrix, Does.Contain("reference").And.Contain("no-referrers-api").And.Contain("referrers-empty"));
            Assert.That(run.Output, Does.Contain("Impact matrix:").And.Contain("differ"));
        });
    }
}
