using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OciConformance.Content;

/// <summary>
/// JSON as the clients registries meet in the field write it (JavaScript's JSON.stringify, Go without HTML escaping):
/// a string escapes only what JSON requires (the quote, the backslash, control characters) and a lone surrogate,
/// which UTF-8 cannot carry; <c>+</c>, <c>&lt;</c> and every other character go out as themselves, in UTF-8.
/// System.Text.Json's encoders escape <c>+</c> as <c>\u002B</c> and characters outside the BMP as surrogate pairs,
/// which no real client pushes. A scenario that tests an escape writes its bytes itself (a text blob).
/// </summary>
public static class ClientJson
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The document's bytes; indented as System.Text.Json indents (two spaces, <c>"name": value</c>).</summary>
    public static byte[] Serialize(JsonNode? node, bool indented = false) => Utf8.GetBytes(ToText(node, indented));

    public static string ToText(JsonNode? node, bool indented = false)
    {
        var text = new StringBuilder();
        Write(node, text, indented, 0);
        return text.ToString();
    }

    public static string ToText(JsonElement element) => ToText(JsonSerializer.SerializeToNode(element));

    /// <summary>A string as a JSON string literal, quoted.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2);
        WriteString(value, text);
        return text.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder text, bool indented, int depth)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                WriteContainer(text, '{', '}', obj, indented, depth, property =>
                {
                    WriteString(property.Key, text);
                    text.Append(indented ? ": " : ":");
                    Write(property.Value, text, indented, depth + 1);
                });
                break;
            case JsonArray array:
                WriteContainer(text, '[', ']', array, indented, depth, item => Write(item, text, indented, depth + 1));
                break;
            default:
                var value = node.AsValue();
                if (value.GetValueKind() == JsonValueKind.String)
                {
                    WriteString(value.GetValue<string>(), text);
                }
                else
                {
                    // Numbers, true and false hold nothing to escape; their literal text is System.Text.Json's.
                    text.Append(value.ToJsonString());
                }

                break;
        }
    }

    private static void WriteContainer<T>(StringBuilder text, char open, char close, IEnumerable<T> items, bool indented, int depth, Action<T> writeItem)
    {
        text.Append(open);
        var count = 0;
        foreach (var item in items)
        {
            text.Append(count++ == 0 ? "" : ",");
            if (indented)
            {
                text.Append('\n').Append(' ', 2 * (depth + 1));
            }

            writeItem(item);
        }

        if (indented && count > 0)
        {
            text.Append('\n').Append(' ', 2 * depth);
        }

        text.Append(close);
    }

    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case '\b':
                    text.Append("\\b");
                    break;
                case '\f':
                    text.Append("\\f");
                    break;
                default:
                    if (c < 0x20 || IsLoneSurrogate(value, i))
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append('"');
    }

    private static bool IsLoneSurrogate(string value, int index)
    {
        var c = value[index];
        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= value.Length || !char.IsLowSurrogate(value[index + 1]);
        }

        return char.IsLowSurrogate(c) && (index == 0 || !char.IsHighSurrogate(value[index - 1]));
    }
}
