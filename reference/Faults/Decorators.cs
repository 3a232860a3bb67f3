using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Faults;

// Wrappers that pass every call on, so a fault overrides only the one behaviour it breaks.

internal abstract class PolicyDecorator(IRegistryPolicy inner) : IRegistryPolicy
{
    public virtual long MaxManifestBytes => inner.MaxManifestBytes;

    public virtual bool IsValidRepository(string name) => inner.IsValidRepository(name);

    public virtual bool IsValidTag(string tag) => inner.IsValidTag(tag);

    public virtual bool SupportsAlgorithm(string algorithm) => inner.SupportsAlgorithm(algorithm);

    public virtual bool RequiresReferences(ManifestInfo manifest) => inner.RequiresReferences(manifest);

    public virtual bool RequiresSubject(ManifestInfo manifest) => inner.RequiresSubject(manifest);
}

internal abstract class MetadataStoreDecorator(IMetadataStore inner) : IMetadataStore
{
    public virtual bool RepositoryExists(string name) => inner.RepositoryExists(name);

    public virtual bool HasBlob(string name, Digest digest) => inner.HasBlob(name, digest);

    public virtual StoredManifest? GetManifest(string name, Digest digest) => inner.GetManifest(name, digest);

    public virtual StoredManifest? ResolveTag(string name, string tag) => inner.ResolveTag(name, tag);

    public virtual IReadOnlyList<string>? Tags(string name) => inner.Tags(name);

    public virtual IReadOnlyList<string> RepositoryNames() => inner.RepositoryNames();

    public virtual IReadOnlyList<StoredManifest> Referrers(string name, Digest subject) => inner.Referrers(name, subject);

    public virtual void LinkBlob(string name, Digest digest) => inner.LinkBlob(name, digest);

    public virtual bool UnlinkBlob(string name, Digest digest, out bool stillLinked) => inner.UnlinkBlob(name, digest, out stillLinked);

    public virtual ManifestPutResult PutManifest(string name, StoredManifest manifest, IReadOnlyList<string> tags) => inner.PutManifest(name, manifest, tags);

    public virtual bool DeleteManifest(string name, Digest digest) => inner.DeleteManifest(name, digest);

    public virtual bool DeleteTag(string name, string tag) => inner.DeleteTag(name, tag);
}

internal abstract class UploadSessionsDecorator(IUploadSessions inner) : IUploadSessions
{
    public virtual UploadSession Open(string repository, string algorithm) => inner.Open(repository, algorithm);

    public virtual UploadSession OpenPrivate(string repository, string algorithm) => inner.OpenPrivate(repository, algorithm);

    public virtual UploadSession? Find(string repository, string id) => inner.Find(repository, id);

    public virtual void Close(UploadSession session) => inner.Close(session);

    public virtual Task<RegistryError?> AppendAsync(UploadSession session, Stream content, ChunkRange? range, long? contentLength, CancellationToken cancellationToken) =>
        inner.AppendAsync(session, content, range, contentLength, cancellationToken);

    public virtual Task<RegistryError?> VerifyAsync(UploadSession session, Digest digest, CancellationToken cancellationToken) =>
        inner.VerifyAsync(session, digest, cancellationToken);

    public virtual void Commit(UploadSession session, Digest digest) => inner.Commit(session, digest);
}

internal abstract class BlobMountsDecorator(IBlobMounts inner) : IBlobMounts
{
    public virtual string? Source(MountRequest request) => inner.Source(request);

    public virtual bool Mount(MountRequest request) => inner.Mount(request);
}

internal abstract class ManifestAdmissionDecorator(IManifestAdmission inner) : IManifestAdmission
{
    public virtual (ManifestInfo? Info, RegistryError? Error) Parse(ManifestPush push) => inner.Parse(push);

    public virtual (Digest? Digest, RegistryError? Error) Identify(ManifestPush push) => inner.Identify(push);
}

/// <summary>Referrers faults reshape lists, so this wrapper takes the reshaping as functions of the plain service.</summary>
internal sealed class ReferrersDecorator(
    IReferrers inner,
    Func<IReferrers, string, Digest, string?, ReferrersList>? oci = null,
    Func<IReferrers, string, Digest, string?, IReadOnlyList<StoredManifest>>? oras = null) : IReferrers
{
    public ReferrersList Oci(string repository, Digest subject, string? artifactType) =>
        oci is null ? inner.Oci(repository, subject, artifactType) : oci(inner, repository, subject, artifactType);

    public IReadOnlyList<StoredManifest> Oras(string repository, Digest subject, string? artifactType) =>
        oras is null ? inner.Oras(repository, subject, artifactType) : oras(inner, repository, subject, artifactType);
}

internal abstract class TokenServiceDecorator(ITokenService inner) : ITokenService
{
    public virtual RegistryUser? Authenticate(string name, string password) => inner.Authenticate(name, password);

    public virtual RegistryUser? Anonymous => inner.Anonymous;

    public virtual (string Token, TokenGrant Grant)? Issue(RegistryUser user, IEnumerable<string> scopes) => inner.Issue(user, scopes);

    public virtual TokenGrant? Find(string token) => inner.Find(token);

    public virtual bool Allows(TokenGrant grant, Access access) => inner.Allows(grant, access);

    public virtual string IssueRefreshToken(RegistryUser user, string? service) => inner.IssueRefreshToken(user, service);

    public virtual RegistryUser? Redeem(string refreshToken, string? service) => inner.Redeem(refreshToken, service);
}
