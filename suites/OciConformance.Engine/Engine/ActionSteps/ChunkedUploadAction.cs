using System.Globalization;
using OciConformance.Content;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps;

/// <summary>
/// Pushes a blob in chunks: POST with no body, PATCH each chunk with its Content-Range (following the Location of
/// every answer, honouring an advertised OCI-Chunk-Min-Length), then a closing PUT with the digest. Chunks are
/// windows of the blob's stream, so a large generated blob is never held in memory. A chunk that meets a 429 is not
/// repeated: once the wait the registry asked for is over (within the run's budgets), the upload starts over.
/// Arguments: <c>blob</c> (name) and <c>chunks</c> (how many pieces to aim for, default 3).
/// </summary>
public abstract class ChunkedUploadAction : IScenarioAction
{
    public static readonly ActionCheck Patch = new("patch", "each full-size chunk sent with PATCH and its Content-Range is accepted: 202 with a Location");
    public static readonly ActionCheck Range = new("range", "the answer to each PATCH reports the bytes received so far: Range 0-(last byte)");
    public static readonly ActionCheck ShortFinalChunk = new("final-chunk", "a last chunk shorter than the others is accepted in a PATCH too: 202 with a Location");
    public static readonly ActionCheck Close = new("close", "an empty closing PUT with the digest completes the upload: 201 with a Location");
    public static readonly ActionCheck FinalInPut = new("final-in-put", "a closing PUT carrying the last chunk and the digest completes the upload: 201 with a Location");

    public abstract string Name { get; }

    public abstract IReadOnlyList<ActionCheck> Checks { get; }

    /// <summary>Whether the last chunk travels in the closing PUT rather than in a PATCH of its own.</summary>
    protected abstract bool FinalChunkInPut { get; }

