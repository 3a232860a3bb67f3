namespace OciConformance.Configuration;

/// <summary>
/// What the read-only profile reads: content that already exists in the registry, named by the user, and how much of
/// it the suite may download. The distribution-spec suite's variables name tags and digests inside
/// <c>target.namespace</c>; they join the references here.
/// </summary>
public sealed record ReadOnlyOptions
{
    public const int DefaultByteBudget = 64 * 1024 * 1024;

    /// <summary><c>repository:tag</c> or <c>repository@digest</c>, each naming a manifest or an index.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Tags of <c>target.namespace</c> (OCI_TAG_NAME).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Tags of <c>target.namespace</c> its tags list holds (OCI_TAG_LIST).</summary>
    public IReadOnlyList<string> TagList { get; init; } = [];

    /// <summary>Manifest digests in <c>target.namespace</c> (OCI_MANIFEST_DIGEST).</summary>
    public IReadOnlyList<string> Manifests { get; init; } = [];

    /// <summary>Blob digests in <c>target.namespace</c> (OCI_BLOB_DIGEST), checked as blobs.</summary>
    public IReadOnlyList<string> Blobs { get; init; } = [];

    /// <summary>A blob larger than this is checked by HEAD and Range samples instead of a whole download.</summary>
    public int ByteBudget { get; init; } = DefaultByteBudget;

    /// <summary>Download every blob whole, whatever its size.</summary>
    public bool WholeDownloads { get; init; }

    /// <summary>Whether any content is named at all; without it the read-only profile has nothing to read.</summary>
    public bool NamesContent => References.Count + Tags.Count + TagList.Count + Manifests.Count + Blobs.Count > 0;

    /// <summary>Every manifest reference, those of the distribution-spec suite's variables resolved in <paramref name="targetNamespace"/>.</summary>
    public IReadOnlyList<ContentReference> ManifestReferences(string targetNamespace) =>
    [
        .. References.Select(ContentReference.Parse)
            .Concat(Tags.Concat(TagList).Select(tag => new ContentReference(targetNamespace, tag, null)))
            .Concat(Manifests.Select(digest => new ContentReference(targetNamespace, null, digest)))
            .Distinct(),
    ];

    /// <summary>The blobs named on their own, in <paramref name="targetNamespace"/>.</summary>
    public IReadOnlyList<ContentReference> BlobReferences(string targetNamespace) =>
        [.. Blobs.Distinct(StringComparer.Ordinal).Select(digest => new ContentReference(targetNamespace, null, digest))];

    /// <summary>What to set when the read-only profile is asked for and nothing is named.</summary>
    public const string NothingNamed =
        "the read-only profile reads content that already exists, and none is named: set readOnly.references "
        + "(--reference REPOSITORY:TAG or REPOSITORY@DIGEST, comma-separated; CONFORMANCE__READONLY__REFERENCES), "
        + "or the distribution-spec suite's OCI_TAG_NAME, OCI_MANIFEST_DIGEST or OCI_TAG_LIST with OCI_NAMESPACE";
}

/// <summary>A manifest (or blob) in a repository, by tag or by digest.</summary>
public sealed record ContentReference(string Repository, string? Tag, string? Digest)
{
    /// <summary>The tag or digest as a manifest URL ends with it.</summary>
    public string Reference => Tag ?? Digest!;

    /// <summary>Reads <c>repository:tag</c> or <c>repository@digest</c>; the schema has already checked the form.</summary>
    public static ContentReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            return new ContentReference(text[..at], null, text[(at + 1)..]);
        }

        var colon = text.LastIndexOf(':');
        return colon > 0 && text.IndexOf('/', colon) < 0
            ? new ContentReference(text[..colon], text[(colon + 1)..], null)
            : throw new FormatException($"'{text}' is not a reference of the form repository:tag or repository@digest.");
    }

    public override string ToString() => Tag is not null ? $"{Repository}:{Tag}" : $"{Repository}@{Digest}";
}
