using System.Globalization;
using System.Security.Cryptography;
using OciConformance.Content;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Scale;

/// <summary>
/// The scale profile's large blob (<c>scale.blobSize</c>): pushed, then pulled whole with its digest verified as it
/// streams, then its second half asked for again with <c>Range</c>, as a client resuming a cut download does. Its
/// bytes are generated as they are sent and hashed as they arrive; no copy is ever held in memory or on disk.
/// </summary>
public abstract class ScaleBlobAction : IScenarioAction
{
    public static readonly ActionCheck Get = new("get", "a GET of the large blob answers 200");
    public static readonly ActionCheck Content = new("content", "the streamed body of the large blob has its size and hashes to its digest");
    public static readonly ActionCheck Resume = new("resume", "a GET of the blob's second half with Range answers 206 with that range in Content-Range");
    public static readonly ActionCheck ResumeContent = new("resume-content", "the resumed range holds exactly those bytes of the blob");

    public abstract string Name { get; }

    public abstract IReadOnlyList<ActionCheck> Checks { get; }

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var size = run.Environment.Options.Scale.BlobSize;
        var blob = await ScaleWork.BlobAsync(run, Name, size, cancellationToken);
        var pushed = await PushAsync(run, blob, cancellationToken);
        if (pushed is null)
        {
            return null;
        }

        var url = run.ResolveUrl($"/v2/{run.Repository}/blobs/{blob.Digest}", []);
        var whole = await run.SendAsync(new RegistryRequest(HttpMethod.Get, url), cancellationToken);
        if (!run.Check(Get, whole.Status == 200, $"GET of the {ScaleWork.Bytes(size)} blob answers 200", "200", ExpectationEvaluator.StatusLine(whole), whole))
        {
            return whole;
        }

        var received = whole.Body.Digests;
        run.Check(Content, received.Length == size && received.Sha256 == blob.Digest, $"the {ScaleWork.Bytes(size)} blob streamed back has its size and digest",
            $"{size} bytes, {blob.Digest}", $"{received.Length} bytes, {received.Sha256}{(whole.Exchange.Error is { } error ? $" ({error})" : "")}", whole);
        run.Note($"{ScaleWork.Bytes(size)} pushed {Mode} and pulled whole in {whole.Exchange.DurationMs / 1000:0.0} s");

