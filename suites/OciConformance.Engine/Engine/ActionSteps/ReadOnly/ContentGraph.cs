using System.Runtime.CompilerServices;
using OciConformance.Configuration;
using OciConformance.Fixtures;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>
/// A manifest or index discovery reached, with the bytes' size as served under its digest. Its media type is known
/// from the content itself (its <c>mediaType</c> field, or the descriptor that led to it) when
/// <see cref="MediaTypeFromContent"/> is set; otherwise only the registry's own Content-Type named it.
/// </summary>
public sealed record FoundManifest(string Repository, string Digest, long Size, string? MediaType, bool MediaTypeFromContent, string Via);

/// <summary>A config or layer blob a manifest lists (or one named on its own); <see cref="Size"/> is the descriptor's.</summary>
public sealed record FoundBlob(string Repository, string Digest, long? Size, string Via, bool External);

/// <summary>A referenced tag and the digest of the manifest it resolved to when discovery read it.</summary>
public sealed record ResolvedTag(string Repository, string Tag, string Digest);

/// <summary>
/// What <c>discover-content</c> found from the configured references: every manifest reached through indexes and
/// referrers, every blob they list, and each referenced tag's manifest. The later steps of the same case read it.
/// </summary>
public sealed class ContentGraph
{
    private static readonly ConditionalWeakTable<CaseRun, ContentGraph> ByCase = [];

    private readonly Dictionary<string, FoundManifest> _manifests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FoundBlob> _blobs = new(StringComparer.Ordinal);
    private readonly List<ResolvedTag> _tags = [];

    public ContentGraph(IReadOnlyList<ContentReference> references) => References = references;

    /// <summary>The manifests and indexes named in the configuration (blobs named on their own are among <see cref="Blobs"/>).</summary>
    public IReadOnlyList<ContentReference> References { get; }

    /// <summary>In the order discovery reached them: references first, then what they lead to.</summary>
    public IReadOnlyList<FoundManifest> Manifests => [.. _manifests.Values];

    public IReadOnlyList<FoundBlob> Blobs => [.. _blobs.Values];

    public IReadOnlyList<ResolvedTag> Tags => _tags;

    /// <summary>The repositories the references name, in order.</summary>
    public IReadOnlyList<string> Repositories => [.. References.Select(r => r.Repository).Distinct(StringComparer.Ordinal)];

    /// <summary>The graph the discovery step of <paramref name="run"/> found; a fixture must run that step first.</summary>
    public static ContentGraph Of(CaseRun run, Step step)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        return ByCase.TryGetValue(run, out var graph)
            ? graph
            : throw new FixtureException($"step '{step.Name}': action '{step.Action}' reads what discover-content found; put a discover-content step before it.");
    }

    public void KeepFor(CaseRun run) => ByCase.AddOrUpdate(run, this);

    public bool Knows(string repository, string digest) => _manifests.ContainsKey(Key(repository, digest));

    public void Add(FoundManifest manifest) => _manifests.TryAdd(Key(manifest.Repository, manifest.Digest), manifest);

    public void Add(FoundBlob blob) => _blobs.TryAdd(Key(blob.Repository, blob.Digest), blob);

    public void Add(ResolvedTag tag) => _tags.Add(tag);

    private static string Key(string repository, string digest) => $"{repository}@{digest}";
}
