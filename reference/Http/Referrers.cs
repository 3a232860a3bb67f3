using System.Globalization;
using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Http;

/// <summary>The manifests a referrers list holds, and whether the artifactType filter was applied to them.</summary>
internal sealed record ReferrersList(IReadOnlyList<StoredManifest> Manifests, bool FilterApplied);

/// <summary>Which manifests refer to a subject, as the OCI referrers API and the ORAS extension each list them.</summary>
internal interface IReferrers
{
    /// <summary>What the OCI referrers API lists, in no particular order, filtered by a non-empty <paramref name="artifactType"/>.</summary>
    ReferrersList Oci(string repository, Digest subject, string? artifactType);

    /// <summary>What the ORAS referrers endpoint lists: newest first, filtered by a non-empty <paramref name="artifactType"/>.</summary>
    IReadOnlyList<StoredManifest> Oras(string repository, Digest subject, string? artifactType);
}

internal sealed class Referrers(IMetadataStore metadata, RegistryOptions options) : IReferrers
{
    private const string OrasCreated = "io.cncf.oras.artifact.created";

    public ReferrersList Oci(string repository, Digest subject, string? artifactType)
    {
        var listed = metadata.Referrers(repository, subject)
            .Where(m => m.Info.ListedAsOciReferrer && (m.MediaType != MediaTypes.OciArtifact || options.ArtifactManifest));
        return string.IsNullOrEmpty(artifactType)
            ? new ReferrersList([.. listed], FilterApplied: false)
            : new ReferrersList([.. listed.Where(m => m.Info.ReferrerArtifactType == artifactType)], FilterApplied: true);
    }

    /// <summary>Undated manifests come after the dated ones; digest order keeps ties stable.</summary>
    public IReadOnlyList<StoredManifest> Oras(string repository, Digest subject, string? artifactType)
    {
        IEnumerable<StoredManifest> listed = metadata.Referrers(repository, subject)
            .OrderBy(m => Created(m) is null)
            .ThenByDescending(Created)
            .ThenBy(m => m.Digest.ToString(), StringComparer.Ordinal);
        return string.IsNullOrEmpty(artifactType) ? [.. listed] : [.. listed.Where(m => m.Info.ReferrerArtifactType == artifactType)];
    }

    /// <summary>The ORAS creation annotation, which orders the ORAS referrers list.</summary>
    public static DateTimeOffset? Created(StoredManifest manifest) =>
        manifest.Info.Annotations is { } annotations && annotations.TryGetValue(OrasCreated, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? created
            : null;
}
