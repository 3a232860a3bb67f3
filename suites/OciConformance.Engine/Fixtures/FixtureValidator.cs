using System.Text.Json;
using OciConformance.Formats;

namespace OciConformance.Fixtures;

/// <summary>
/// Parses a fixture file and checks it against its JSON schema before anything reads it, so a malformed fixture is
/// reported by file and JSON path instead of surfacing later as a confusing failure.
/// </summary>
public sealed class FixtureValidator(SchemaSet schemas)
{
    public const string ScenarioSchema = "scenario.v1";
    public const string RequirementsSchema = "requirements.v1";

    public SchemaSet Schemas { get; } = schemas;

    public JsonDocument Load(string file, string schemaKey)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new FixtureException(file, e.Path ?? "$", $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}");
        }

        if (CheckedContent.Covers(file))
        {
            return document;
        }

        var validation = Schemas.Validate(schemaKey, document.RootElement);
        if (!validation.IsValid)
        {
            var first = validation.Violations[0];
            document.Dispose();
            var more = validation.Violations.Count > 1 ? $" (and {validation.Violations.Count - 1} more)" : "";
            throw new FixtureException(file, ToJsonPath(first.InstancePath), $"does not match schema {schemaKey}: {first.Message}{more}");
        }

        return document;
    }

    /// <summary>Turns a JSON pointer (<c>/steps/2/expect</c>) into the JSONPath form people read (<c>$.steps[2].expect</c>).</summary>
    public static string ToJsonPath(string pointer)
    {
        if (string.IsNullOrEmpty(pointer) || pointer == "/" || pointer == "#")
        {
            return "$";
        }

        var parts = pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        return "$" + string.Concat(parts.Select(p => int.TryParse(p, out _) ? $"[{p}]" : $".{p}"));
    }
}
