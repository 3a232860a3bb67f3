using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Scale;

/// <summary>
/// <c>scale.concurrency</c> blob uploads at once in the case's repository: every session opened first, then every
/// PUT sent together, so the registry holds them all open at the same time. Then each blob is pulled: it must be
/// there and hash to its digest. With <c>same: true</c> they all upload one blob, as clients pushing one layer at once
/// do; a registry that deduplicates must not let one upload spoil the other. Argument: <c>same</c> (default false).
/// </summary>
public sealed class ConcurrentBlobPushesAction : IScenarioAction
{
    public static readonly ActionCheck Get = new("get", "a GET of each blob pushed at once answers 200");
    public static readonly ActionCheck Content = new("content", "each blob pushed at once is served with its size and digest");

    /// <summary>Large enough that the PUTs overlap on the wire, small enough for any registry.</summary>
    private const long BlobSize = 1024 * 1024;

    public string Name => "concurrent-blob-pushes";

    public IReadOnlyList<ActionCheck> Checks { get; } = [PushBlobAction.Post, PushBlobAction.Put, Get, Content];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var same = step.With is { } with && with.TryGetProperty("same", out var flag) && flag.GetBoolean();
        var count = run.Environment.Options.Scale.Concurrency;
        var blobs = new MaterializedContent[count];
        for (var i = 0; i < count; i++)
        {
            blobs[i] = same && i > 0 ? blobs[0] : await ScaleWork.BlobAsync(run, $"concurrent-{i}", BlobSize, cancellationToken);
        }

        var opened = await ScaleWork.ForEachAsync(count, count, (_, token) => run.SendAsync(new RegistryRequest(HttpMethod.Post, run.ResolveUrl($"/v2/{run.Repository}/blobs/uploads/", [])) { Headers = [new("Content-Length", "0")] }, token), cancellationToken);
        foreach (var post in opened)
        {
            if (!run.Check(PushBlobAction.Post, post.Status == 202 && post.Headers.Contains("Location"), "each of the sessions opened at once answers 202 with a Location", "202 with a Location header", ExpectationEvaluator.StatusLine(post), post))
            {
                return post;
            }
        }

        var puts = await ScaleWork.ForEachAsync(count, count, (i, token) => run.SendAsync(new RegistryRequest(HttpMethod.Put, run.ResolveUrl(opened[i].Headers.Get("Location")!, [new("digest", blobs[i].Digest.ToString())]))
        {
            Headers = [new("Content-Type", "application/octet-stream")],
            Body = blobs[i].ToRequestBody(""),
        }, token), cancellationToken);
        foreach (var put in puts)
        {
            if (!run.Check(PushBlobAction.Put, put.Status == 201, $"each of the {count} uploads closed at once answers 201", "201", ExpectationEvaluator.StatusLine(put), put))
            {
                return put;
            }
        }

        RegistryResponse? last = null;
        foreach (var blob in blobs.DistinctBy(b => b.Digest))
        {
            last = await run.SendAsync(new RegistryRequest(HttpMethod.Get, run.ResolveUrl($"/v2/{run.Repository}/blobs/{blob.Digest}", [])), cancellationToken);
            if (run.Check(Get, last.Status == 200, $"the blob {blob.Digest}, one of {count} pushed at once, answers 200", "200", ExpectationEvaluator.StatusLine(last), last))
            {
                run.Check(Content, last.Body.Digests.Sha256 == blob.Digest && last.Body.Length == blob.Size, $"the blob {blob.Digest} is served with its size and digest",
                    $"{blob.Size} bytes, {blob.Digest}", $"{last.Body.Length} bytes, {last.Body.Digests.Sha256}", last);
            }
        }

        run.Note(same ? $"one blob uploaded {count} times at once" : $"{count} distinct blobs uploaded at once");
        return last;
    }
}

/// <summary>
/// <c>scale.concurrency</c> distinct manifests PUT at once under one tag; afterwards the tag must resolve to exactly
/// one of them, byte for byte, never to a mix or to nothing. Argument: <c>tag</c>.
/// </summary>
public sealed class ConcurrentTagUpdatesAction : IScenarioAction
{
    public static readonly ActionCheck Put = new("put", "each manifest PUT to the tag at once answers 201");
    public static readonly ActionCheck Get = new("get", "afterwards the tag answers 200");
    public static readonly ActionCheck Content = new("content", "afterwards the tag serves one of the manifests pushed, byte for byte");

    public string Name => "concurrent-tag-updates";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Put, Get, Content];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var tag = run.Render(Actions.Argument(step, "tag"));
        var count = run.Environment.Options.Scale.Concurrency;
        var manifests = Enumerable.Range(0, count).Select(i => ScaleWork.EmptyImage("application/vnd.example.scale.tag", $"{run.Environment.RunId}-{i}")).ToList();
        var puts = await ScaleWork.ForEachAsync(count, count, (i, token) => run.SendAsync(ScaleWork.ManifestPut(run, tag, manifests[i]), token), cancellationToken);
        foreach (var put in puts)
        {
            if (!run.Check(Put, put.Status == 201, $"each of the {count} manifests PUT to '{tag}' at once answers 201", "201", ExpectationEvaluator.StatusLine(put), put))
            {
                return put;
            }
        }

        var get = await run.SendAsync(new RegistryRequest(HttpMethod.Get, run.ResolveUrl($"/v2/{run.Repository}/manifests/{tag}", [])) { Headers = [new("Accept", ScaleWork.ImageManifest)] }, cancellationToken);
        if (!run.Check(Get, get.Status == 200, $"'{tag}' answers 200 after {count} updates at once", "200", ExpectationEvaluator.StatusLine(get), get))
        {
            return get;
        }

        var winner = manifests.FindIndex(m => m.Digest == get.Body.Digests.Sha256);
        run.Check(Content, winner >= 0, $"'{tag}' serves one of the {count} manifests pushed to it, byte for byte", $"one of {string.Join(", ", manifests.Select(m => m.Digest))}",
            $"{get.Body.Length} bytes, {get.Body.Digests.Sha256}", get);
        if (winner >= 0)
        {
            run.Note($"'{tag}' ends at manifest {winner + 1} of {count} pushed at once");
        }

        return get;
    }
}
