using OciConformance.Engine.ActionSteps.ReadOnly;
using OciConformance.Results;

namespace OciConformance.Engine.Cleanup;

/// <summary>One tag, manifest or blob in the registry that a run created, or that an earlier run left behind.</summary>
public sealed record CreatedContent(ContentKind Kind, string Repository, string Reference)
{
    /// <summary>The scenario whose case created it; null when found in the registry rather than seen being created.</summary>
    public string? Case { get; init; }

    public long? Size { get; init; }
    public string? MediaType { get; init; }

    /// <summary>A referrer's subject digest.</summary>
    public string? Subject { get; init; }

    /// <summary>The manifests a manifest points at (its subject, an index's entries): it is deleted before them.</summary>
    public IReadOnlyList<string> PointsAt { get; init; } = [];

    /// <summary>A manifest with what its body shows: media type, subject, and the manifests it points at.</summary>
    public static CreatedContent Manifest(string repository, string digest, ManifestShape shape, string? mediaType)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new(ContentKind.Manifest, repository, digest)
        {
            MediaType = mediaType ?? shape.MediaType,
            Subject = shape.Subject,
            PointsAt = [.. shape.Children.Select(c => c.Digest), .. shape.Subject is { } subject ? [subject] : Array.Empty<string>()],
        };
    }

    /// <summary>Where it is deleted: a tag or manifest under <c>manifests/</c>, a blob under <c>blobs/</c>.</summary>
    public RegistryPath Path => new(Repository, Kind == ContentKind.Blob ? PathKind.Blob : PathKind.Manifest, Reference);

    public CleanupItem Became(CleanupState state, string? reason = null) => new()
    {
        Kind = Kind,
        Repository = Repository,
        Reference = Reference,
        Case = Case,
        Size = Size,
        MediaType = MediaType,
        Subject = Subject,
        State = state,
        Reason = reason,
    };

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Repository}{(Kind == ContentKind.Tag ? ":" : "@")}{Reference}";
}
