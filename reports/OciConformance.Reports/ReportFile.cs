using System.Text.Json;
using OciConformance.Formats;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>A results.json that cannot be used: unreadable, not JSON, or not the shape of the results schema.</summary>
public sealed class ReportFileException(string message) : Exception(message);

/// <summary>Reads results.json files back, checking them against the results schema so every later step can trust them.</summary>
public static class ReportFile
{
    public static async Task<RunReport> LoadAsync(string path, SchemaSet schemas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        if (!File.Exists(path))
        {
            throw new ReportFileException($"{path}: no such file.");
        }

        JsonDocument document;
        try
        {
            await using var stream = File.OpenRead(path);
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new ReportFileException($"{path}: not JSON ({e.Message}).");
        }

        using (document)
        {
            var validation = schemas.Validate(ResultsJson.SchemaKey, document.RootElement);
            if (!validation.IsValid)
            {
                var problems = validation.Violations.Take(5).Select(v => $"{v.InstancePath}: {(v.Message.Contains("false schema", StringComparison.Ordinal) ? "property not allowed here" : v.Message)}");
                throw new ReportFileException($"{path}: not a results.json of this tool ({ResultsJson.SchemaKey}): {string.Join("; ", problems)}");
            }

            return ResultsJson.Parse(document.RootElement);
        }
    }

    public static async Task<IReadOnlyList<RunReport>> LoadAllAsync(IEnumerable<string> paths, SchemaSet schemas, CancellationToken cancellationToken)
    {
        var reports = new List<RunReport>();
        foreach (var path in paths)
        {
            reports.Add(await LoadAsync(path, schemas, cancellationToken));
        }

        return reports;
    }
}
