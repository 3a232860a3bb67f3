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
    /// <summary>A filler may pad a manifest past the 4 MiB the spec lets registries refuse, not much further.</summary>
    public const int MaxFiller = 8 * 1024 * 1024;

    [GeneratedRegex("\\{([A-Za-z][A-Za-z0-9_.-]*)\\}")]
    public static partial Regex Placeholder();

    /// <summary><c>{filler.N}</c> stands for N padding characters, e.g. to grow a manifest past a size limit.</summary>
    public static bool IsFiller(string name) =>
        name.StartsWith("filler.", StringComparison.Ordinal) && name.Length > 7 && name[7..].All(char.IsAsciiDigit);

    /// <summary>The length a filler placeholder stands for, or null for another name or a filler beyond <see cref="MaxFiller"/>.</summary>
    public static int? FillerLength(string name) =>
        IsFiller(name) && int.TryParse(name.AsSpan(7), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length) && length <= MaxFiller
            ? length
            : null;

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
        if (!whole.Success || whole.Length != text.Length)
        {
            return JsonValue.Create(Render(text, resolve));
        }

        // A whole-string placeholder takes its value as it is, and a filler stays a length until it is written.
        var name = whole.Groups[1].Value;
        if (FillerLength(name) is { } length)
        {
            return JsonValue.Create(new Content.Padding(length))!;
        }

        var rendered = resolve(name);
        return name.EndsWith(".size", StringComparison.Ordinal)
            && long.TryParse(rendered, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(rendered);
    }
}
