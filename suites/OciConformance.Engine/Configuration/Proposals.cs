namespace OciConformance.Configuration;

/// <summary>
/// The proposals the suite knows, by the name of the optional feature each one is. A proposal's rules bind a registry
/// that shows the proposal's own signal, or whose operator declares it in <c>run.proposals</c>; a registry that merely
/// stores the proposal's manifests as opaque JSON does neither, and reads "not supported".
/// </summary>
public static class Proposals
{
    /// <summary>The ORAS artifacts extension (oras-project/artifacts-spec): its manifest and its referrers endpoint.</summary>
    public const string OrasArtifacts = "oras-artifacts";

    /// <summary>The OCI artifact manifest of image-spec v1.1.0-rc2, withdrawn before v1.1.0.</summary>
    public const string ArtifactManifest = "oci-artifact-manifest";

    /// <summary>
    /// The generic object manifest drafted in opencontainers/artifacts pull request 37. The draft names no way for a
    /// registry to announce it, so its signal is the acceptance of its media type, or this declaration.
    /// </summary>
    public const string ObjectManifest = "oci-object-manifest";

    public static IReadOnlyList<string> All { get; } = [OrasArtifacts, ArtifactManifest, ObjectManifest];
}
