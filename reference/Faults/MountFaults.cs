using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Faults;

internal sealed class MountIgnored() : RegistryFault(
    "mount-ignored",
    "A mount with from= always opens an upload session (202) instead of mounting.",
    "Optional: cross-repository mount answers 201 when it can mount (202 is the allowed fallback).")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IBlobMounts>((mounts, _) => new Mounts(mounts));

    private sealed class Mounts(IBlobMounts inner) : BlobMountsDecorator(inner)
    {
        public override bool Mount(MountRequest request) => request.From is null && base.Mount(request);
    }
}

internal sealed class MountWithoutFromIgnored() : RegistryFault(
    "mount-without-from-ignored",
    "A mount without from opens an ordinary upload session (202) although --mount-without-from is on.",
    "Optional (MAY): a mount without from finds the blob in another repository (202 is the allowed answer of a registry that does not).")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IBlobMounts>((mounts, _) => new Mounts(mounts));

    private sealed class Mounts(IBlobMounts inner) : BlobMountsDecorator(inner)
    {
        public override bool Mount(MountRequest request) => request.From is not null && base.Mount(request);
    }
}

internal sealed class MountWithoutFromPhantom() : RegistryFault(
    "mount-without-from-phantom",
    "A mount without from answers 201 but never links the blob into the target repository (needs --mount-without-from).",
    "A mount answered with 201 MUST have put the blob in the target repository, at the Location given.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IBlobMounts>((mounts, _) => new Mounts(mounts));

    private sealed class Mounts(IBlobMounts inner) : BlobMountsDecorator(inner)
    {
        public override bool Mount(MountRequest request) => request.From is null ? Source(request) is not null : base.Mount(request);
    }
}

internal sealed class MountMissingBlob400() : RegistryFault(
    "mount-missing-blob-400",
    "A mount of a blob that no repository holds answers 400 BLOB_UNKNOWN instead of opening an upload session.",
    "SHOULD: a mount that cannot happen opens an ordinary session with 202; end-11 fails only with 404.")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(
            x => UploadRequests.IsPost(x) && x.Reference.Length == 0 && x.QueryDigest("mount") is { } mounted && !Held(x, mounted),
            x => x.ErrorAsync(RegistryError.BlobUnknown(x.QueryDigest("mount")!) with { Status = 400 }));

    private static bool Held(Exchange x, Digest digest) => x.Services.Metadata.RepositoryNames().Any(r => x.Services.Metadata.HasBlob(r, digest));
}

internal sealed class MountFallbackNoLocation() : RegistryFault(
    "mount-fallback-no-location",
    "A mount that falls back to an upload session answers 202 without Location.",
    "SHOULD: a mount the registry does not perform opens an ordinary session (202 with Location).")
{
    public override void Apply(FaultLayer layer) =>
        layer.RemoveHeader(x => UploadRequests.IsPost(x) && x.Query.ContainsKey("mount") && x.Status == 202, "Location");
}
