using OciConformance.Content;
using OciConformance.Engine.ActionSteps.Referrers;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>
/// Lists the referrers of every manifest discovery found and checks each listed descriptor against the manifest it
/// points to: a manifest of the repository whose subject is the digest asked about, described by its media type,
/// size, artifactType and annotations. A registry without the referrers API is reported not supported (gate), with
/// a note on what its referrers tags (the tag-schema fallback) hold.
/// </summary>
public sealed class ReadReferrersAction : IScenarioAction
{
    public string Name => "read-referrers";

    public IReadOnlyList<ActionCheck> Checks { get; } =
    [
        ReferrersApi.Status, .. ReferrersApi.PageChecks, ReferrersApi.Descriptor,
        ReferrersApi.ArtifactType, ReferrersApi.ArtifactTypeFromConfig, ReferrersApi.ArtifactTypeOmitted, ReferrersApi.Annotations,
    ];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var graph = ContentGraph.Of(run, step);
        var first = graph.Manifests[0];
        var probe = await ReferrersApi.GetAsync(run, ReferrersApi.Url(run, first.Repository, first.Digest, null), cancellationToken);
        if (probe.Status != 200)
        {
            var tagged = 0;
            foreach (var manifest in graph.Manifests)
            {
                var tag = await run.SendAsync(new RegistryRequest(HttpMethod.Get, run.ResolveUrl($"/v2/{manifest.Repository}/manifests/{ReferrersTag.For(manifest.Digest)}", []))
                {
                    Headers = [new("Accept", Referrer.ImageIndex)],
                }, cancellationToken);
                tagged += tag.Status == 200 ? 1 : 0;
            }

            run.Note($"referrers API: not offered ({With.Answer(probe)}); tag-schema fallback: {tagged} of {ReadOnlyChecks.Count(graph.Manifests.Count, "manifest")} {(tagged == 1 ? "has" : "have")} a referrers tag");
            run.Check(ReferrersApi.Status, false, "GET /v2/<name>/referrers/<digest> answers 200", "200", ExpectationEvaluator.StatusLine(probe), probe, ProbeReferrersApiAction.Feature);
            return null;
        }

        var listed = 0;
        RegistryResponse? last = null;
        foreach (var subject in graph.Manifests)
        {
            var listing = await ReferrersApi.ReadAsync(run, ReferrersApi.Url(run, subject.Repository, subject.Digest, null), ReferrersApi.Status, ReferrersApi.DefaultSchema, cancellationToken);
            if (listing is null)
            {
                continue;
            }

            last = listing.Last;
            listed += listing.Descriptors.Count;
            foreach (var entry in listing.Descriptors)
            {
                await VerifyAsync(run, subject, entry, listing.Last, cancellationToken);
            }
        }

        run.Note($"referrers API: {ReadOnlyChecks.Count(listed, "referrer")} listed for {ReadOnlyChecks.Count(graph.Manifests.Count, "manifest")}");
        return last;
    }

    /// <summary>Fetches the manifest a descriptor points to and holds the descriptor to it.</summary>
    private static async Task VerifyAsync(CaseRun run, FoundManifest subject, Listed entry, RegistryResponse listing, CancellationToken cancellationToken)
    {
        var about = $"the descriptor {entry.Digest ?? "(no digest)"} listed for {subject.Digest}";
        if (entry.Digest is null || !Digest.TryParse(entry.Digest, out _))
        {
            run.Check(ReferrersApi.Descriptor, false, $"{about} names a manifest by digest", "a digest", entry.Digest ?? "none", listing);
            return;
        }

        var url = run.ResolveUrl($"/v2/{subject.Repository}/manifests/{entry.Digest}", []);
        var manifest = await run.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Headers = [new("Accept", ManifestShape.AcceptFirst(entry.MediaType))] }, cancellationToken);
        var shape = ManifestShape.Read(manifest.Body.Buffered);
        if (!run.Check(ReferrersApi.Descriptor, manifest.Status == 200 && shape.Subject == subject.Digest, $"{about} is a manifest of {subject.Repository} whose subject is {subject.Digest}",
            $"200, subject {subject.Digest}", manifest.Status == 200 ? $"subject {shape.Subject ?? "none"}" : ExpectationEvaluator.StatusLine(manifest), manifest))
        {
            return;
        }

        var mediaType = shape.MediaType ?? ReferrersApi.MediaTypeOf(manifest.Headers.Get("Content-Type")) ?? "";
        var content = MaterializedContent.FromBytes(manifest.Body.Buffered.ToArray(), mediaType, Digest.Sha256);
        ReferrersApi.VerifyDescriptor(run, entry, Referrer.Of(entry.Digest, content), listing);
    }
}
