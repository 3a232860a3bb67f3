using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Http;

/// <summary>A cross-repository mount asked for by <c>?mount=&lt;digest&gt;[&amp;from=&lt;repository&gt;]</c>; <paramref name="MayPull"/> tells which repositories the caller may read.</summary>
internal sealed record MountRequest(string Target, Digest Digest, string? From, Func<string, bool> MayPull);

/// <summary>Cross-repository blob mounts.</summary>
internal interface IBlobMounts
{
    /// <summary>The repository the blob would be mounted from, or null when none qualifies.</summary>
    string? Source(MountRequest request);

    /// <summary>Links the blob into the target repository; false when it cannot (the client then gets an upload session).</summary>
    bool Mount(MountRequest request);
}

/// <summary>
/// Mounts only from a repository the caller may read: the named one, or, without <c>from</c> and when the switch allows
/// it, the first that holds the blob.
/// </summary>
internal sealed class BlobMounts(IMetadataStore metadata, BlobGate gate, IRegistryPolicy policy, RegistryOptions options) : IBlobMounts
{
    public string? Source(MountRequest request) => request.From is { } from
        ? (MayMountFrom(request, from) ? from : null)
        : options.MountWithoutFrom
            ? metadata.RepositoryNames().FirstOrDefault(r => r != request.Target && MayMountFrom(request, r))
            : null;

    public bool Mount(MountRequest request) => Source(request) is not null && gate.Mount(request.Target, request.Digest);

    private bool MayMountFrom(MountRequest request, string repository) =>
        policy.IsValidRepository(repository) && metadata.HasBlob(repository, request.Digest) && request.MayPull(repository);
}
