using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Protocol;

/// <summary>
/// The rules a registry applies to what clients ask it to name and store: the spec's grammars, the digest algorithms it
/// hashes, its manifest size limit, and which references of a pushed manifest must already exist.
/// </summary>
internal interface IRegistryPolicy
{
    bool IsValidRepository(string name);

    bool IsValidTag(string tag);

    bool SupportsAlgorithm(string algorithm);

    long MaxManifestBytes { get; }

    /// <summary>Whether the manifest's blobs and child manifests must be in its repository (the spec lets a registry refuse it otherwise).</summary>
    bool RequiresReferences(ManifestInfo manifest);

    /// <summary>Whether the manifest's subject must be in its repository.</summary>
    bool RequiresSubject(ManifestInfo manifest);
}

/// <summary>The spec's rules, taking the strict side where it leaves room.</summary>
internal sealed class SpecPolicy(RegistryOptions options) : IRegistryPolicy
{
    public bool IsValidRepository(string name) => Names.IsValidRepository(name);

    public bool IsValidTag(string tag) => Names.IsValidTag(tag);

    public bool SupportsAlgorithm(string algorithm) => Digest.IsKnownAlgorithm(algorithm);

    public long MaxManifestBytes => options.MaxManifestBytes;

    public bool RequiresReferences(ManifestInfo manifest) => true;

    /// <summary>The OCI spec requires accepting a missing subject; the ORAS artifact spec asks for a 400.</summary>
    public bool RequiresSubject(ManifestInfo manifest) => manifest.MediaType == MediaTypes.OrasArtifact;
}
