using System.Collections.Concurrent;
using OciConformance.Http;
using OciConformance.Reference;

namespace OciConformance.Engine.Tests;

/// <summary>A run tells its watcher how each large body advances, both ways, and when each one ends.</summary>
public sealed class TransferProgressTests
{
    [Test]
    public async Task A_large_blob_is_reported_going_out_and_coming_back_until_it_is_complete()
    {
        await using var target = await ReferenceRegistry.StartAsync(new RegistryOptions { Port = 0 });
        var options = Harness.Options(target.BaseAddress);
        var ticks = new ConcurrentQueue<TransferProgress>();

        var report = await ConformanceEngine.RunAsync(
            options with { Run = options.Run with { Scenarios = ["blob-streamed-large"] } },
            SuiteData.Shipped,
            onTransfer: ticks.Enqueue);

        var size = SuiteData.Shipped.Scenarios.Single(s => s.Id == "blob-streamed-large").Blobs["big"].Size!.Value;
        var ends = ticks.Where(t => t.Finished).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(report.Cases.Single().Outcome, Is.EqualTo(Results.Outcome.Passed));
            Assert.That(ends.Where(t => t.Sending).Select(t => (t.Done, t.Total)), Has.Some.EqualTo((size, size)), "the upload ends complete");
            Assert.That(ends.Where(t => !t.Sending).Select(t => (t.Done, t.Total)), Has.Some.EqualTo((size, size)), "the download ends complete");
            Assert.That(ticks.Select(t => t.Id).Distinct().Count(), Is.EqualTo(ends.Count), "every body that was reported ends");
            Assert.That(ticks.All(t => t.Total >= TransferWatch.Threshold), Is.True, "small bodies are not reported");
            Assert.That(ticks.GroupBy(t => t.Id).All(g => g.Select(t => t.Done).SequenceEqual(g.Select(t => t.Done).Order())), Is.True, "each body only advances");
        });
    }
}
