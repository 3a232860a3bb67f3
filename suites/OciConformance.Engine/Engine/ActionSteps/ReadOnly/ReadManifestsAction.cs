using OciConformance.Engine.ActionSteps.Referrers;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>
/// Pulls every manifest discovery found, by digest and (for referenced tags) by tag, with GET and HEAD, and asks for
/// each media type met both alone and in a list of every manifest type. Each body is checked against its format by
/// the engine as it arrives.
/// </summary>
public sealed class ReadManifestsAction : IScenarioAction
{
    public static readonly ActionCheck GetByDigest = new("get-by-digest", "a GET of each manifest by its digest answers 200");
    public static readonly ActionCheck Content = new("content", "the bytes served for a digest hash to that digest");
    public static readonly ActionCheck DigestHeader = new("digest-header", "each manifest GET carries Docker-Content-Digest with the digest of the bytes served");
    public static readonly ActionCheck ContentType = new("content-type", "a manifest is served with its own media type as Content-Type");
    public static readonly ActionCheck ContentTypeParameters = new("content-type-params", "a manifest's Content-Type carries no parameters");
    public static readonly ActionCheck Accept = new("accept", "asked with a list of every manifest media type, a manifest is served in its own");
    public static readonly ActionCheck GetByTag = new("get-by-tag", "a GET of each referenced tag answers 200 with the manifest the tag resolved to");
    public static readonly ActionCheck Head = new("head", "a HEAD of each manifest, by digest and by tag, answers 200 without a body");
    public static readonly ActionCheck HeadDigest = new("head-digest", "a manifest HEAD names the manifest's digest in Docker-Content-Digest");
    public static readonly ActionCheck HeadLength = new("head-length", "a manifest HEAD states the manifest's size in Content-Length");

    private static readonly HeadCheckKeys HeadKeys = new(Head, HeadDigest, HeadLength);

    public string Name => "read-manifests";

    public IReadOnlyList<ActionCheck> Checks { get; } = [GetByDigest, Content, DigestHeader, ContentType, ContentTypeParameters, Accept, GetByTag, Head, HeadDigest, HeadLength];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var graph = ContentGraph.Of(run, step);
        var asked = new HashSet<string>(StringComparer.Ordinal);
        RegistryResponse? last = null;
        foreach (var manifest in graph.Manifests)
        {
            var url = Url(run, manifest.Repository, manifest.Digest);
            var what = $"manifest {manifest.Repository}@{manifest.Digest}";
            var accept = manifest.MediaTypeFromContent ? manifest.MediaType! : ManifestShape.AcceptAll;
            last = await run.SendAsync(Get(url, accept), cancellationToken);
            if (!run.Check(GetByDigest, last.Status == 200, $"GET of {what} answers 200", "200", ExpectationEvaluator.StatusLine(last), last))
            {
                continue;
            }

            run.Check(Content, ReadOnlyChecks.IsDigestOf(last.Body.Digests, manifest.Digest), $"the bytes served for {what} hash to its digest", manifest.Digest, last.Body.Digests.Sha256.ToString(), last);
            CheckServed(run, last, what, manifest);
            if (manifest.MediaTypeFromContent && asked.Add(manifest.MediaType!))
            {
                var listed = await run.SendAsync(Get(url, ManifestShape.AcceptFirst(null)), cancellationToken);
                var type = listed.Headers.Get("Content-Type");
                run.Check(Accept, listed.Status == 200 && ReferrersApi.MediaTypeOf(type) == manifest.MediaType,
                    $"asked for {what} with every manifest media type in Accept, the registry serves its own", $"200 with {manifest.MediaType}", $"{ExpectationEvaluator.StatusLine(listed)} with {type ?? "no Content-Type"}", listed);
            }

            await ReadOnlyChecks.HeadAsync(run, url, what, manifest.Digest, manifest.Size, [new("Accept", accept)], HeadKeys, cancellationToken);
        }

        foreach (var tag in graph.Tags)
        {
            var manifest = graph.Manifests.First(m => m.Repository == tag.Repository && m.Digest == tag.Digest);
            var url = Url(run, tag.Repository, tag.Tag);
            var what = $"tag {tag.Repository}:{tag.Tag}";
            last = await run.SendAsync(Get(url, ManifestShape.AcceptAll), cancellationToken);
            if (run.Check(GetByTag, last.Status == 200 && ReadOnlyChecks.IsDigestOf(last.Body.Digests, tag.Digest), $"GET of {what} answers 200 with manifest {tag.Digest}",
                $"200 with bytes of {tag.Digest}", last.Status == 200 ? $"bytes of {last.Body.Digests.Sha256}" : ExpectationEvaluator.StatusLine(last), last))
            {
                CheckServed(run, last, what, manifest);
                await ReadOnlyChecks.HeadAsync(run, url, what, tag.Digest, manifest.Size, [new("Accept", ManifestShape.AcceptAll)], HeadKeys, cancellationToken);
            }
        }

        return last;
    }

    /// <summary>What every manifest GET that answered 200 must show: the digest header and the media type.</summary>
    private static void CheckServed(CaseRun run, RegistryResponse response, string what, FoundManifest manifest)
    {
        var named = response.Headers.Get("Docker-Content-Digest");
        run.Check(DigestHeader, named is not null && ReadOnlyChecks.IsDigestOf(response.Body.Digests, named), $"GET of {what} names the digest of its bytes in Docker-Content-Digest",
            response.Body.Digests.Sha256.ToString(), named ?? "absent", response);
        var type = response.Headers.Get("Content-Type");
        if (manifest.MediaTypeFromContent)
        {
            run.Check(ContentType, ReferrersApi.MediaTypeOf(type) == manifest.MediaType, $"{what} is served with Content-Type {manifest.MediaType}", manifest.MediaType, type ?? "absent", response);
        }

        run.Check(ContentTypeParameters, type is null || !type.Contains(';', StringComparison.Ordinal), $"the Content-Type of {what} has no parameters", "a bare media type", type, response);
    }

    private static Uri Url(CaseRun run, string repository, string reference) => run.ResolveUrl($"/v2/{repository}/manifests/{reference}", []);

    private static RegistryRequest Get(Uri url, string accept) => new(HttpMethod.Get, url) { Headers = [new("Accept", accept)] };
}
