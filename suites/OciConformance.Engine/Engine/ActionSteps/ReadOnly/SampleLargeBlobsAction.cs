using System.Globalization;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>
/// The byte budget: each blob larger than <c>readOnly.byteBudget</c> is checked by a HEAD and two Range samples (its
/// first and its last bytes) instead of a download, and the case says its digest was not verified. Range samples are
/// taken only once the registry has answered a Range request on a blob within the budget with 206: one that ignores
/// Range would send the large blob whole.
/// </summary>
public sealed class SampleLargeBlobsAction : IScenarioAction
{
    public static readonly ActionCheck Sample = new("sample", "a Range sample of a large blob answers 206 with that range in Content-Range and as many bytes");

    /// <summary>The bytes of one sample.</summary>
    public const int SampleBytes = 1024;

    public string Name => "sample-large-blobs";

    public IReadOnlyList<ActionCheck> Checks { get; } = [ReadBlobsAction.Head, ReadBlobsAction.HeadDigest, ReadBlobsAction.HeadLength, Sample];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var graph = ContentGraph.Of(run, step);
        var budget = BlobBudget.Of(run);
        if (budget.WholeDownloads)
        {
            run.Note("readOnly.wholeDownloads: every blob was downloaded whole");
            return null;
        }

        var large = new List<(FoundBlob Blob, long? Size)>();
        var small = new List<(FoundBlob Blob, long Size)>();
        RegistryResponse? last = null;
        foreach (var blob in graph.Blobs)
        {
            var url = BlobBudget.Url(run, blob);
            if (budget.AllowsWhole(blob.Size))
            {
                small.Add((blob, blob.Size!.Value));
                continue;
            }

            if (!await BlobBudget.HeldAsync(run, blob, url, cancellationToken))
            {
                continue;
            }

            last = await ReadOnlyChecks.HeadAsync(run, url, $"blob {blob.Repository}@{blob.Digest}", blob.Digest, blob.Size, [], ReadBlobsAction.HeadKeys, cancellationToken);
            var size = BlobBudget.SizeOf(blob, last);
            if (budget.AllowsWhole(size))
            {
                small.Add((blob, size!.Value));
            }
            else
            {
                large.Add((blob, size));
            }
        }

        if (large.Count == 0)
        {
            run.Note($"no blob is larger than {budget.Describe()}: each was downloaded whole");
            return null;
        }

        var sampled = large.Where(l => l.Size > 0).ToList();
        var refusal = await RangeRefusalAsync(run, small, cancellationToken);
        if (refusal is not null)
        {
            run.Note($"{ReadOnlyChecks.Count(large.Count, "blob")} larger than {budget.Describe()} checked by HEAD only, digest not verified: {refusal}");
            return last;
        }

        foreach (var (blob, size) in sampled)
        {
            var url = BlobBudget.Url(run, blob);
            foreach (var (from, to) in Samples(size!.Value))
            {
                last = await run.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Headers = [new("Range", $"bytes={from}-{to}")] }, cancellationToken);
                var expected = $"bytes {from}-{to}/{size}";
                var range = last.Headers.Get("Content-Range");
                run.Check(Sample, last.Status == 206 && range == expected && last.Body.Length == to - from + 1, $"GET of bytes {from}-{to} of blob {blob.Digest} answers 206 with those bytes",
                    $"206, Content-Range {expected}, {ReadOnlyChecks.Bytes(to - from + 1)}", $"{ExpectationEvaluator.StatusLine(last)}, Content-Range {range ?? "absent"}, {ReadOnlyChecks.Bytes(last.Body.Length)}", last);
            }
        }

        run.Note($"{ReadOnlyChecks.Count(large.Count, "blob")} larger than {budget.Describe()} checked by HEAD and Range samples (the first and the last {SampleBytes.ToString(CultureInfo.InvariantCulture)} bytes), digest not verified (readOnly.wholeDownloads downloads whole)");
        return last;
    }

    /// <summary>The first and the last bytes of a blob, <see cref="SampleBytes"/> each at most.</summary>
    private static IEnumerable<(long From, long To)> Samples(long size)
    {
        var head = (0L, Math.Min(size, SampleBytes) - 1);
        var tail = (Math.Max(0, size - SampleBytes), size - 1);
        return head == tail ? [head] : [head, tail];
    }

    /// <summary>Why large blobs get no Range samples, or null when a Range request on the smallest small blob answered 206.</summary>
    private static async Task<string?> RangeRefusalAsync(CaseRun run, List<(FoundBlob Blob, long Size)> small, CancellationToken cancellationToken)
    {
        if (small.Where(s => s.Size > 0).OrderBy(s => s.Size).Select(s => s.Blob).FirstOrDefault() is not { } probe)
        {
            return "no blob within the budget to find out first whether the registry honours Range";
        }

        var answer = await run.SendAsync(new RegistryRequest(HttpMethod.Get, BlobBudget.Url(run, probe)) { Headers = [new("Range", "bytes=0-0")] }, cancellationToken);
        return answer.Status == 206 ? null : $"a Range request on {probe.Digest} answered {answer.Status}, so one on a large blob might send it whole";
    }
}
