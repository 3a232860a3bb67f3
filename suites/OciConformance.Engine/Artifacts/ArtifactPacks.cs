using System.Text.Json;
using OciConformance.Formats;

namespace OciConformance.Artifacts;

/// <summary>
/// The artifact packs under <c>fixtures/artifacts/&lt;type&gt;/</c>: each an OCI image layout with a <c>pack.json</c>
/// (schemas/artifact-pack.v1.schema.json) saying what the type is. Adding a type is adding a folder. A pack whose
/// pack.json does not match its schema, or names media types its manifest does not have, is a pack error.
/// </summary>
public static class ArtifactPacks
{
    public const string Schema = "artifact-pack.v1";
    public const string MetadataFile = "pack.json";

    public static IReadOnlyList<ArtifactLayout> LoadDirectory(string directory, FormatCatalog formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        return !Directory.Exists(directory)
            ? []
            : [.. Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal).SelectMany(folder => Load(folder, formats))];
    }

    public static IReadOnlyList<ArtifactLayout> Load(string folder, FormatCatalog formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        var source = Path.GetFullPath(folder);
        var file = Path.Combine(source, MetadataFile);
        if (!File.Exists(file))
        {
            throw new ArtifactException(source, $"a pack needs a {MetadataFile} (schema schemas/{Schema}.schema.json) beside its layout.");
        }

        using var document = Parse(source, file);
        var root = document.RootElement;
        var validation = CheckedContent.Covers(file) ? null : formats.Schemas.Validate(Schema, root);
        if (validation is { IsValid: false })
        {
            var first = validation.Violations[0];
            throw new ArtifactException(source, $"{MetadataFile} does not match schema {Schema}: {(first.InstancePath.Length == 0 ? "/" : first.InstancePath)}: {first.Message}");
        }

        var type = root.GetProperty("type").GetString()!;
        if (type != Path.GetFileName(source))
        {
            throw new ArtifactException(source, $"{MetadataFile} says type '{type}', but its folder is named '{Path.GetFileName(source)}'; they must be the same.");
        }

        var artifacts = new LayoutReader(formats).Read(source, type, root.GetProperty("title").GetString()!, isPack: true);
        var expected = root.GetProperty("mediaTypes");
        foreach (var artifact in artifacts)
        {
            CheckMediaTypes(source, artifact, expected);
        }

        return artifacts;
    }

    /// <summary>pack.json describes the artifact; the manifest is the truth, and the two must agree.</summary>
    private static void CheckMediaTypes(string source, ArtifactLayout artifact, JsonElement expected)
    {
        using var manifest = JsonDocument.Parse(artifact.Manifest.Bytes);
        var root = manifest.RootElement;
        var config = root.TryGetProperty("config", out var c) ? Text(c, "mediaType") : null;
        var layers = root.TryGetProperty("layers", out var l) || root.TryGetProperty("blobs", out l)
            ? l.EnumerateArray().Select(x => Text(x, "mediaType") ?? "").ToList()
            : [];
        (string Field, string? Pack, string? Manifest)[] pairs =
        [
            ("manifest", Text(expected, "manifest"), artifact.Manifest.MediaType),
            ("artifactType", Text(expected, "artifactType"), Text(root, "artifactType")),
            ("config", Text(expected, "config"), config),
            ("layers", string.Join(", ", expected.GetProperty("layers").EnumerateArray().Select(x => x.GetString())), string.Join(", ", layers)),
        ];
        foreach (var (field, pack, actual) in pairs.Where(p => p.Pack != p.Manifest))
        {
            throw new ArtifactException(source, $"{MetadataFile} mediaTypes.{field} says {Show(pack)}, but manifest {artifact.Manifest.Digest} (tag {artifact.Tag}) has {Show(actual)}.");
        }
    }

    private static string Show(string? value) => value is null ? "none" : value.Length == 0 ? "no layers" : $"'{value}'";

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonDocument Parse(string source, string file)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw new ArtifactException(source, $"{MetadataFile} is not JSON: {e.Message}");
        }
    }
}
