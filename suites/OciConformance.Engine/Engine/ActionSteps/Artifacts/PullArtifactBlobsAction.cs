using OciConformance.Engine.ActionSteps.ReadOnly;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Artifacts;

/// <summary>
/// Pulls back every blob the case's artifact pushed: a HEAD, then a GET streamed through the digesters (never held),
/// whose bytes must be the layout's, byte for byte. It takes no arguments. Answer: the last GET.
/// </summary>
public sealed class PullArtifactBlobsAction : IScenarioAction
{
    public static readonly ActionCheck Head = new("head", "a HEAD of each blob answers 200 without a body");
    public static readonly ActionCheck HeadDigest = new("head-digest", "a blob HEAD names the blob's digest in Docker-Content-Digest");
    public static readonly ActionCheck HeadLength = new("head-length", "a blob HEAD states the blob's size in Content-Length");
    public static readonly ActionCheck Get = new("get", "a GET of each blob answers 200");
    public static readonly ActionCheck Content = new("content", "each blob comes back as the layout holds it: its digest and size");
    public static readonly ActionCheck DigestHeader = new("digest-header", "each blob GET carries Docker-Content-Digest with the blob's digest");

    private static readonly HeadCheckKeys HeadKeys = new(Head, HeadDigest, HeadLength);

    public string Name => "pull-artifact-blobs";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Head, HeadDigest, HeadLength, Get, Content, DigestHeader];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var artifact = run.Scenario.Artifact ?? throw new Fixtures.FixtureException($"step '{step.Name}': action '{Name}' runs only in a scenario expanded for an artifact.");
        if (artifact.Blobs.Count == 0)
        {
            throw new NotApplicableException("the artifact has no blob in its layout to pull back");
        }

        RegistryResponse? last = null;
        foreach (var blob in artifact.Blobs)
        {
            var digest = blob.Digest.ToString();
            var what = $"{blob.MediaType} {digest}";
            var url = run.ResolveUrl($"/v2/{run.Repository}/blobs/{digest}", []);
            await ReadOnlyChecks.HeadAsync(run, url, what, digest, blob.Size, [], HeadKeys, cancellationToken);
            last = await run.SendAsync(new RegistryRequest(HttpMethod.Get, url), cancellationToken);
            if (!run.Check(Get, last.Status == 200, $"GET of {what} answers 200", "200", ExpectationEvaluator.StatusLine(last), last))
            {
                continue;
            }

            var body = last.Body.Digests;
            run.Check(Content, ReadOnlyChecks.IsDigestOf(body, digest) && body.Length == blob.Size, $"{what} comes back byte for byte as the layout holds it",
                $"{digest}, {ReadOnlyChecks.Bytes(blob.Size)}", $"{body.Sha256}, {ReadOnlyChecks.Bytes(body.Length)}", last);
            var named = last.Headers.Get("Docker-Content-Digest");
            run.Check(DigestHeader, named == digest, $"GET of {what} names its digest in Docker-Content-Digest", digest, named ?? "absent", last);
        }

        return last;
    }
}
