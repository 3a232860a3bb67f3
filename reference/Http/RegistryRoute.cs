using System.Text.RegularExpressions;

namespace OciConformance.Reference.Http;

internal enum RouteKind
{
    Base,
    Catalog,
    Manifest,
    Blob,
    Upload,
    Tags,
    Referrers,
    OrasReferrers,
    ExtensionDiscovery,
}

/// <summary>
/// A parsed <c>/v2/</c> path. Names contain slashes, so the name is whatever precedes the last recognised
/// suffix; tags, digests and upload ids never contain a slash, which keeps the split unambiguous.
/// </summary>
internal sealed partial record RegistryRoute(RouteKind Kind, string Name, string Reference)
{
    public static RegistryRoute? Parse(string path)
    {
        if (path is "/v2" or "/v2/")
        {
            return new RegistryRoute(RouteKind.Base, string.Empty, string.Empty);
        }

        if (path is "/v2/_catalog")
        {
            return new RegistryRoute(RouteKind.Catalog, string.Empty, string.Empty);
        }

        var patterns = new (Regex Pattern, RouteKind Kind)[]
        {
            (UploadPath(), RouteKind.Upload),
            (BlobPath(), RouteKind.Blob),
            (ManifestPath(), RouteKind.Manifest),
            (TagsPath(), RouteKind.Tags),
            (ReferrersPath(), RouteKind.Referrers),
            (OrasPath(), RouteKind.OrasReferrers),
            (DiscoverPath(), RouteKind.ExtensionDiscovery),
        };
        foreach (var (pattern, kind) in patterns)
        {
            var match = pattern.Match(path);
            if (match.Success)
            {
                return new RegistryRoute(kind, match.Groups["name"].Value, match.Groups["ref"].Value);
            }
        }

        return null;
    }

    [GeneratedRegex("^/v2/(?<name>.+)/blobs/uploads/?(?<ref>[^/]*)$")]
    private static partial Regex UploadPath();

    [GeneratedRegex("^/v2/(?<name>.+)/blobs/(?<ref>[^/]+)$")]
    private static partial Regex BlobPath();

    [GeneratedRegex("^/v2/(?<name>.+)/manifests/(?<ref>[^/]+)$")]
    private static partial Regex ManifestPath();

    [GeneratedRegex("^/v2/(?<name>.+)/tags/list$")]
    private static partial Regex TagsPath();

    [GeneratedRegex("^/v2/(?<name>.+)/referrers/(?<ref>[^/]+)$")]
    private static partial Regex ReferrersPath();

    [GeneratedRegex("^/v2/(?<name>.+)/_oras/artifacts/referrers$")]
    private static partial Regex OrasPath();

    [GeneratedRegex("^/v2/(?<name>.+)/_oci/ext/discover$")]
    private static partial Regex DiscoverPath();
}
