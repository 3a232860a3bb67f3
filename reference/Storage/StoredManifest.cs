using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Storage;

/// <summary>A descriptor a manifest points at, reduced to what the registry checks.</summary>
internal sealed record DescriptorRef(Digest Digest, bool External);

/// <summary>
/// What the registry needs to know about a parsed manifest. <c>ReferrerArtifactType</c> is the artifactType as the
/// referrers list reports it (already falling back to the config media type); <c>Blobs</c> and <c>Children</c> must
/// exist as blobs and manifests; <c>ListedAsOciReferrer</c> says whether the OCI referrers API lists it.
/// </summary>
internal sealed record ManifestInfo(
    string MediaType,
    Digest? Subject,
    string? ReferrerArtifactType,
    IReadOnlyDictionary<string, string>? Annotations,
    IReadOnlyList<DescriptorRef> Blobs,
    IReadOnlyList<DescriptorRef> Children,
    bool ListedAsOciReferrer);

/// <summary>A manifest exactly as pushed, plus what was learnt from parsing it.</summary>
internal sealed record StoredManifest(Digest Digest, byte[] Bytes, ManifestInfo Info)
{
    public string MediaType => Info.MediaType;
}
