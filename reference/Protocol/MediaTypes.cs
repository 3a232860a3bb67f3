using System.Text.RegularExpressions;

namespace OciConformance.Reference.Protocol;

internal static partial class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciArtifact = "application/vnd.oci.artifact.manifest.v1+json";
    public const string OrasArtifact = "application/vnd.cncf.oras.artifact.manifest.v1+json";
    public const string OciObject = "application/vnd.oci.object.manifest.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string Json = "application/json";
    public const string OctetStream = "application/octet-stream";

    /// <summary>Drops parameters (the spec asks registries to ignore them) and normalises case.</summary>
    public static string? Essence(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var essence = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return essence.Length == 0 ? null : essence.ToLowerInvariant();
    }

    /// <summary>RFC 6838 section 4.2 type/subtype names.</summary>
    public static bool IsValid(string mediaType) => Rfc6838().IsMatch(mediaType);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$")]
    private static partial Regex Rfc6838();
}
