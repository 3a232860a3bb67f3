using System.Text.RegularExpressions;

namespace OciConformance.Engine.Cleanup;

/// <summary>What an API path addresses: a manifest (by tag or digest), a blob, or an upload session.</summary>
public enum PathKind
{
    Manifest,
    Blob,
    Upload,
}

/// <summary>
/// A request's path in the distribution API's terms: the repository, and the manifest, blob or upload session in it.
/// Repository names may hold slashes; a tag or digest never does, so the last segment is the reference.
/// </summary>
public sealed partial record RegistryPath(string Repository, PathKind Kind, string Reference)
{
    /// <summary>The API path this one addresses, e.g. <c>/v2/ns/repo/manifests/latest</c>.</summary>
    public string Path => Kind switch
    {
        PathKind.Manifest => $"/v2/{Repository}/manifests/{Reference}",
        PathKind.Blob => $"/v2/{Repository}/blobs/{Reference}",
        _ => $"/v2/{Repository}/blobs/uploads/{Reference}",
    };

    /// <summary>The path of <paramref name="url"/> read as an API path, or null when it is none (an opaque upload location).</summary>
    public static RegistryPath? Of(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = url.AbsolutePath;
        if (Upload().Match(path) is { Success: true } upload)
        {
            return new RegistryPath(upload.Groups["name"].Value, PathKind.Upload, upload.Groups["ref"].Value);
        }

        return Content().Match(path) is { Success: true } content
            ? new RegistryPath(content.Groups["name"].Value, content.Groups["kind"].Value == "manifests" ? PathKind.Manifest : PathKind.Blob, content.Groups["ref"].Value)
            : null;
    }

    [GeneratedRegex("^/v2/(?<name>.+?)/blobs/uploads/(?<ref>.*)$")]
    private static partial Regex Upload();

    [GeneratedRegex("^/v2/(?<name>.+)/(?<kind>manifests|blobs)/(?<ref>[^/]+)$")]
    private static partial Regex Content();
}
