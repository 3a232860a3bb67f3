using System.Text.Json;
using Json.Schema;

namespace OciConformance.Formats;

/// <summary>
/// Compiles schema files into one private registry. References are resolved on demand, so files may be
/// built in any order; a reference to an unknown <c>$id</c> is reported against the file that makes it.
/// </summary>
internal sealed class SchemaBuilder
{
    private readonly Dictionary<Uri, SchemaFile> _byId = [];
    private readonly BuildOptions _options;

    public SchemaBuilder(IEnumerable<SchemaFile> files)
    {
        foreach (var file in files)
        {
            _byId[file.Id] = file;
        }

        var registry = new SchemaRegistry();
        registry.Fetch = (uri, _) => _byId.TryGetValue(WithoutFragment(uri), out var target) ? Build(target) : null;
        _options = new BuildOptions { SchemaRegistry = registry };
    }

    public JsonSchema Build(SchemaFile file)
    {
        if (file.Schema is not null)
        {
            return file.Schema;
        }

        if (!CheckedContent.Covers(file.Path))
        {
            CheckAgainstMetaSchema(file);
        }

        CheckReferences(file, file.Document);
        try
        {
            file.Schema = JsonSchema.Build(file.Document, _options, file.Id);
        }
        catch (Exception e) when (e is JsonSchemaException or RefResolutionException or JsonException or ArgumentException or InvalidOperationException)
        {
            throw new SchemaLoadException(file.Path, $"not a usable JSON schema ({e.Message})", e);
        }

        return file.Schema;
    }

    private static void CheckAgainstMetaSchema(SchemaFile file)
    {
        // The yes/no evaluation is cheap; the listed details are only wanted for a schema that breaks the rules.
        if (SchemaSet.MetaSchema.Evaluate(file.Document, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid)
        {
            return;
        }

        var results = SchemaSet.MetaSchema.Evaluate(file.Document, new EvaluationOptions { OutputFormat = OutputFormat.List });

        var problems = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"at '{d.InstanceLocation}': {e.Key}: {e.Value}"))
            .Take(5);
        throw new SchemaLoadException(file.Path, $"does not conform to the JSON Schema 2020-12 meta-schema: {string.Join("; ", problems)}");
    }

    private void CheckReferences(SchemaFile file, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        var target = WithoutFragment(new Uri(file.Id, property.Value.GetString()!));
                        if (target != file.Id && !_byId.ContainsKey(target))
                        {
                            throw new SchemaLoadException(file.Path, $"$ref \"{property.Value.GetString()}\" points to {target}, which no loaded schema declares as its $id");
                        }
                    }
                    else
                    {
                        CheckReferences(file, property.Value);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CheckReferences(file, item);
                }

                break;
            default:
                break;
        }
    }

    private static Uri WithoutFragment(Uri uri) => new(uri.GetLeftPart(UriPartial.Query));
}
