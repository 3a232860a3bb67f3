using OciConformance.Engine;
using OciConformance.Testing;

namespace OciConformance.Suites.Tests;

/// <summary>
/// Nothing left behind on a real registry: after the whole suite against CNCF distribution (deletes enabled), no tag,
/// manifest or blob the run pushed can still be fetched. DistributionTests shows the cleanup moves no outcome.
/// </summary>
[NonParallelizable]
public sealed class DistributionCleanupTests
{
    [Test]
    public async Task After_a_full_run_nothing_the_run_pushed_can_still_be_fetched()
    {
        await using var registry = await DistributionRegistry.StartAsync();
        var report = await ConformanceEngine.RunAsync(SuiteRuns.Options(registry.BaseAddress), SuiteData.Shipped);
        var cleanup = report.Cleanup!;

        var fetchable = await RegistryProbe.FetchableAsync(registry.BaseAddress, cleanup.Items.Select(i => (i.Kind.ToString().ToLowerInvariant(), i.Repository, i.Reference)));

        Assert.Multiple(() =>
        {
            Assert.That(cleanup.Enabled, Is.True);
            Assert.That(cleanup.Created.Repositories, Is.GreaterThan(50), cleanup.Describe());
            Assert.That(cleanup.Created.Tags, Is.GreaterThan(50));
            Assert.That(cleanup.Created.Manifests, Is.GreaterThan(50));
            Assert.That(cleanup.Created.Bytes, Is.GreaterThan(90L * 1024 * 1024), "the large blobs are the bulk of what a run leaves");
            Assert.That(cleanup.Left.IsEmpty, Is.True, cleanup.Describe());
            Assert.That(fetchable, Is.Empty);
        });
    }
}
