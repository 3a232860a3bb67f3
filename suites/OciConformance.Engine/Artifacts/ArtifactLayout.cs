using OciConformance.Content;

namespace OciConformance.Artifacts;

/// <summary>A blob of a layout: its descriptor's digest, size and media type, and the file that holds its bytes.</summary>
public sealed record LayoutBlob(Digest Digest, long Size, string MediaType, string File);

/// <summary>A manifest or index of a layout, exactly as the layout holds it.</summary>
public sealed record LayoutManifest(Digest Digest, string MediaType, byte[] Bytes);

/// <summary>
/// One artifact to run the round trip with: its manifest and everything it needs, read from an OCI image layout or a
/// plain folder and checked (every digest and size) before any request. <see cref="Prerequisites"/> are the manifests
/// pushed by digest before the artifact itself (an index's children, the subject and what it needs), in push order;
/// <see cref="Blobs"/> every blob they and the artifact need, each once.
/// </summary>
public sealed record ArtifactLayout
{
    /// <summary>The name cases and reports use: lower-case letters, digits and dashes.</summary>
    public required string Name { get; init; }

    public required string Title { get; init; }

    /// <summary>The folder it was read from.</summary>
    public required string Source { get; init; }

    /// <summary>The tag the round trip pushes the artifact under.</summary>
    public required string Tag { get; init; }

    public required LayoutManifest Manifest { get; init; }

    public LayoutManifest? Subject { get; init; }

    public required IReadOnlyList<LayoutManifest> Prerequisites { get; init; }

    public required IReadOnlyList<LayoutBlob> Blobs { get; init; }

    /// <summary>The artifactType the referrers API lists it under: its own, else its config's media type (none for an index).</summary>
    public string? ReferrerType { get; init; }

    /// <summary>What loading found worth saying, e.g. that no schema knows its media type.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>True for a pack shipped under <c>fixtures/artifacts/</c>, false for one named by <c>artifacts</c>.</summary>
    public bool IsPack { get; init; }
}
