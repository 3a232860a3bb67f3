using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>
/// <c>results.json</c>: the one source every other format is rendered from. Its shape is
/// <c>schemas/results.v1.schema.json</c>; only stored properties are written, never values derived from them, so
/// a reader cannot meet two answers to one question.
/// </summary>
public static class ResultsJson
{
    public const string FileName = "results.json";

    /// <summary>The schema key of results.json within the schema set.</summary>
    public const string SchemaKey = "results.v1";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,

        // Readable strings: "+" and "'" as themselves, a quote as \". JSON still escapes control characters.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DropDerivedProperties, NameTheSchemaFirst } },
    };

    /// <summary>The document as a tree, for a caller that inspects it; <see cref="WriteAsync"/> streams it instead.</summary>
    public static JsonObject ToJson(RunReport report) => JsonSerializer.SerializeToNode(report, Options)!.AsObject();

    public static async Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, report, Options, cancellationToken);
    }

    /// <summary>Writes to a temporary file beside <paramref name="path"/>, then renames it into place: never half a file.</summary>
    public static async Task WriteAtomicallyAsync(RunReport report, string path, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await WriteAsync(report, temporary, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static RunReport Parse(JsonElement document) =>
        document.Deserialize<RunReport>(Options) ?? throw new JsonException("the document holds no report");

    public static async Task<RunReport> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<RunReport>(stream, Options, cancellationToken)
            ?? throw new JsonException($"{path} holds no report.");
    }

    // The document names its schema first. As a property of the report's contract (read back, it is ignored), it lets
    // the report stream straight to the file instead of through a JSON tree of every exchange of the run.
    private static void NameTheSchemaFirst(JsonTypeInfo type)
    {
        if (type.Type != typeof(RunReport))
        {
            return;
        }

        var schema = type.CreateJsonPropertyInfo(typeof(string), "$schema");
        schema.Get = _ => RunReport.SchemaId;
        type.Properties.Insert(0, schema);
    }

    // Computed members (FailedChecks, Summary, HasMandatoryFailure, ...) have no setter: they are recomputed on read.
    private static void DropDerivedProperties(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties.Where(p => p.Set is null).ToList())
        {
            type.Properties.Remove(property);
        }
    }
}