    /// <summary>The check of the closing PUT.</summary>
    protected abstract ActionCheck Closing { get; }

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var name = Actions.Argument(step, "blob");
        var blob = run.Blob(name);
        var pieces = step.With is { } with && with.TryGetProperty("chunks", out var chunks) ? chunks.GetInt32() : 3;
        var waits = new ThrottleWaits();
        while (true)
        {
            var upload = await UploadAsync(run, name, blob, pieces, waits, cancellationToken);
            if (!upload.StartOver)
            {
                return upload.Response;
            }
        }
    }

    /// <summary>The upload's last answer; or, when a chunk met a 429 and the wait for it is over, a request to start over in a new session.</summary>
    private sealed record Upload(RegistryResponse? Response, bool StartOver = false);

    private async Task<Upload> UploadAsync(CaseRun run, string name, MaterializedContent blob, int pieces, ThrottleWaits waits, CancellationToken cancellationToken)
    {
        var start = await run.SendAsync(new RegistryRequest(HttpMethod.Post, run.ResolveUrl($"/v2/{run.Repository}/blobs/uploads/", []))
        {
            Headers = [new("Content-Length", "0")],
        }, cancellationToken);
        var location = start.Headers.Get("Location");
        if (!run.Check(PushBlobAction.Post, start.Status == 202 && location is not null, $"chunked upload of blob '{name}' opens with 202 and a Location", "202 with a Location header", $"{ExpectationEvaluator.StatusLine(start)}, Location {(location is null ? "absent" : "present")}", start))
        {
            return new(null);
        }

        var chunkSize = ChunkSize(blob.Size, pieces, start.Headers.Get("OCI-Chunk-Min-Length"));
        using var upload = run.Environment.Client.Transfers.StartUpload(UploadLabel(run, blob), blob.Size);
        long offset = 0;
        while (blob.Size - offset > 0 && !(FinalChunkInPut && blob.Size - offset <= chunkSize))
        {
            var length = Math.Min(chunkSize, blob.Size - offset);
            var patch = await run.SendAsync(Chunk(run, HttpMethod.Patch, location!, [], blob, offset, length, upload), cancellationToken);
            if (await run.Environment.Client.WaitToStartOverAsync(patch, waits, run.Log, cancellationToken))
            {
                // The client does not repeat a chunk; a new session sends the blob again from its first byte.
                return new(null, StartOver: true);
            }

            var end = offset + length - 1;
            var check = length < chunkSize ? ShortFinalChunk : Patch;
            var next = patch.Headers.Get("Location");
            if (!run.Check(check, patch.Status == 202 && next is not null, $"chunk {offset}-{end} of blob '{name}' is accepted with 202 and a Location", "202 with a Location header", $"{ExpectationEvaluator.StatusLine(patch)}, Location {(next is null ? "absent" : "present")}", patch))
            {
                return new(null);
            }

            var range = patch.Headers.Get("Range");
            run.Check(Range, range?.Trim() == $"0-{end}", $"the answer to chunk {offset}-{end} reports the bytes received", $"Range: 0-{end}", range ?? "absent", patch);
            location = next;
            offset += length;
        }

        var digest = new KeyValuePair<string, string>("digest", blob.Digest.ToString());
        var close = offset < blob.Size
            ? await run.SendAsync(Chunk(run, HttpMethod.Put, location!, [digest], blob, offset, blob.Size - offset, upload), cancellationToken)
            : await run.SendAsync(new RegistryRequest(HttpMethod.Put, run.ResolveUrl(location!, [digest])) { Headers = [new("Content-Length", "0")] }, cancellationToken);
        run.Check(Closing, close.Status == 201 && close.Headers.Contains("Location"), $"the closing PUT of blob '{name}' answers 201 with a Location", "201 with a Location header", $"{ExpectationEvaluator.StatusLine(close)}, Location {(close.Headers.Contains("Location") ? "present" : "absent")}", close);
        return new(close);
    }

    /// <summary>About a third of the blob per chunk, but never below the minimum the registry asked for.</summary>
    private static long ChunkSize(long size, int pieces, string? minimum)
    {
        var wanted = Math.Max(1, (size + pieces - 1) / Math.Max(1, pieces));
        return long.TryParse(minimum, NumberStyles.None, CultureInfo.InvariantCulture, out var min) && min > wanted ? min : wanted;
    }

    /// <summary>The request that sends bytes <paramref name="offset"/> on of the blob, counted towards its upload's progress.</summary>
    internal static RegistryRequest Chunk(CaseRun run, HttpMethod method, string location, IEnumerable<KeyValuePair<string, string>> query, MaterializedContent blob, long offset, long length, TransferWatch.Upload? upload) =>
        new(method, run.ResolveUrl(location, query))
        {
            Headers = [new("Content-Type", "application/octet-stream"), new("Content-Range", $"{offset}-{offset + length - 1}")],
            Body = new RequestBody(() => new SliceStream(blob.Open(), offset, length), length, $"(bytes {offset}-{offset + length - 1} of {blob.Size})") { Part = upload?.At(offset) },
        };

    /// <summary>How a progress display names a blob sent in chunks: one transfer for the blob, not one per chunk.</summary>
    internal static string UploadLabel(CaseRun run, MaterializedContent blob) => $"PATCH /v2/{run.Repository}/blobs/uploads/ ({blob.Size} bytes in chunks)";
}

/// <summary>Chunked upload with every chunk in a PATCH and an empty closing PUT.</summary>
public sealed class PushChunkedAction : ChunkedUploadAction
{
    public override string Name => "push-chunked";

    public override IReadOnlyList<ActionCheck> Checks { get; } = [PushBlobAction.Post, Patch, Range, ShortFinalChunk, Close];

    protected override bool FinalChunkInPut => false;

    protected override ActionCheck Closing => Close;
}

/// <summary>Chunked upload whose last chunk is the body of the closing PUT.</summary>
public sealed class PushChunkedFinalInPutAction : ChunkedUploadAction
{
    public override string Name => "push-chunked-final-in-put";

    public override IReadOnlyList<ActionCheck> Checks { get; } = [PushBlobAction.Post, Patch, Range, FinalInPut];

    protected override bool FinalChunkInPut => true;

    protected override ActionCheck Closing => FinalInPut;
}
