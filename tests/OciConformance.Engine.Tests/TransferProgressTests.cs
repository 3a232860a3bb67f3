using System.Collections.Concurrent;
using OciConformance.Configuration;
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

    [Test]
    public async Task A_blob_sent_in_chunks_is_one_transfer_from_its_first_byte_to_its_last()
    {
        await using var target = await ReferenceRegistry.StartAsync(new RegistryOptions { Port = 0 });
        var options = Harness.Options(target.BaseAddress) with { Scale = ScaleOptions.Small };
        var ticks = new ConcurrentQueue<TransferProgress>();

        var report = await ConformanceEngine.RunAsync(
            options with
            {
                Profiles = Profiles.All.ToDictionary(p => p, p => p == Profiles.Scale, StringComparer.Ordinal),
                Run = options.Run with { Scenarios = ["scale-blob-chunked"], RequestTimeout = TimeSpan.FromSeconds(60) },
            },
            SuiteData.Shipped,
            onTransfer: ticks.Enqueue);

        var size = ScaleOptions.Small.BlobSize;
        var uploads = ticks.Where(t => t.Sending).GroupBy(t => t.Id).ToList();
        var upload = uploads.Single().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(report.Cases.Single().Outcome, Is.EqualTo(Results.Outcome.Passed), report.Cases.Single().Message);
            Assert.That(report.Cases.Single().Exchanges.Count(e => e.Method == "PATCH"), Is.EqualTo(size / ScaleOptions.Small.ChunkSize), "the blob went in chunks");
            Assert.That(uploads, Has.Count.EqualTo(1), "one transfer for the whole blob, not one per chunk");
            Assert.That(upload.All(t => t.Total == size), Is.True, "its size is the blob's, not a chunk's");
            Assert.That(upload.Select(t => t.Done), Is.Ordered, "it only advances, chunk after chunk");
            Assert.That(upload.Count(t => t.Finished), Is.EqualTo(1), "it ends once, after its last chunk");
            Assert.That(upload[^1], Has.Property(nameof(TransferProgress.Finished)).True.And.Property(nameof(TransferProgress.Done)).EqualTo(size));
        });
    }
}