        // A client whose download broke off half-way asks for the rest; the bytes it gets must continue the blob.
        var cut = size / 2;
        var rest = await run.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Headers = [new("Range", $"bytes={cut}-")] }, cancellationToken);
        var contentRange = rest.Headers.Get("Content-Range");
        var wanted = $"bytes {cut}-{size - 1}/{size}";
        if (!run.Check(Resume, rest.Status == 206 && contentRange == wanted, $"the rest of the blob from byte {cut} is served with 206 and its Content-Range", $"206, Content-Range: {wanted}",
            $"{ExpectationEvaluator.StatusLine(rest)}, Content-Range: {contentRange ?? "absent"}", rest, gate: "range-requests"))
        {
            return rest;
        }

        var expected = await SliceDigestAsync(blob, cut, size - cut, cancellationToken);
        run.Check(ResumeContent, rest.Body.Digests.Length == size - cut && rest.Body.Digests.Sha256 == expected, $"the {ScaleWork.Bytes(size - cut)} from byte {cut} are those bytes of the blob",
            $"{size - cut} bytes, {expected}", $"{rest.Body.Digests.Length} bytes, {rest.Body.Digests.Sha256}", rest);
        return rest;
    }

    /// <summary>How the blob is pushed, for the case's note.</summary>
    protected abstract string Mode { get; }

    /// <summary>Pushes the blob; null when the push failed (its checks are recorded).</summary>
    protected abstract Task<RegistryResponse?> PushAsync(CaseRun run, MaterializedContent blob, CancellationToken cancellationToken);

    protected static async Task<(RegistryResponse Response, string? Location)> OpenAsync(CaseRun run, CancellationToken cancellationToken)
    {
        var start = await run.SendAsync(new RegistryRequest(HttpMethod.Post, run.ResolveUrl($"/v2/{run.Repository}/blobs/uploads/", [])) { Headers = [new("Content-Length", "0")] }, cancellationToken);
        var location = start.Headers.Get("Location");
        run.Check(PushBlobAction.Post, start.Status == 202 && location is not null, "POST opens an upload session with 202 and a Location", "202 with a Location header",
            $"{ExpectationEvaluator.StatusLine(start)}, Location {(location is null ? "absent" : "present")}", start);
        return (start, start.Status == 202 ? location : null);
    }

    private static async Task<Digest> SliceDigestAsync(MaterializedContent blob, long offset, long length, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var slice = new SliceStream(blob.Open(), offset, length);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await slice.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return new Digest(Digest.Sha256, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}

/// <summary>The large blob in one PUT: the POST's session closed by a PUT carrying every byte and the digest.</summary>
public sealed class ScaleBlobMonolithicAction : ScaleBlobAction
{
    public override string Name => "scale-blob-monolithic";

    public override IReadOnlyList<ActionCheck> Checks { get; } = [PushBlobAction.Post, PushBlobAction.Put, Get, Content, Resume, ResumeContent];

    protected override string Mode => "in one PUT";

    protected override async Task<RegistryResponse?> PushAsync(CaseRun run, MaterializedContent blob, CancellationToken cancellationToken)
    {
        var (_, location) = await OpenAsync(run, cancellationToken);
        if (location is null)
        {
            return null;
        }

        var put = await run.SendAsync(new RegistryRequest(HttpMethod.Put, run.ResolveUrl(location, [new("digest", blob.Digest.ToString())]))
        {
            Headers = [new("Content-Type", "application/octet-stream")],
            Body = blob.ToRequestBody(""),
        }, cancellationToken);
        return run.Check(PushBlobAction.Put, put.Status == 201, $"the PUT of all {ScaleWork.Bytes(blob.Size)} with the digest answers 201", "201", ExpectationEvaluator.StatusLine(put), put) ? put : null;
    }
}

/// <summary>
/// The large blob in chunks of <c>scale.chunkSize</c> (or the registry's OCI-Chunk-Min-Length, when larger), each a
/// PATCH with its Content-Range sent to the Location of the answer before, closed by an empty PUT with the digest.
/// A chunk that meets a 429 is not sent again: once the wait the registry asked for is over (within the run's
/// budgets), the upload starts over in a new session, as <see cref="ChunkedUploadAction"/> does.
/// </summary>
public sealed class ScaleBlobChunkedAction : ScaleBlobAction
{
    public override string Name => "scale-blob-chunked";

    public override IReadOnlyList<ActionCheck> Checks { get; } = [PushBlobAction.Post, ChunkedUploadAction.Patch, ChunkedUploadAction.Range, ChunkedUploadAction.Close, Get, Content, Resume, ResumeContent];

    protected override string Mode => "in chunks";

    protected override async Task<RegistryResponse?> PushAsync(CaseRun run, MaterializedContent blob, CancellationToken cancellationToken)
    {
        var waits = new ThrottleWaits();
        while (true)
        {
            var (response, startOver) = await UploadAsync(run, blob, waits, cancellationToken);
            if (!startOver)
            {
                return response;
            }
        }
    }

    /// <summary>The closing answer, or null when the upload failed; or, when a chunk met a 429 and the wait for it is over, a request to start over.</summary>
    private static async Task<(RegistryResponse? Response, bool StartOver)> UploadAsync(CaseRun run, MaterializedContent blob, ThrottleWaits waits, CancellationToken cancellationToken)
    {
        var (start, location) = await OpenAsync(run, cancellationToken);
        if (location is null)
        {
            return (null, false);
        }

        var chunk = run.Environment.Options.Scale.ChunkSize;
        if (long.TryParse(start.Headers.Get("OCI-Chunk-Min-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var minimum) && minimum > chunk)
        {
            chunk = minimum;
        }

        using var upload = run.Environment.Client.Transfers.StartUpload(ChunkedUploadAction.UploadLabel(run, blob), blob.Size);
        long offset = 0;
        var chunks = 0;
        while (offset < blob.Size)
        {
            var length = Math.Min(chunk, blob.Size - offset);
            var end = offset + length - 1;
            var patch = await run.SendAsync(ChunkedUploadAction.Chunk(run, HttpMethod.Patch, location!, [], blob, offset, length, upload), cancellationToken);
            if (await run.Environment.Client.WaitToStartOverAsync(patch, waits, run.Log, cancellationToken))
            {
                // A chunk is not sent twice; a new session sends the blob again from its first byte.
                return (null, true);
            }

            location = patch.Headers.Get("Location");
            if (!run.Check(ChunkedUploadAction.Patch, patch.Status == 202 && location is not null, $"chunk {offset}-{end} is accepted with 202 and a Location", "202 with a Location header",
                $"{ExpectationEvaluator.StatusLine(patch)}, Location {(location is null ? "absent" : "present")}", patch))
            {
                return (null, false);
            }

            var range = patch.Headers.Get("Range");
            run.Check(ChunkedUploadAction.Range, range?.Trim() == $"0-{end}", $"the answer to chunk {offset}-{end} reports the bytes received", $"Range: 0-{end}", range ?? "absent", patch);
            offset += length;
            chunks++;
        }

        var close = await run.SendAsync(new RegistryRequest(HttpMethod.Put, run.ResolveUrl(location!, [new("digest", blob.Digest.ToString())])) { Headers = [new("Content-Length", "0")] }, cancellationToken);
        run.Note($"{chunks} chunks of {ScaleWork.Bytes(chunk)}");
        var closed = close.Status == 201 && close.Headers.Contains("Location");
        return (run.Check(ChunkedUploadAction.Close, closed, $"the closing PUT after {chunks} chunks answers 201 with a Location", "201 with a Location header",
            $"{ExpectationEvaluator.StatusLine(close)}, Location {(close.Headers.Contains("Location") ? "present" : "absent")}", close) ? close : null, false);
    }
}
