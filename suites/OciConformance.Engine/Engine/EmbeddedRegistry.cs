using OciConformance.Configuration;
using OciConformance.Reference;

namespace OciConformance.Engine;

/// <summary>How the suite sets up the embedded reference registry it runs against when no target is configured.</summary>
public static class EmbeddedRegistry
{
    /// <summary>
    /// Small referrers pages, so that a default run also exercises the client side of referrers pagination.
    /// </summary>
    public const int ReferrersPageSize = 16;

    public static RegistryOptions Options(EmbeddedOptions embedded)
    {
        ArgumentNullException.ThrowIfNull(embedded);
        return new RegistryOptions
        {
            ReferrersApi = embedded.ReferrersApi,
            ArtifactManifest = embedded.ArtifactManifest,
            OrasArtifacts = embedded.OrasArtifacts,
            StoragePath = embedded.StoragePath,

            // The MAY of mounting without from is on, so a default run shows that check passing too.
            MountWithoutFrom = true,

            // The object manifest draft has no embedded switch of its own yet: on, so a default run (and its bundle)
            // passes the object-manifest profile as it does the other proposals' profiles.
            ObjectManifest = true,
            ReferrersPageSize = ReferrersPageSize,
        };
    }
}
