using System.Globalization;
using System.Text.Json.Nodes;

namespace OciConformance.Configuration;

/// <summary>
/// How a kind of value travels: from the text of an environment variable, test parameter or flag to typed JSON (which
/// the schema then checks), and from checked JSON into the options. Text that does not convert stays a JSON string, so
/// the schema refuses it with the same message a wrong value in conformance.json gets.
/// </summary>
internal abstract class SettingType<T>
{
    public abstract string JsonType { get; }

    public abstract JsonNode FromText(string text);

    /// <summary>Reads a value the schema accepted; throws <see cref="FormatException"/> for one the schema cannot rule out.</summary>
    public abstract T Read(JsonNode value, string baseDirectory);

    /// <summary>The value as conformance.json would hold it; null for nothing.</summary>
    public abstract JsonNode? ToJson(T value);
}

internal static class SettingTypes
{
    public static SettingType<bool> Switch { get; } = new SwitchType();

    public static SettingType<int> WholeNumber { get; } = new WholeNumberType();

    /// <summary>A count of bytes, which may pass the 2 GiB an int holds.</summary>
    public static SettingType<long> ByteCount { get; } = new ByteCountType();

    public static SettingType<string?> Text { get; } = new TextType();

    public static SettingType<string?> Folder { get; } = new FolderType();

    public static SettingType<Uri?> Url { get; } = new UrlType();

    public static SettingType<IReadOnlyList<string>> List { get; } = new ListType([',']);

    /// <summary>A list whose text may also be separated by spaces, as the distribution-spec suite's lists are.</summary>
    public static SettingType<IReadOnlyList<string>> Words { get; } = new ListType([',', ' ', '\t']);

    /// <summary>A list of folders; relative ones resolve like <see cref="Folder"/>.</summary>
    public static SettingType<IReadOnlyList<string>> Folders { get; } = new FolderListType();

    private static string StringOf(JsonNode value) => value.GetValue<string>();

    private sealed class SwitchType : SettingType<bool>
    {
        public override string JsonType => "boolean";

        public override JsonNode FromText(string text)
        {
            var word = text.Trim();
            foreach (var (yes, no) in SwitchWords.Pairs)
            {
                if (string.Equals(word, yes, StringComparison.OrdinalIgnoreCase))
                {
                    return JsonValue.Create(true);
                }

                if (string.Equals(word, no, StringComparison.OrdinalIgnoreCase))
                {
                    return JsonValue.Create(false);
                }
            }

            return JsonValue.Create(text);
        }

        public override bool Read(JsonNode value, string baseDirectory) => value.GetValue<bool>();

        public override JsonNode ToJson(bool value) => JsonValue.Create(value);
    }

    private sealed class WholeNumberType : SettingType<int>
    {
        public override string JsonType => "integer";

        public override JsonNode FromText(string text) =>
            int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(text);

        public override int Read(JsonNode value, string baseDirectory) => value.GetValue<int>();

        public override JsonNode ToJson(int value) => JsonValue.Create(value);
    }

    private sealed class ByteCountType : SettingType<long>
    {
        public override string JsonType => "integer";

        public override JsonNode FromText(string text) =>
            long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(text);

        public override long Read(JsonNode value, string baseDirectory) => value.GetValue<long>();

        public override JsonNode ToJson(long value) => JsonValue.Create(value);
    }

    /// <summary>Free text; empty means nothing, as an empty <c>product.name</c> in conformance.json does.</summary>
    private class TextType : SettingType<string?>
    {
        public override string JsonType => "string";

        public override JsonNode FromText(string text) => JsonValue.Create(text);

        public override string? Read(JsonNode value, string baseDirectory) => StringOf(value) is { Length: > 0 } text ? text : null;

        public override JsonNode? ToJson(string? value) => value is null ? null : JsonValue.Create(value);
    }

    private sealed class FolderType : TextType
    {
        public override string? Read(JsonNode value, string baseDirectory) => Path.GetFullPath(StringOf(value), baseDirectory);
    }

    /// <summary>A registry base URL; empty or <c>embedded</c> means the embedded reference registry.</summary>
    private sealed class UrlType : SettingType<Uri?>
    {
        public override string JsonType => "string";

        public override JsonNode FromText(string text) => JsonValue.Create(text.Trim());

        public override Uri? Read(JsonNode value, string baseDirectory)
        {
            var text = StringOf(value);
            if (text is "" or "embedded")
            {
                return null;
            }

            // Relative references resolve against the base only when it ends with a slash.
            return Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) ? uri : throw new FormatException(text);
        }

        public override JsonNode? ToJson(Uri? value) => value is null ? null : JsonValue.Create(value.ToString());
    }

    /// <summary>A list: a JSON array in conformance.json, text split at the separators elsewhere.</summary>
    private sealed class FolderListType : SettingType<IReadOnlyList<string>>
    {
        private static readonly ListType Items = new([',']);

        public override string JsonType => "array";

        public override JsonNode FromText(string text) => Items.FromText(text);

        public override IReadOnlyList<string> Read(JsonNode value, string baseDirectory) => [.. value.AsArray().Select(item => Path.GetFullPath(StringOf(item!), baseDirectory))];

        public override JsonNode? ToJson(IReadOnlyList<string> value) => Items.ToJson(value);
    }

    private sealed class ListType(char[] separators) : SettingType<IReadOnlyList<string>>
    {
        public override string JsonType => "array";

        public override JsonNode FromText(string text) =>
            new JsonArray([.. text.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item => JsonValue.Create(item))]);

        public override IReadOnlyList<string> Read(JsonNode value, string baseDirectory) => [.. value.AsArray().Select(item => StringOf(item!))];

        public override JsonNode? ToJson(IReadOnlyList<string> value) =>
            value.Count == 0 ? null : new JsonArray([.. value.Select(item => JsonValue.Create(item))]);
    }
}

/// <summary>The words besides true and false that a switch accepts as text: environment variables and flags say yes and no in more ways than JSON does.</summary>
internal static class SwitchWords
{
    public static IReadOnlyList<(string Yes, string No)> Pairs { get; } = [("true", "false"), ("1", "0"), ("yes", "no"), ("on", "off")];

    public static string AlsoAccepted => string.Join(", ", Pairs.Skip(1).Select(p => $"{p.Yes}/{p.No}"));
}
