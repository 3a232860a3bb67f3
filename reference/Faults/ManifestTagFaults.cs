using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Faults;

/// <summary>The tag schema of the referrers fallback: <c>&lt;algorithm&gt;-&lt;hex&gt;</c>, possibly truncated.</summary>
internal static class FallbackTags
{
    public static bool Matches(string tag) =>
        tag.StartsWith("sha256-", StringComparison.Ordinal) || tag.StartsWith("sha512-", StringComparison.Ordinal);
}

internal sealed class TagParamIgnored() : RegistryFault(
    "tag-param-ignored",
    "The tag= parameters of a manifest PUT by digest are ignored.",
    "Optional (MAY): a manifest PUT by digest tags it with each tag= parameter.")
{
    public override void Apply(FaultLayer layer) => layer.AlterRequest(ManifestPushes.IsPut, x => x.SetQuery("tag", []));
}

internal sealed class TagParamMaxNine() : RegistryFault(
    "tag-param-max-nine",
    "Only the first nine tag= parameters of a manifest PUT are applied; the rest are dropped silently.",
    "A registry supporting tag= SHOULD apply at least ten of them.")
{
    public override void Apply(FaultLayer layer) =>
        layer.AlterRequest(ManifestPushes.IsPut, x => x.SetQuery("tag", x.Query["tag"].Select(t => t ?? string.Empty).Distinct(StringComparer.Ordinal).Take(9)));
}

internal sealed class TagParamNoOciTagHeader() : RegistryFault(
    "tag-param-no-oci-tag-header",
    "A manifest PUT with tag= parameters answers without OCI-Tag.",
    "A registry applying tag= parameters MUST list the tags it applied in OCI-Tag.")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(ManifestPushes.IsStored, "OCI-Tag");
}

internal sealed class TagParamWrongStatus() : RegistryFault(
    "tag-param-wrong-status",
    "A manifest PUT with tag= parameters answers 200 instead of 201.",
    "PUT of a manifest by digest with tag= parameters MUST answer 201 (end-7b).")
{
    public override void Apply(FaultLayer layer) => layer.ReplaceStatus(x => ManifestPushes.IsPut(x) && x.Query.ContainsKey("tag"), 201, 200);
}

internal sealed class FallbackTagRefused() : RegistryFault(
    "fallback-tag-refused",
    "An image index pushed under a tag of the form `sha256-<hex>` is refused with 400 MANIFEST_INVALID.",
    "An index pushed under a referrers (fallback) tag MUST be accepted with 201.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IMetadataStore>((store, _) => new Store(store));

    private sealed class Store(IMetadataStore inner) : MetadataStoreDecorator(inner)
    {
        public override ManifestPutResult PutManifest(string name, StoredManifest manifest, IReadOnlyList<string> tags) =>
            manifest.MediaType == MediaTypes.OciIndex && tags.FirstOrDefault(FallbackTags.Matches) is { } tag
                ? ManifestPutResult.Refused(RegistryError.ManifestInvalid("invalid tag", new { tag }))
                : base.PutManifest(name, manifest, tags);
    }
}

internal sealed class FallbackTagNotMoved() : RegistryFault(
    "fallback-tag-not-moved",
    "Pushing to an existing `sha256-<hex>` tag answers 201 but leaves the tag on the old manifest.",
    "Pushing a new index under an existing referrers tag MUST move the tag.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IMetadataStore>((store, _) => new Store(store));

    private sealed class Store(IMetadataStore inner) : MetadataStoreDecorator(inner)
    {
        public override ManifestPutResult PutManifest(string name, StoredManifest manifest, IReadOnlyList<string> tags) =>
            base.PutManifest(name, manifest, [.. tags.Where(t => !FallbackTags.Matches(t) || ResolveTag(name, t) is null)]);
    }
}
