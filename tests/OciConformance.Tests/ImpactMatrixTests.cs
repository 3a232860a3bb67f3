using NUnit.Framework;

namespace OciConformance.Tests;

/// <summary>Several registries in one invocation: a report per registry, then the impact matrix side by side.</summary>
[NonParallelizable]
public sealed class ImpactMatrixTests
{
    [Test]
    public async Task One_invocation_against_two_registries_writes_both_reports_and_the_matrix()
    {
        await using var distribution = await DistributionRegistry.StartAsync();

        var run = await RunnerProcess.RunAsync("--targets", $"reference=,distribution={distribution.BaseAddress}", "--profiles", "referrers,referrers-fallback,pull");

        var matrix = await File.ReadAllTextAsync(Path.Combine(run.OutputDirectory, "matrix.md"));
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(run.OutputDirectory, "reference", "results.json")), Is.True, run.Output + run.Errors);
            Assert.That(File.Exists(Path.Combine(run.OutputDirectory, "distribution", "results.json")), Is.True);
            Assert.That(File.Exists(Path.Combine(run.OutputDirectory, "matrix.html")), Is.True);
            Assert.That(matrix, Does.Contain("reference").And.Contain("distribution").And.Contain("referrers-empty"));
            Assert.That(run.Output, Does.Contain("Impact matrix:"));
        });
    }
}
