using System.Text.Json;

namespace OciConformance.Formats;

/// <summary>Resolves JSON pointers where a <c>*</c> segment stands for every array item or object member.</summary>
internal static class JsonPointers
{
    public static IEnumerable<(string Path, JsonElement Value)> Resolve(JsonElement root, string pointer)
    {
        var segments = pointer.Length == 0 ? [] : pointer[1..].Split('/').Select(Unescape).ToArray();
        return Walk(root, string.Empty, segments, 0);
    }

    private static IEnumerable<(string, JsonElement)> Walk(JsonElement node, string path, string[] segments, int index)
    {
        if (index == segments.Length)
        {
            yield return (path, node);
            yield break;
        }

        var segment = segments[index];
        if (segment == "*")
        {
            foreach (var (childPath, child) in Children(node, path))
            {
                foreach (var hit in Walk(child, childPath, segments, index + 1))
                {
                    yield return hit;
                }
            }

            yield break;
        }

        if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var member))
        {
            foreach (var hit in Walk(member, $"{path}/{Escape(segment)}", segments, index + 1))
            {
                yield return hit;
            }
        }
        else if (node.ValueKind == JsonValueKind.Array && int.TryParse(segment, System.Globalization.CultureInfo.InvariantCulture, out var i) && i >= 0 && i < node.GetArrayLength())
        {
            foreach (var hit in Walk(node[i], $"{path}/{i}", segments, index + 1))
            {
                yield return hit;
            }
        }
    }

    private static IEnumerable<(string, JsonElement)> Children(JsonElement node, string path)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in node.EnumerateArray())
            {
                yield return ($"{path}/{i++}", item);
            }
        }
        else if (node.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in node.EnumerateObject())
            {
                yield return ($"{path}/{Escape(member.Name)}", member.Value);
            }
        }
    }

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
