using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Storage;

/// <summary>Repositories: blob links, manifests and tags.</summary>
internal interface IMetadataStore
{
    bool RepositoryExists(string name);

    bool HasBlob(string name, Digest digest);

    StoredManifest? GetManifest(string name, Digest digest);

    StoredManifest? ResolveTag(string name, string tag);

    /// <summary>Tags in ordinal order, or null when the repository does not exist.</summary>
    IReadOnlyList<string>? Tags(string name);

    IReadOnlyList<string> RepositoryNames();

    /// <summary>Manifests of the repository whose subject is <paramref name="subject"/>.</summary>
    IReadOnlyList<StoredManifest> Referrers(string name, Digest subject);

    void LinkBlob(string name, Digest digest);

    /// <summary>Removes the link; returns false when the repository had none, and reports whether any repository still links the blob.</summary>
    bool UnlinkBlob(string name, Digest digest, out bool stillLinked);

    /// <summary>Stores a manifest and points the tags at it, unless a reference the policy requires is missing.</summary>
    ManifestPutResult PutManifest(string name, StoredManifest manifest, IReadOnlyList<string> tags);

    bool DeleteManifest(string name, Digest digest);

    bool DeleteTag(string name, string tag);
}

/// <summary>A manifest PUT refused with <paramref name="Error"/>, or stored with <paramref name="Tags"/> now pointing at it.</summary>
internal sealed record ManifestPutResult(RegistryError? Error, IReadOnlyList<string> Tags)
{
    public static ManifestPutResult Refused(RegistryError error) => new(error, []);
}
