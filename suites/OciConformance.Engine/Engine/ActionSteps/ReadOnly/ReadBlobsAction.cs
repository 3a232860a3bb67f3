using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>
/// Checks every blob discovery found with a HEAD, then downloads those within the byte budget whole, streamed through
/// the digesters, and verifies their digest and size. Larger blobs are left to <c>sample-large-blobs</c>.
/// </summary>
public sealed class ReadBlobsAction : IScenarioAction
{
    public static readonly ActionCheck Head = new("head", "a HEAD of each blob answers 200 without a body");
    public static readonly ActionCheck HeadDigest = new("head-digest", "a blob HEAD names the blob's digest in Docker-Content-Digest");
    public static readonly ActionCheck HeadLength = new("head-length", "a blob HEAD states the blob's size in Content-Length");
    public static readonly ActionCheck Get = new("get", "a GET of each blob within the byte budget answers 200");
    public static readonly ActionCheck Content = new("content", "the streamed body hashes to the blob's digest and has its size");
    public static readonly ActionCheck DigestHeader = new("digest-header", "each blob GET carries Docker-Content-Digest with the blob's digest");
    public static readonly ActionCheck DigestHeaderMatches = new("digest-header-matches", "a Docker-Content-Digest on a blob GET is a digest of the body");

    internal static readonly HeadCheckKeys HeadKeys = new(Head, HeadDigest, HeadLength);

    public string Name => "read-blobs";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Head, HeadDigest, HeadLength, Get, Content, DigestHeader, DigestHeaderMatches];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var graph = ContentGraph.Of(run, step);
        if (graph.Blobs.Count == 0)
        {
            throw new NotApplicableException($"the content read holds no blob ({ReadOnlyChecks.Count(graph.Manifests.Count, "manifest")}, none lists a config, a layer or a blob)");
        }

        var budget = BlobBudget.Of(run);
        RegistryResponse? last = null;
        foreach (var blob in graph.Blobs)
        {
            var url = BlobBudget.Url(run, blob);
            if (!await BlobBudget.HeldAsync(run, blob, url, cancellationToken))
            {
                continue;
            }

            var what = $"blob {blob.Repository}@{blob.Digest}";
            var head = await ReadOnlyChecks.HeadAsync(run, url, what, blob.Digest, blob.Size, [], HeadKeys, cancellationToken);
            var size = BlobBudget.SizeOf(blob, head);
            if (!budget.AllowsWhole(size))
            {
                continue;
            }

            last = await run.SendAsync(new RegistryRequest(HttpMethod.Get, url), cancellationToken);
            if (!run.Check(Get, last.Status == 200, $"GET of {what} answers 200", "200", ExpectationEvaluator.StatusLine(last), last))
            {
                continue;
            }

            var body = last.Body.Digests;
            run.Check(Content, ReadOnlyChecks.IsDigestOf(body, blob.Digest) && (size is null || body.Length == size), $"the body of {what} hashes to its digest and has its size",
                $"{blob.Digest}, {ReadOnlyChecks.Bytes(size)}", $"{body.Sha256}, {ReadOnlyChecks.Bytes(body.Length)}", last);
            var named = last.Headers.Get("Docker-Content-Digest");
            run.Check(DigestHeader, named == blob.Digest, $"GET of {what} names its digest in Docker-Content-Digest", blob.Digest, named ?? "absent", last);
            if (named is not null)
            {
                run.Check(DigestHeaderMatches, ReadOnlyChecks.IsDigestOf(body, named), $"the Docker-Content-Digest of {what} is a digest of the body", named, body.Sha256.ToString(), last);
            }
        }

        return last;
    }
}
