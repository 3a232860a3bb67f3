using OciConformance.Configuration;
using OciConformance.Engine.ActionSteps.Referrers;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>
/// Resolves the configured references (<c>readOnly.references</c> and the distribution-spec suite's variables) and
/// walks what they lead to: index → manifests → config and layer blobs, and with <c>with.referrers</c> the referrers
/// of every manifest (API, else the tag schema). It only finds: its requests skip the format checks, because the
/// steps after it fetch everything again and judge it there. A case with nothing named is not run.
/// </summary>
public sealed class DiscoverContentAction : IScenarioAction
{
    public static readonly ActionCheck ResolveTag = new("resolve-tag", "each referenced tag names a manifest: GET answers 200");
    public static readonly ActionCheck ResolveDigest = new("resolve-digest", "each referenced digest names a manifest: GET answers 200 with bytes of that digest");

    /// <summary>More than this many manifests is more than a check needs; discovery stops there and says so.</summary>
    private const int MaxManifests = 200;

    public string Name => "discover-content";

    public IReadOnlyList<ActionCheck> Checks { get; } = [ResolveTag, ResolveDigest];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var options = run.Environment.Options;
        var space = options.Target.Namespace;
        var references = options.ReadOnly.ManifestReferences(space);
        var blobs = options.ReadOnly.BlobReferences(space);
        if (references.Count == 0 && blobs.Count == 0)
        {
            throw new NotApplicableException($"nothing to read: {ReadOnlyOptions.NothingNamed}");
        }

        var graph = new ContentGraph(references);
        graph.KeepFor(run);
        if (With.String(step, "as") is { } name)
        {
            run.Set(name, references.Concat(blobs).First().Repository);
        }

        foreach (var blob in blobs)
        {
            graph.Add(new FoundBlob(blob.Repository, blob.Digest!, null, "named by readOnly.blobs", External: false));
        }

        var walk = new Walk(run, graph, cancellationToken);
        RegistryResponse? last = null;
        foreach (var reference in references)
        {
            last = await walk.ResolveAsync(reference);
            if (last is null)
            {
                return null;
            }
        }

        if (With.Flag(step, "referrers", fallback: false))
        {
            await walk.ReferrersAsync();
        }

        run.Note($"discovered {ReadOnlyChecks.Count(graph.Manifests.Count, "manifest")} and {ReadOnlyChecks.Count(graph.Blobs.Count, "blob")} from {ReadOnlyChecks.Count(references.Count + blobs.Count, "reference")}{walk.Findings}");
        return last;
    }

    /// <summary>One discovery pass over the references of a case.</summary>
    private sealed class Walk(CaseRun run, ContentGraph graph, CancellationToken cancellationToken)
    {
        private readonly List<string> _findings = [];

        public string Findings => _findings.Count == 0 ? "" : $" ({string.Join("; ", _findings)})";

        public async Task<RegistryResponse?> ResolveAsync(ContentReference reference)
        {
            var response = await GetAsync(reference.Repository, reference.Reference, ManifestShape.AcceptAll);
            var digest = reference.Digest ?? response.Body.Digests.Sha256.ToString();
            var served = response.Status == 200 && (reference.Digest is null || ReadOnlyChecks.IsDigestOf(response.Body.Digests, reference.Digest));
            var check = reference.Tag is null ? ResolveDigest : ResolveTag;
            if (!run.Check(check, served, $"{reference} names a manifest the registry serves", reference.Digest is null ? "200" : $"200 with bytes of {reference.Digest}",
                response.Status == 200 ? $"bytes of {response.Body.Digests.Sha256}" : ExpectationEvaluator.StatusLine(response), response))
            {
                return null;
            }

            if (reference.Tag is { } tag)
            {
                graph.Add(new ResolvedTag(reference.Repository, tag, digest));
            }

            await AddAsync(reference.Repository, digest, response, null, $"reference {reference}");
            return response;
        }

        public async Task ReferrersAsync()
        {
            var found = 0;
            for (var i = 0; i < graph.Manifests.Count && graph.Manifests.Count < MaxManifests; i++)
            {
                var subject = graph.Manifests[i];
                var (listed, source) = await ListAsync(subject);
                foreach (var descriptor in listed.Where(d => !graph.Knows(subject.Repository, d.Digest)))
                {
                    found++;
                    await ChildAsync(subject.Repository, descriptor, $"referrer of {subject.Digest} ({source})");
                }
            }

            _findings.Add(ReadOnlyChecks.Count(found, "referrer"));
        }

        private async Task<(IReadOnlyList<Descriptor> Listed, string Source)> ListAsync(FoundManifest subject)
        {
            var api = await SendAsync(ReferrersApi.Url(run, subject.Repository, subject.Digest, null), Referrer.ImageIndex);
            if (api.Status == 200)
            {
                return (ManifestShape.Read(api.Body.Buffered).Children, "referrers API");
            }

            var tag = await GetAsync(subject.Repository, ReferrersTag.For(subject.Digest), Referrer.ImageIndex);
            return (tag.Status == 200 ? ManifestShape.Read(tag.Body.Buffered).Children : [], "referrers tag");
        }

        private async Task AddAsync(string repository, string digest, RegistryResponse response, Descriptor? from, string via)
        {
            var shape = ManifestShape.Read(response.Body.Buffered);
            var mediaType = shape.MediaType ?? from?.MediaType;
            graph.Add(new FoundManifest(repository, digest, response.Body.Length, mediaType ?? ReferrersApi.MediaTypeOf(response.Headers.Get("Content-Type")), mediaType is not null, via));
            foreach (var blob in shape.Blobs)
            {
                graph.Add(new FoundBlob(repository, blob.Digest, blob.Size, $"listed by {digest}", blob.External));
            }

            foreach (var child in shape.Children.Where(c => !graph.Knows(repository, c.Digest)))
            {
                await ChildAsync(repository, child, $"listed by index {digest}");
            }
        }

        private async Task ChildAsync(string repository, Descriptor child, string via)
        {
            if (graph.Manifests.Count >= MaxManifests)
            {
                _findings.Add($"stopped at {MaxManifests} manifests");
                return;
            }

            var response = await GetAsync(repository, child.Digest, ManifestShape.AcceptFirst(child.MediaType));
            if (response.Status == 200)
            {
                await AddAsync(repository, child.Digest, response, child, via);
            }
            else
            {
                // An index may list manifests a registry does not hold (a mirror of some platforms only): noted, not judged.
                _findings.Add($"{child.Digest}, {via}, answers {With.Answer(response)}: not read");
            }
        }

        private Task<RegistryResponse> GetAsync(string repository, string reference, string accept) =>
            SendAsync(run.ResolveUrl($"/v2/{repository}/manifests/{reference}", []), accept);

        private Task<RegistryResponse> SendAsync(Uri url, string accept) =>
            run.Environment.Client.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Headers = [new("Accept", accept)] }, run.Log, cancellationToken);
    }
}
