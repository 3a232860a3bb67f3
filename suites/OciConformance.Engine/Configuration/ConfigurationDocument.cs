using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OciConformance.Configuration;

/// <summary>
/// Where a value came from: conformance.json (<see cref="Text"/> null: the value is the JSON at its key), or an
/// environment variable, test parameter or flag and the text it held. Relative paths resolve against
/// <see cref="BaseDirectory"/>.
/// </summary>
internal sealed record Origin(string Source, string BaseDirectory, string? Text)
{
    /// <summary>The source, with the key when the source alone does not name it.</summary>
    public string At(string key) => Text is null ? $"{Source} ({key})" : Source;
}

/// <summary>
/// The configuration as one JSON document, built layer by layer (file, environment, test parameters, flags), each
/// value remembering the layer that set it, so that the schema can check the whole and an error can name its source.
/// </summary>
internal sealed class ConfigurationDocument
{
    private readonly List<(IReadOnlyList<string> Path, Origin Origin)> _origins = [];

    public JsonObject Root { get; private set; } = [];

    public void ReadFile(string path)
    {
        JsonNode? parsed;
        try
        {
            // The same leniency editors allow in conformance.json.
            parsed = JsonNode.Parse(File.ReadAllText(path), documentOptions: new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"Configuration file '{path}' is not valid JSON: {e.Message}", e);
        }

        Root = parsed as JsonObject ?? throw new ConfigurationException($"Configuration file '{path}' must hold a JSON object.");
        _origins.Add(([], new Origin(Path.GetFileName(path), Path.GetDirectoryName(path)!, null)));
    }

    /// <summary>Puts a value at a path, replacing what lower layers had there; array entries a path skips are added empty.</summary>
    public void Set(IReadOnlyList<string> path, JsonNode value, Origin origin)
    {
        JsonNode parent = Root;
        for (var i = 0; i < path.Count; i++)
        {
            var last = i == path.Count - 1;
            var child = last ? value : Child(parent, path[i]) ?? (IsIndex(path[i + 1]) ? new JsonArray() : new JsonObject());
            if (last || child.Parent is null)
            {
                Put(parent, path[i], child, path.Take(i).ToList(), origin);
            }

            parent = child;
        }

        _origins.RemoveAll(o => StartsWith(o.Path, path));
        _origins.Add((path, origin));
    }

    public JsonNode? Find(IReadOnlyList<string> path)
    {
        JsonNode? node = Root;
        foreach (var segment in path)
        {
            node = node is null ? null : Child(node, segment);
        }

        return node;
    }

    /// <summary>The layer that set the value at <paramref name="path"/>, or, for a value assembled by several, the first of them.</summary>
    public Origin OriginOf(IReadOnlyList<string> path)
    {
        var covering = _origins.Where(o => StartsWith(path, o.Path)).ToList();
        return covering.Count > 0 ? covering.MaxBy(o => o.Path.Count).Origin : _origins.First(o => StartsWith(o.Path, path)).Origin;
    }

    private void Put(JsonNode parent, string segment, JsonNode child, IReadOnlyList<string> parentPath, Origin origin)
    {
        if (parent is JsonArray array)
        {
            var index = Index(segment)!.Value;
            while (array.Count <= index)
            {
                _origins.Add(([.. parentPath, array.Count.ToString(CultureInfo.InvariantCulture)], origin));
                array.Add(new JsonObject());
            }

            array[index] = child;
        }
        else
        {
            parent.AsObject()[segment] = child;
        }
    }

    private static JsonNode? Child(JsonNode node, string segment) => node switch
    {
        JsonObject o => o[segment],
        JsonArray a when Index(segment) is { } index && index < a.Count => a[index],
        _ => null,
    };

    private static bool IsIndex(string segment) => Index(segment) is not null;

    private static int? Index(string segment) =>
        int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;

    private static bool StartsWith(IReadOnlyList<string> path, IReadOnlyList<string> prefix) =>
        prefix.Count <= path.Count && prefix.Select((segment, i) => segment == path[i]).All(same => same);
}
