using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OciConformance.Formats;

namespace OciConformance.Configuration;

/// <summary>
/// schemas/conformance.v1.schema.json, the one statement of the values each setting accepts. It checks the merged
/// configuration, whatever layer each value came from; when it refuses one, the expected form is worded from its
/// keywords and descriptions, and so are the ranges the help shows.
/// </summary>
public sealed class ConfigurationSchema
{
    public const string Key = "conformance.v1";

    private static readonly Lazy<ConfigurationSchema> ShippedSchema = new(() => Load(SuitePaths.Schemas));

    private readonly SchemaSet _schemas;
    private readonly JsonObject _root;

    private ConfigurationSchema(SchemaSet schemas, JsonObject root)
    {
        _schemas = schemas;
        _root = root;
    }

    /// <summary>The schema shipped next to the binaries.</summary>
    public static ConfigurationSchema Shipped => ShippedSchema.Value;

    public static ConfigurationSchema Load(string schemaRoot)
    {
        var schemas = SchemaSet.Load(schemaRoot);
        return new ConfigurationSchema(schemas, JsonNode.Parse(File.ReadAllText(schemas.PathOf(Key)))!.AsObject());
    }

    /// <summary>The schema of the value at a dotted key (<c>run.parallelism</c>, <c>targets.0.url</c>), references resolved; null for a key it does not know.</summary>
    public JsonObject? At(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return NodeAt(key.Split('.'))?.DeepClone().AsObject();
    }

    /// <summary>The setting's help with the values it takes where the schema lists them briefly: <c>cases run at once (1-64)</c>.</summary>
    public string Explain(Setting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return Range(NodeAt(setting.Path)) is { } range ? $"{setting.Help} ({range})" : setting.Help;
    }

    internal JsonObject? NodeAt(IReadOnlyList<string> path)
    {
        JsonObject? node = _root;
        foreach (var segment in path)
        {
            node = node?["properties"]?[segment] is JsonObject property ? Resolve(property)
                : node?["items"] is JsonObject items && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? Resolve(items)
                : null;
        }

        return node;
    }

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the first value the schema refuses.</summary>
    internal void Check(ConfigurationDocument document)
    {
        using var instance = JsonDocument.Parse(document.Root.ToJsonString());
        var validation = _schemas.Validate(Key, instance.RootElement);
        if (!validation.IsValid)
        {
            throw Refusal(document, Segments(validation.Violations[0].InstancePath));
        }
    }

    /// <summary>The property names and indexes of a JSON pointer such as <c>/targets/0/url</c>.</summary>
    private static List<string> Segments(string pointer) =>
        [.. pointer.Split('/').Skip(1).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    /// <summary>Why the value at <paramref name="path"/> cannot be used: its source, its value and the expected form.</summary>
    internal ConfigurationException Refusal(ConfigurationDocument document, IReadOnlyList<string> path)
    {
        var origin = document.OriginOf(path);
        var key = string.Join('.', path);
        var value = document.Find(path);
        if (NodeAt(path) is not { } schema)
        {
            var parent = path.Take(path.Count - 1).ToList();
            var known = (NodeAt(parent)?["properties"]?.AsObject() ?? []).Select(p => p.Key).Where(k => k != "$schema").Select(k => string.Join('.', [.. parent, k]));
            return new ConfigurationException($"Unknown configuration key: {origin.At(key)}. Known keys: {string.Join(", ", known)}.");
        }

        if (schema["required"] is JsonArray required && value is JsonObject entry
            && required.Select(r => r!.GetValue<string>()).FirstOrDefault(name => !entry.ContainsKey(name)) is { } missing)
        {
            return new ConfigurationException($"{origin.Source} ({key}) has no {missing}: expected {Expected(NodeAt([.. path, missing])!, asText: false)}.");
        }

        if (origin.Text is { } text)
        {
            // Text names a whole list at once, so a refused item is described as the list it belongs to.
            var described = path;
            while (described.Count > 1 && NodeAt(described.Take(described.Count - 1).ToList()) is { } container && Type(container) == "array")
            {
                described = [.. described.Take(described.Count - 1)];
            }

            return new ConfigurationException($"{origin.Source} = '{text}': expected {Expected(NodeAt(described)!, asText: true)}.");
        }

        return new ConfigurationException($"{origin.At(key)} = '{Setting.Display(value)}': expected {Expected(schema, asText: false)}.");
    }

    internal string Expected(JsonObject node, bool asText)
    {
        if (node["enum"] is JsonArray values)
        {
            return $"one of {Listed(values)}";
        }

        return Type(node) switch
        {
            "boolean" => asText ? $"true or false (also accepted: {SwitchWords.AlsoAccepted})" : "true or false",
            "integer" => WholeNumber(node),
            "array" => (asText ? "a comma-separated list" : "a list") + Items(node) switch
            {
                { } items when items["enum"] is JsonArray allowed => $" of: {Listed(allowed)}",
                { } items when items["description"] is JsonValue each => $", each {Phrase(each.GetValue<string>())}",
                _ => "",
            },
            "object" => $"an object with the keys {string.Join(", ", (node["properties"]?.AsObject() ?? []).Select(p => p.Key))}",
            var type => node["description"] is JsonValue description ? Phrase(description.GetValue<string>()) : $"a {type ?? "value"}",
        };
    }

    private string? Range(JsonObject? node) => node switch
    {
        null => null,
        { } n when n["enum"] is JsonArray values => Listed(values),
        { } n when Type(n) == "integer" && n["minimum"] is { } min && n["maximum"] is { } max => $"{min}-{max}",
        { } n when Type(n) == "array" && Items(n)?["enum"] is JsonArray values => Listed(values),
        _ => null,
    };

    private JsonObject? Items(JsonObject array) => array["items"] is JsonObject items ? Resolve(items) : null;

    private static string WholeNumber(JsonObject node) => (node["minimum"], node["maximum"]) switch
    {
        ({ } min, { } max) => $"a whole number from {min} to {max}",
        ({ } min, null) => $"a whole number of at least {min}",
        _ => "a whole number",
    };

    private static string? Type(JsonObject node) => node["type"]?.GetValue<string>();

    private static string Listed(JsonArray values) => string.Join(", ", values.Select(v => v!.ToString()));

    /// <summary>A description used as the expected form: "An absolute URL…" reads "expected an absolute URL…".</summary>
    private static string Phrase(string description)
    {
        var text = description.TrimEnd('.');
        var firstWord = text.Split(' ')[0];
        var acronym = firstWord.Length > 1 && firstWord.All(char.IsUpper);
        return text.Length == 0 || acronym ? text : char.ToLowerInvariant(text[0]) + text[1..];
    }

    /// <summary>A reference's target, with the referring node's own keywords (a default, a description) on top.</summary>
    private JsonObject Resolve(JsonObject node)
    {
        if (node["$ref"]?.GetValue<string>() is not { } reference || !reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return node;
        }

        JsonNode? target = _root;
        foreach (var segment in reference[2..].Split('/'))
        {
            target = target?[segment];
        }

        var merged = Resolve(target!.AsObject()).DeepClone().AsObject();
        foreach (var (name, value) in node.Where(p => p.Key != "$ref"))
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }
}
