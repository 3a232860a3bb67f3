using System.Text.Json;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>Where the artifactType a referrers list must show for a manifest comes from.</summary>
public enum ArtifactTypeSource
{
    /// <summary>The manifest's own artifactType.</summary>
    Manifest,

    /// <summary>An image manifest without artifactType: its config media type.</summary>
    Config,

    /// <summary>An index without artifactType: the descriptor must have none.</summary>
    None,
}

/// <summary>
/// The descriptor a referrers list (API or tag-schema index) should hold for one pushed manifest, worked out from
/// the manifest's own bytes the way the distribution-spec describes it.
/// </summary>
public sealed record Referrer(string Name, string MediaType, string Digest, long Size, string? ArtifactType, ArtifactTypeSource Source, IReadOnlyDictionary<string, string> Annotations)
{
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";

    public static Referrer Of(CaseRun run, string name) => Of(name, run.Manifest(name));

    public static Referrer Of(string name, MaterializedContent content)
    {
        using var document = JsonDocument.Parse(content.Bytes!.Value);
        var root = document.RootElement;
        var own = root.TryGetProperty("artifactType", out var a) && a.ValueKind == JsonValueKind.String && a.GetString() is { Length: > 0 } value ? value : null;
        var config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("mediaType", out var m) ? m.GetString() : null;
        var (artifactType, source) = own is not null ? (own, ArtifactTypeSource.Manifest)
            : content.MediaType == ImageManifest ? (config, ArtifactTypeSource.Config)
            : ((string?)null, ArtifactTypeSource.None);
        return new Referrer(name, content.MediaType, content.Digest.ToString(), content.Size, artifactType, source, Listed.AnnotationsOf(root));
    }

    /// <summary>The descriptor a client appends to a referrers tag index for this manifest.</summary>
    public Dictionary<string, object> ToDescriptor()
    {
        var descriptor = new Dictionary<string, object>(StringComparer.Ordinal) { ["mediaType"] = MediaType, ["digest"] = Digest, ["size"] = Size };
        if (ArtifactType is not null)
        {
            descriptor["artifactType"] = ArtifactType;
        }

        if (Annotations.Count > 0)
        {
            descriptor["annotations"] = Annotations;
        }

        return descriptor;
    }
}

/// <summary>One descriptor as a registry listed it.</summary>
public sealed record Listed(string? MediaType, string? Digest, long? Size, string? ArtifactType, bool HasArtifactType, IReadOnlyDictionary<string, string> Annotations)
{
    public static IReadOnlyList<Listed> All(JsonElement root, string arrayName)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(arrayName, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(Of)];
    }

    private static Listed Of(JsonElement e) => new(
        Text(e, "mediaType"),
        Text(e, "digest"),
        e.TryGetProperty("size", out var size) && size.TryGetInt64(out var n) ? n : null,
        Text(e, "artifactType"),
        e.TryGetProperty("artifactType", out _),
        AnnotationsOf(e));

    internal static IReadOnlyDictionary<string, string> AnnotationsOf(JsonElement e) =>
        e.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object
            ? annotations.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value.GetString()!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
