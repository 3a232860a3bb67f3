using System.Text.Json;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>A descriptor as a manifest or index lists it.</summary>
public sealed record Descriptor(string Digest, string? MediaType, long? Size, bool External);

/// <summary>
/// What a served manifest leads to, read from its JSON whatever its format: an index lists manifests
/// (<c>manifests</c>), an image manifest a config and layers, an artifact manifest <c>blobs</c>. Anything else leads
/// nowhere; its format is the business of the format checks. <see cref="Subject"/> is the digest its <c>subject</c> names.
/// </summary>
public sealed record ManifestShape(string? MediaType, string? Subject, IReadOnlyList<Descriptor> Children, IReadOnlyList<Descriptor> Blobs)
{
    /// <summary>Every manifest media type the suite knows, for an Accept header that takes whatever is stored.</summary>
    public static IReadOnlyList<string> KnownMediaTypes { get; } =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.artifact.manifest.v1+json",
    ];

    public static string AcceptAll { get; } = string.Join(", ", KnownMediaTypes);

    /// <summary><paramref name="preferred"/> first, then every other known type with a lower weight.</summary>
    public static string AcceptFirst(string? preferred) => preferred is null
        ? AcceptAll
        : string.Join(", ", KnownMediaTypes.Where(t => t != preferred).Select(t => $"{t};q=0.5").Prepend(preferred));

    private static readonly ManifestShape Nothing = new(null, null, [], []);

    public static ManifestShape Read(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = Content.RegistryJson.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Nothing;
            }

            var mediaType = root.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
            var blobs = Single(root, "config").Concat(Many(root, "layers")).Concat(Many(root, "blobs")).ToList();
            return new ManifestShape(mediaType, Single(root, "subject").FirstOrDefault()?.Digest, [.. Many(root, "manifests")], blobs);
        }
        catch (JsonException)
        {
            return Nothing;
        }
    }

    private static IEnumerable<Descriptor> Single(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && Of(value) is { } descriptor ? [descriptor] : [];

    private static IEnumerable<Descriptor> Many(JsonElement root, string name) =>
        root.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Select(Of).OfType<Descriptor>()
            : [];

    private static Descriptor? Of(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String
            || !Content.Digest.TryParse(digest.GetString(), out var parsed))
        {
            return null;
        }

        return new Descriptor(
            parsed.ToString(),
            e.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null,
            e.TryGetProperty("size", out var size) && size.TryGetInt64(out var n) ? n : null,
            e.TryGetProperty("urls", out var urls) && urls.ValueKind == JsonValueKind.Array && urls.GetArrayLength() > 0);
    }
}
