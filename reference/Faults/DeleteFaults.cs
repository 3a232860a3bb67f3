using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Faults;

/// <summary>The deletes the endpoints carry out: deletion on, and a reference they take (a valid tag or a well-formed digest).</summary>
internal static class Deletes
{
    public static bool IsTagDelete(Exchange x) =>
        x.Is(RouteKind.Manifest, HttpMethods.Delete) && x.Services.Options.DeleteEnabled
        && ManifestReads.IsTag(x) && x.Services.Policy.IsValidTag(x.Reference);

    /// <summary>A manifest delete by digest; <paramref name="repositoryExists"/> says in which kind of repository.</summary>
    public static bool IsManifestDelete(Exchange x, bool repositoryExists) =>
        x.Is(RouteKind.Manifest, HttpMethods.Delete) && x.Services.Options.DeleteEnabled
        && x.ReferenceDigest is not null && x.Services.Metadata.RepositoryExists(x.Name) == repositoryExists;

    public static bool IsBlobDelete(Exchange x) =>
        x.Is(RouteKind.Blob, HttpMethods.Delete) && x.Services.Options.DeleteEnabled && x.ReferenceDigest is not null;

    /// <summary>The 501 a registry gives for a delete it has not implemented, which no rule allows.</summary>
    public static Task NotImplementedAsync(Exchange x, string what) =>
        x.ErrorAsync(new RegistryError(StatusCodes.Status501NotImplemented, ErrorCode.Unsupported, $"{what} deletion is not implemented"));

    public static Task AcceptedAsync(Exchange x) => Responses.EmptyAsync(x.Context, StatusCodes.Status202Accepted);
}

internal sealed class DeleteManifestKeepsContent() : RegistryFault(
    "delete-manifest-keeps-content",
    "Manifest DELETE answers 202 but the manifest stays pullable.",
    "After a delete, GET of that manifest MUST answer 404.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IMetadataStore>((store, _) => new Store(store));

    private sealed class Store(IMetadataStore inner) : MetadataStoreDecorator(inner)
    {
        public override bool DeleteManifest(string name, Digest digest) => GetManifest(name, digest) is not null;
    }
}

internal sealed class DeleteBlobKeepsContent() : RegistryFault(
    "delete-blob-keeps-content",
    "Blob DELETE answers 202 but the blob stays pullable.",
    "After a delete, GET of that blob MUST answer 404.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IMetadataStore>((store, _) => new Store(store));

    private sealed class Store(IMetadataStore inner) : MetadataStoreDecorator(inner)
    {
        /// <summary>Reports the link dropped while keeping it, and says it is still linked so the bytes stay too.</summary>
        public override bool UnlinkBlob(string name, Digest digest, out bool stillLinked)
        {
            stillLinked = true;
            return HasBlob(name, digest);
        }
    }
}

internal sealed class TagDeleteKeepsTag() : RegistryFault(
    "tag-delete-keeps-tag",
    "Tag DELETE answers 202 but the tag still resolves.",
    "After a tag delete, GET of that tag MUST answer 404.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IMetadataStore>((store, _) => new Store(store));

    private sealed class Store(IMetadataStore inner) : MetadataStoreDecorator(inner)
    {
        public override bool DeleteTag(string name, string tag) => ResolveTag(name, tag) is not null;
    }
}

internal sealed class DeleteTagUnsupported() : RegistryFault(
    "delete-tag-unsupported",
    "Tag DELETE answers 405 UNSUPPORTED while manifest deletes work.",
    "Optional (MAY): tag deletion; when disabled the answer is 400 or 405 (this one is the allowed form).")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(Deletes.IsTagDelete, x => x.ErrorAsync(RegistryError.Unsupported("tag deletion is disabled")));
}

internal sealed class DeleteTagWrongStatus() : RegistryFault(
    "delete-tag-wrong-status",
    "Tag DELETE answers 501 Not Implemented.",
    "When tag deletion is disabled the registry MUST answer 400 or 405.")
{
    public override void Apply(FaultLayer layer) => layer.Answer(Deletes.IsTagDelete, x => Deletes.NotImplementedAsync(x, "tag"));
}

internal sealed class ManifestDeleteUnsupported() : RegistryFault(
    "manifest-delete-unsupported",
    "Manifest DELETE answers 405 UNSUPPORTED (deletion disabled) while tag and blob deletes work.",
    "Optional: manifest deletion (when disabled the answer is 400 or 405; this one is the allowed form).")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(x => Deletes.IsManifestDelete(x, repositoryExists: true), x => x.ErrorAsync(RegistryError.Unsupported("manifest deletion is disabled")));
}

internal sealed class ManifestDeleteWrongStatus() : RegistryFault(
    "manifest-delete-wrong-status",
    "Manifest DELETE by digest answers 501 Not Implemented.",
    "Manifest DELETE MUST answer 202, or 400/405 when deletion is disabled.")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(x => Deletes.IsManifestDelete(x, repositoryExists: true), x => Deletes.NotImplementedAsync(x, "manifest"));
}

internal sealed class ManifestDeleteRepoUnknownAccepted() : RegistryFault(
    "manifest-delete-repo-unknown-accepted",
    "Manifest DELETE in a repository that does not exist answers 202.",
    "Manifest DELETE in an unknown repository MUST answer 404.")
{
    public override void Apply(FaultLayer layer) => layer.Answer(x => Deletes.IsManifestDelete(x, repositoryExists: false), Deletes.AcceptedAsync);
}

internal sealed class BlobDeleteWrongStatus() : RegistryFault(
    "blob-delete-wrong-status",
    "Blob DELETE answers 501 Not Implemented.",
    "Blob DELETE MUST answer 202, or 400/405 when deletion is disabled.")
{
    public override void Apply(FaultLayer layer) => layer.Answer(Deletes.IsBlobDelete, x => Deletes.NotImplementedAsync(x, "blob"));
}

internal sealed class BlobDeleteUnknownAccepted() : RegistryFault(
    "blob-delete-unknown-accepted",
    "DELETE of a blob the repository does not hold answers 202.",
    "DELETE of an unknown blob MUST answer 404.")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(x => Deletes.IsBlobDelete(x) && !x.Services.Metadata.HasBlob(x.Name, x.ReferenceDigest!), Deletes.AcceptedAsync);
}

internal sealed class ManifestDeleteUnknownAccepted() : RegistryFault(
    "manifest-delete-unknown-accepted",
    "A manifest DELETE by digest in an existing repository that does not hold that manifest answers 202 as if it had deleted it.",
    "Only the endpoint table's failure column (end-9) suggests a 404 here; the text demands one only for a missing repository, so this is at most a warning.")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(
            x => Deletes.IsManifestDelete(x, repositoryExists: true) && x.ReferenceDigest is { } digest
                && Digest.IsKnownAlgorithm(digest.Algorithm) && x.Services.Metadata.GetManifest(x.Name, digest) is null,
            Deletes.AcceptedAsync);
}
