using OciConformance.Http;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>
/// Which blobs may be downloaded whole: those within <c>readOnly.byteBudget</c>, or all of them with
/// <c>readOnly.wholeDownloads</c>. A blob whose size nothing states is treated as too large: the suite never starts a
/// download it cannot bound.
/// </summary>
internal sealed record BlobBudget(long Bytes, bool WholeDownloads)
{
    public static BlobBudget Of(CaseRun run) => new(run.Environment.Options.ReadOnly.ByteBudget, run.Environment.Options.ReadOnly.WholeDownloads);

    public bool AllowsWhole(long? size) => WholeDownloads || size <= Bytes;

    public string Describe() => $"readOnly.byteBudget ({ReadOnlyChecks.Bytes(Bytes)})";

    /// <summary>The blob's size: its descriptor's, else what a HEAD stated.</summary>
    public static long? SizeOf(FoundBlob blob, RegistryResponse head) => blob.Size ?? (head.Status == 200 ? ReadOnlyChecks.ContentLength(head) : null);

    /// <summary>
    /// A blob listed with <c>urls</c> (a non-distributable layer) may live elsewhere: one the registry does not hold is
    /// noted and skipped, never held against it.
    /// </summary>
    public static async Task<bool> HeldAsync(CaseRun run, FoundBlob blob, Uri url, CancellationToken cancellationToken)
    {
        if (!blob.External)
        {
            return true;
        }

        var probe = await run.SendAsync(new RegistryRequest(HttpMethod.Head, url), cancellationToken);
        if (probe.Status != 200)
        {
            run.Note($"{blob.Digest} (listed with urls) is not held here: HEAD answers {probe.Status}");
        }

        return probe.Status == 200;
    }

    public static Uri Url(CaseRun run, FoundBlob blob) => run.ResolveUrl($"/v2/{blob.Repository}/blobs/{blob.Digest}", []);
}
