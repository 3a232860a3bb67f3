using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary><c>results.json</c>: the one source every other format is rendered from.</summary>
public static class ResultsJson
{
    public const string FileName = "results.json";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken)
    {
        var node = JsonSerializer.SerializeToNode(report, Options)!.AsObject();
        var document = new JsonObject { ["$schema"] = RunReport.SchemaId };
        foreach (var (key, value) in node.ToList())
        {
            node.Remove(key);
            document[key] = value;
        }

        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, document, Options, cancellationToken);
    }

    public static async Task<RunReport> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<RunReport>(stream, Options, cancellationToken)
            ?? throw new JsonException($"{path} holds no report.");
    }
}
