using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OciConformance.Scenarios;

/// <summary>
/// <c>{name}</c> placeholders in fixture strings. A string that is exactly one placeholder for a number becomes a
/// JSON number, so a manifest template can say <c>"size": "{blob.layer.size}"</c>.
/// </summary>
public static partial class Templates
{
    [GeneratedRegex("\\{([A-Za-z][A-Za-z0-9_.-]*)\\}")]
    public static partial Regex Placeholder();

    public static string Render(string text, Func<string, string> resolve) =>
        Placeholder().Replace(text, m => resolve(m.Groups[1].Value));

    public static JsonNode? Render(JsonElement template, Func<string, string> resolve) => template.ValueKind switch
    {
        JsonValueKind.Object => new JsonObject(template.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Render(p.Value, resolve)))),
        JsonValueKind.Array => new JsonArray([.. template.EnumerateArray().Select(v => Render(v, resolve))]),
        JsonValueKind.String => RenderString(template.GetString()!, resolve),
        _ => JsonNode.Parse(template.GetRawText()),
    };

    private static JsonValue RenderString(string text, Func<string, string> resolve)
    {
        var whole = Placeholder().Match(text);
        var rendered = Render(text, resolve);
        if (whole.Success && whole.Length == text.Length && whole.Groups[1].Value.EndsWith(".size", StringComparison.Ordinal)
            && long.TryParse(rendered, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(rendered);
    }
}
