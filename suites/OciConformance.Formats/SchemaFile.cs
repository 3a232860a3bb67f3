using System.Text.Json;
using Json.Schema;

namespace OciConformance.Formats;

/// <summary>One schema file: its parsed text, identity and, once built, the compiled schema.</summary>
internal sealed class SchemaFile
{
    private SchemaFile(string path, string key, Uri id, JsonElement document, IReadOnlyCollection<string> rules)
    {
        Path = path;
        Key = key;
        Id = id;
        Document = document;
        Rules = rules;
    }

    public string Path { get; }

    public string Key { get; }

    public Uri Id { get; }

    public JsonElement Document { get; }

    public IReadOnlyCollection<string> Rules { get; }

    public JsonSchema? Schema { get; set; }

    public static SchemaFile Read(string root, string path)
    {
        var relative = System.IO.Path.GetRelativePath(root, path).Replace('\\', '/');
        JsonElement document;
        try
        {
            using var parsed = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
            document = parsed.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new SchemaLoadException(path, $"not valid JSON ({e.Message})", e);
        }

        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaLoadException(path, "a schema file must hold a JSON object");
        }

        var expectedId = SchemaSet.ExpectedId(relative);
        if (!document.TryGetProperty("$id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() != expectedId)
        {
            throw new SchemaLoadException(path, $"$id must be \"{expectedId}\" (the id prefix followed by the file's path below the schema root)");
        }

        var rules = new SortedSet<string>(StringComparer.Ordinal);
        CollectRules(path, document, rules);
        return new SchemaFile(path, SchemaSet.KeyOf(relative), new Uri(expectedId), document, rules);
    }

    private static void CollectRules(string path, JsonElement element, SortedSet<string> rules)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == SchemaSet.RuleKeyword)
                    {
                        if (property.Value.ValueKind != JsonValueKind.String || !RuleId.IsWellFormed(property.Value.GetString()!))
                        {
                            throw new SchemaLoadException(path, $"{SchemaSet.RuleKeyword} must be a rule id string like \"image.manifest.schema-version\", found {property.Value.GetRawText()}");
                        }

                        rules.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        CollectRules(path, property.Value, rules);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectRules(path, item, rules);
                }

                break;
            default:
                break;
        }
    }
}
