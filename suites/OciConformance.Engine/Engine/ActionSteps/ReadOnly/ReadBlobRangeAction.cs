using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>
/// Reads a range from the middle of the smallest blob of two bytes or more within the byte budget, and compares it
/// with the same bytes of the whole blob, downloaded first; then asks for a range past its end.
/// </summary>
public sealed class ReadBlobRangeAction : IScenarioAction
{
    public const string Feature = "range-requests";

    public static readonly ActionCheck Get = new("get", "a GET of the blob answers 200 with bytes of its digest");
    public static readonly ActionCheck Status = new("status", "a GET with a Range header answers 206");
    public static readonly ActionCheck ContentRange = new("content-range", "the answer names the range served and the blob's size in Content-Range");
    public static readonly ActionCheck Bytes = new("bytes", "the range served holds exactly those bytes of the blob");
    public static readonly ActionCheck Unsatisfiable = new("unsatisfiable", "a range that starts past the end answers 416");

    /// <summary>At most this many bytes are asked for.</summary>
    private const int RangeBytes = 1024;

    public string Name => "read-blob-range";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Get, Status, ContentRange, Bytes, Unsatisfiable];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var graph = ContentGraph.Of(run, step);
        var budget = BlobBudget.Of(run);
        var blob = graph.Blobs.Where(b => b.Size >= 2 && b.Size <= RegistryClient.MaxBufferedBody && budget.AllowsWhole(b.Size) && !b.External).MinBy(b => b.Size)
            ?? throw new NotApplicableException($"no blob of 2 bytes or more within {budget.Describe()} to read a range of");
        var url = BlobBudget.Url(run, blob);
        var whole = await run.SendAsync(new RegistryRequest(HttpMethod.Get, url), cancellationToken);
        if (!run.Check(Get, whole.Status == 200 && ReadOnlyChecks.IsDigestOf(whole.Body.Digests, blob.Digest), $"GET of blob {blob.Digest} answers 200 with bytes of that digest",
            $"200 with bytes of {blob.Digest}", whole.Status == 200 ? $"bytes of {whole.Body.Digests.Sha256}" : ExpectationEvaluator.StatusLine(whole), whole))
        {
            return null;
        }

        var size = blob.Size!.Value;
        var from = size / 2;
        var to = Math.Min(size - 1, from + RangeBytes - 1);
        var part = await RangeAsync(run, url, $"bytes={from}-{to}", cancellationToken);
        if (!run.Check(Status, part.Status == 206, $"GET of bytes {from}-{to} of blob {blob.Digest} answers 206", "206", ExpectationEvaluator.StatusLine(part), part, Feature))
        {
            return null;
        }

        var expected = $"bytes {from}-{to}/{size}";
        run.Check(ContentRange, part.Headers.Get("Content-Range") == expected, "the range answer names the range and the blob's size", expected, part.Headers.Get("Content-Range") ?? "absent", part);
        var wanted = whole.Body.Buffered.Slice((int)from, (int)(to - from + 1));
        run.Check(Bytes, part.Body.Buffered.Span.SequenceEqual(wanted.Span), $"the range answer holds bytes {from}-{to} of the blob", ReadOnlyChecks.Bytes(wanted.Length) + " equal to the blob's", $"{ReadOnlyChecks.Bytes(part.Body.Length)}, not those", part);
        var past = await RangeAsync(run, url, $"bytes={size}-{size + RangeBytes - 1}", cancellationToken);
        run.Check(Unsatisfiable, past.Status == 416, $"GET of bytes from {size} (the end) of blob {blob.Digest} answers 416", "416", ExpectationEvaluator.StatusLine(past), past);
        return past;
    }

    private static Task<RegistryResponse> RangeAsync(CaseRun run, Uri url, string range, CancellationToken cancellationToken) =>
        run.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Headers = [new("Range", range)] }, cancellationToken);
}
