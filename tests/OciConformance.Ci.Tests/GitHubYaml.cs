using YamlDotNet.RepresentationModel;

namespace OciConformance.Ci.Tests;

/// <summary>An action.yml or a workflow file read as YAML, with the few lookups the tests need.</summary>
public static class GitHubYaml
{
    public static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static YamlMappingNode Map(this YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    public static IEnumerable<YamlNode> Items(this YamlNode node, string key) => (YamlSequenceNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    /// <summary>The scalar under <paramref name="key"/>, or null when the mapping has no such key.</summary>
    public static string? Text(this YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    /// <summary>A mapping of scalars (an <c>env:</c> or <c>with:</c> block) as a dictionary; empty when absent.</summary>
    public static IReadOnlyDictionary<string, string> Scalars(this YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? ((YamlMappingNode)value).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The names under a mapping, in file order.</summary>
    public static IReadOnlyList<string> Keys(this YamlMappingNode node) => [.. node.Children.Keys.Select(k => ((YamlScalarNode)k).Value!)];
}
