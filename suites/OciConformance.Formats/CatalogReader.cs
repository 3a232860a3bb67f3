using System.Text.Json;
using System.Text.Json.Serialization;

namespace OciConformance.Formats;

/// <summary>Reads one pack's <c>formats.json</c> and merges it into the formats read so far.</summary>
internal static partial class CatalogReader
{
    public static void ReadPack(string packRoot, SchemaSet schemas, List<FormatDraft> merged)
    {
        var file = Path.Combine(packRoot, FormatCatalog.CatalogPath);
        if (!File.Exists(file))
        {
            throw new SchemaLoadException(file, "format pack has no catalog file");
        }

        var document = Parse(file);
        if (schemas.Contains(FormatCatalog.CatalogSchemaKey) && !CheckedContent.Covers(file))
        {
            var validation = schemas.Validate(FormatCatalog.CatalogSchemaKey, document);
            if (!validation.IsValid)
            {
                throw new SchemaLoadException(file, "does not match the format catalog schema: " +
                    string.Join("; ", validation.Violations.Take(5).Select(v => $"at '{v.InstancePath}': {v.Message}")));
            }
        }

        var catalog = document.Deserialize(CatalogJson.Default.CatalogDto) ?? throw new SchemaLoadException(file, "catalog is empty");
        var fixturesRoot = Path.GetDirectoryName(file)!;
        foreach (var format in catalog.Formats ?? [])
        {
            if (string.IsNullOrWhiteSpace(format.Name))
            {
                throw new SchemaLoadException(file, "a format has no name");
            }

            var draft = merged.Find(d => d.Name == format.Name);
            if (draft is null)
            {
                draft = new FormatDraft(format.Name, format.MediaType, format.Title ?? format.Name, format.Profile ?? "formats");
                merged.Add(draft);
            }
            else if (format.MediaType is not null && draft.MediaType is not null && !string.Equals(format.MediaType, draft.MediaType, StringComparison.OrdinalIgnoreCase))
            {
                throw new SchemaLoadException(file, $"format '{format.Name}' has media type {format.MediaType} here but {draft.MediaType} in an earlier pack");
            }

            var added = new List<FormatVersion>();
            foreach (var version in format.Versions ?? [])
            {
                added.Add(ToVersion(file, fixturesRoot, format.Name, version, schemas, draft));
            }

            // A later pack extends a format with newer versions, so they are tried first.
            draft.Versions.InsertRange(0, added);
        }
    }

    private static FormatVersion ToVersion(string file, string fixturesRoot, string format, VersionDto version, SchemaSet schemas, FormatDraft draft)
    {
        var where = $"format '{format}' version '{version.Version}'";
        if (string.IsNullOrWhiteSpace(version.Version) || string.IsNullOrWhiteSpace(version.Schema))
        {
            throw new SchemaLoadException(file, $"{where}: version and schema are required");
        }

        if (draft.Versions.Any(v => v.Version == version.Version))
        {
            throw new SchemaLoadException(file, $"{where} is defined twice");
        }

        if (!schemas.Contains(version.Schema))
        {
            throw new SchemaLoadException(file, $"{where}: no schema with key '{version.Schema}'");
        }

        var checks = new List<CheckBinding>();
        foreach (var check in version.Checks ?? [])
        {
            if (!FormatChecks.TryGet(check.Check ?? string.Empty, out _))
            {
                throw new SchemaLoadException(file, $"{where}: unknown check '{check.Check}' (known: {string.Join(", ", FormatChecks.Names)})");
            }

            if (check.Rule is null || !RuleId.IsWellFormed(check.Rule))
            {
                throw new SchemaLoadException(file, $"{where}: check '{check.Check}' needs a rule id, found '{check.Rule}'");
            }

            checks.Add(new CheckBinding(check.Check!, check.Rule, check.At ?? [string.Empty]));
        }

        var detect = (version.Detect ?? []).Select(d => new DetectClue(d.Pointer ?? string.Empty, d.Value?.Clone())).ToList();
        var fixtures = Path.GetFullPath(Path.Combine(fixturesRoot, version.Fixtures ?? Path.Combine(format, version.Version)));
        return new FormatVersion(format, version.Version, version.Schema, fixtures, detect, checks);
    }

    private static JsonElement Parse(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new SchemaLoadException(file, $"not valid JSON ({e.Message})", e);
        }
    }

    internal sealed class FormatDraft(string name, string? mediaType, string title, string profile)
    {
        public string Name { get; } = name;

        public string? MediaType { get; } = mediaType;

        public List<FormatVersion> Versions { get; } = [];

        public ManifestFormat ToFormat() => new(Name, MediaType, title, profile, [.. Versions]);
    }

    private sealed record CatalogDto(List<FormatDto>? Formats);

    private sealed record FormatDto(string Name, string? MediaType, string? Title, string? Profile, List<VersionDto>? Versions);

    private sealed record VersionDto(string Version, string Schema, string? Fixtures, List<DetectDto>? Detect, List<CheckDto>? Checks);

    private sealed record DetectDto(string? Pointer, [property: JsonPropertyName("equals")] JsonElement? Value);

    private sealed record CheckDto(string? Check, string? Rule, List<string>? At);

    /// <summary>Generated at build time: a start-up does not spend reflection and jitting on reading five records.</summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
    [JsonSerializable(typeof(CatalogDto))]
    private sealed partial class CatalogJson : JsonSerializerContext;
}
