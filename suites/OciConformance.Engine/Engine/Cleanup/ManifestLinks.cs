using System.Text.Json;

namespace OciConformance.Engine.Cleanup;

/// <summary>A descriptor a manifest holds: the digest it points at and the size it states.</summary>
public sealed record Descriptor(string Digest, long? Size, string? MediaType);

/// <summary>
/// What a manifest points at: its subject (a referrer's), the manifests an index lists, and the blobs (config,
/// layers, an artifact's blobs) it needs. Read leniently: a body that is not a manifest points at nothing.
/// </summary>
public sealed record ManifestLinks(string? MediaType, Descriptor? Subject, IReadOnlyList<Descriptor> Manifests, IReadOnlyList<Descriptor> Blobs)
{
    public static ManifestLinks None { get; } = new(null, null, [], []);

    /// <summary>The digests of the manifests this one points at (its subject, an index's entries): it is deleted before them.</summary>
    public IReadOnlyList<string> PointsAt => [.. Manifests.Select(m => m.Digest).Concat(Subject is { } subject ? [subject.Digest] : [])];

    public static ManifestLinks Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return None;
            }

            return new ManifestLinks(
                root.TryGetProperty("mediaType", out var mediaType) && mediaType.ValueKind == JsonValueKind.String ? mediaType.GetString() : null,
                root.TryGetProperty("subject", out var subject) ? Read(subject) : null,
                List(root, "manifests"),
                [.. new[] { root.TryGetProperty("config", out var config) ? Read(config) : null }.OfType<Descriptor>(), .. List(root, "layers"), .. List(root, "blobs")]);
        }
        catch (JsonException)
        {
            return None;
        }
    }

    private static List<Descriptor> List(JsonElement root, string name) =>
        root.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array ? [.. items.EnumerateArray().Select(Read).OfType<Descriptor>()] : [];

    private static Descriptor? Read(JsonElement descriptor) =>
        descriptor.ValueKind == JsonValueKind.Object && descriptor.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.String
            ? new Descriptor(
                digest.GetString()!,
                descriptor.TryGetProperty("size", out var size) && size.TryGetInt64(out var bytes) ? bytes : null,
                descriptor.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null)
            : null;
}
