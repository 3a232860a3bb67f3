using System.Text.Json;

namespace OciConformance.Formats;

/// <summary>
/// The formats the suite knows, loaded from one or more format packs. A pack is a folder holding <c>schemas/</c>
/// and <c>fixtures/manifests/formats.json</c>; loading several packs merges their schemas and their formats,
/// so a spec maintainer adds a version by adding a pack, without touching C#.
/// </summary>
public sealed class FormatCatalog
{
    /// <summary>Where a pack keeps its catalog, relative to the pack root.</summary>
    public const string CatalogPath = "fixtures/manifests/formats.json";

    /// <summary>The schema key a catalog file is validated against, when some pack provides it.</summary>
    public const string CatalogSchemaKey = "format-catalog.v1";

    private FormatCatalog(SchemaSet schemas, IReadOnlyList<ManifestFormat> formats)
    {
        Schemas = schemas;
        Formats = formats;
    }

    public SchemaSet Schemas { get; }

    public IReadOnlyList<ManifestFormat> Formats { get; }

    public static FormatCatalog Load(params string[] packRoots)
    {
        ArgumentNullException.ThrowIfNull(packRoots);
        var schemas = SchemaSet.Load([.. packRoots.Select(r => Path.Combine(r, "schemas"))]);
        var merged = new List<CatalogReader.FormatDraft>();
        foreach (var root in packRoots)
        {
            CatalogReader.ReadPack(root, schemas, merged);
        }

        return new FormatCatalog(schemas, [.. merged.Select(d => d.ToFormat())]);
    }

    public ManifestFormat? FindByMediaType(string mediaType)
    {
        var bare = BareMediaType(mediaType);
        return Formats.FirstOrDefault(f => string.Equals(f.MediaType, bare, StringComparison.OrdinalIgnoreCase));
    }

    public ManifestFormat? FindByName(string name) => Formats.FirstOrDefault(f => f.Name == name);

    /// <summary>Resolves the format from a Content-Type (parameters ignored), picks the version from the body, and validates it.</summary>
    public ManifestCheck Check(string mediaType, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        var format = FindByMediaType(mediaType);
        return format is null
            ? new ManifestCheck(mediaType, null, null, CheckOutcome.UnknownMediaType, [])
            : Check(format, body);
    }

    /// <summary>Validates a body of a known format (API bodies have no media type of their own), choosing the version from the body.</summary>
    public ManifestCheck Check(ManifestFormat format, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(format);
        using var parsed = new ParsedBody(body);
        return parsed.Root is { } root
            ? Validate(format, SelectVersion(format, root), root, body)
            : NotJson(format, null, parsed.Error);
    }

    /// <summary>Validates a body against one exact version, bypassing version detection.</summary>
    public ManifestCheck Check(FormatVersion version, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(version);
        var format = FindByName(version.Format) ?? throw new ArgumentException($"format '{version.Format}' is not in this catalog", nameof(version));
        using var parsed = new ParsedBody(body);
        return parsed.Root is { } root
            ? Validate(format, version, root, body)
            : NotJson(format, version, parsed.Error);
    }

    /// <summary>The version a document belongs to: the first (newest) whose clue is present, else the fallback.</summary>
    public static FormatVersion SelectVersion(ManifestFormat format, JsonElement document)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.Versions.FirstOrDefault(v => !v.IsFallback && v.Detect.Any(c => Matches(c, document)))
            ?? format.Versions.FirstOrDefault(v => v.IsFallback)
            ?? format.Versions[^1];
    }

    private ManifestCheck Validate(ManifestFormat format, FormatVersion version, JsonElement root, ReadOnlyMemory<byte> body)
    {
        var schema = Schemas.Validate(version.SchemaKey, root);
        var violations = new List<SchemaViolation>(schema.Violations);
        foreach (var binding in version.Checks)
        {
            FormatChecks.TryGet(binding.Check, out var check);
            violations.AddRange(check.Run(root, body.Span, binding.At).Select(f => new SchemaViolation(f.Path, f.Message, binding.Rule)));
        }

        return new ManifestCheck(format.MediaType ?? format.Name, format, version, schema.IsValid && violations.Count == 0 ? CheckOutcome.Valid : CheckOutcome.Invalid, violations);
    }

    private static ManifestCheck NotJson(ManifestFormat format, FormatVersion? version, string error) =>
        new(format.MediaType ?? format.Name, format, version, CheckOutcome.NotJson, [new SchemaViolation(string.Empty, $"body is not JSON: {error}", null)]);

    private static bool Matches(DetectClue clue, JsonElement document) =>
        JsonPointers.Resolve(document, clue.Location).Any(hit => clue.EqualsValue is not { } expected || JsonElement.DeepEquals(hit.Value, expected));

    /// <summary>
    /// A body parsed for one check, in place; the document goes back to the pool once the check is done, so a 4 MiB
    /// manifest leaves neither a copy nor parse metadata behind for the collector.
    /// </summary>
    private sealed class ParsedBody : IDisposable
    {
        private readonly JsonDocument? _document;

        public ParsedBody(ReadOnlyMemory<byte> body)
        {
            try
            {
                _document = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                Error = e.Message;
            }
        }

        public JsonElement? Root => _document?.RootElement;

        public string Error { get; } = string.Empty;

        public void Dispose() => _document?.Dispose();
    }

    private static string BareMediaType(string mediaType)
    {
        var cut = mediaType.IndexOf(';', StringComparison.Ordinal);
        return (cut < 0 ? mediaType : mediaType[..cut]).Trim();
    }
}
