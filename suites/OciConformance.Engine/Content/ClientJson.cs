using System.Buffers;
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

    /// <summary>
    /// The document's bytes; indented as System.Text.Json indents (two spaces, <c>"name": value</c>). The document is
    /// walked twice, once to count and once to write into an array of exactly that size: a 4 MiB manifest costs its
    /// 4 MiB and no growing buffer, UTF-16 copy or re-encoding on the way.
    /// </summary>
    public static byte[] Serialize(JsonNode? node, bool indented = false) => Exactly(output => Write(node, output, indented, 0));

    public static string ToText(JsonNode? node, bool indented = false) => Utf8.GetString(Serialize(node, indented));

    public static string ToText(JsonElement element) => ToText(JsonSerializer.SerializeToNode(element));

    /// <summary>A string as a JSON string literal, quoted.</summary>
    public static string Quote(string value) => Utf8.GetString(Exactly(output => WriteString(value, output)));

    /// <summary>Runs a writer once to count its bytes, then again into an array of that size.</summary>
    private static byte[] Exactly(Action<Output> write)
    {
        var counted = new Output(null);
        write(counted);
        var bytes = new byte[counted.Length];
        write(new Output(bytes));
        return bytes;
    }

    private static void Write(JsonNode? node, Output output, bool indented, int depth)
    {
        switch (node)
        {
            case null:
                output.Ascii("null");
                break;
            case JsonObject obj:
                WriteContainer(output, '{', '}', obj, indented, depth, property =>
                {
                    WriteString(property.Key, output);
                    output.Ascii(indented ? ": " : ":");
                    Write(property.Value, output, indented, depth + 1);
                });
                break;
            case JsonArray array:
                WriteContainer(output, '[', ']', array, indented, depth, item => Write(item, output, indented, depth + 1));
                break;
            default:
                var value = node.AsValue();
                if (value.TryGetValue<Padding>(out var padding))
                {
                    output.Ascii('"');
                    output.Repeat(Padding.Character, padding.Length);
                    output.Ascii('"');
                }
                else if (value.GetValueKind() == JsonValueKind.String)
                {
                    WriteString(value.GetValue<string>(), output);
                }
                else
                {
                    // Numbers, true and false hold nothing to escape; their literal text is System.Text.Json's.
                    output.Ascii(value.ToJsonString());
                }

                break;
        }
    }

    private static void WriteContainer<T>(Output output, char open, char close, IEnumerable<T> items, bool indented, int depth, Action<T> writeItem)
    {
        output.Ascii(open);
        var count = 0;
        foreach (var item in items)
        {
            if (count++ > 0)
            {
                output.Ascii(',');
            }

            if (indented)
            {
                output.NewLine(depth + 1);
            }

            writeItem(item);
        }

        if (indented && count > 0)
        {
            output.NewLine(depth);
        }

        output.Ascii(close);
    }

    /// <summary>What may need an escape: the quote, the backslash, control characters, and surrogates (a lone one does).</summary>
    private static readonly SearchValues<char> MayNeedEscape = SearchValues.Create(
        [.. "\"\\", .. Enumerable.Range(0, 0x20).Select(c => (char)c), .. Enumerable.Range(0xD800, 0x800).Select(c => (char)c)]);

    /// <summary>Runs of characters that need no escape go to the encoder whole; only an escape interrupts them.</summary>
    private static void WriteString(string value, Output output)
    {
        output.Ascii('"');
        var run = 0;
        for (var at = 0; at < value.Length;)
        {
            var next = value.AsSpan(at).IndexOfAny(MayNeedEscape);
            if (next < 0)
            {
                break;
            }

            var i = at + next;
            if (Escape(value, i) is { } escape)
            {
                output.Text(value.AsSpan(run, i - run));
                output.Ascii(escape);
                run = i + 1;
            }

            at = i + 1;
        }

        output.Text(value.AsSpan(run));
        output.Ascii('"');
    }

    private static string? Escape(string value, int index) => value[index] switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\b' => "\\b",
        '\f' => "\\f",
        var c when c < 0x20 || IsLoneSurrogate(value, index) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool IsLoneSurrogate(string value, int index)
    {
        var c = value[index];
        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= value.Length || !char.IsLowSurrogate(value[index + 1]);
        }

        return char.IsLowSurrogate(c) && (index == 0 || !char.IsHighSurrogate(value[index - 1]));
    }

    /// <summary>Where the bytes go: nowhere while counting (no target), else into the target at the running length.</summary>
    private sealed class Output(byte[]? target)
    {
        public int Length { get; private set; }

        public void Ascii(char c)
        {
            if (target is not null)
            {
                target[Length] = (byte)c;
            }

            Length++;
        }

        public void Ascii(string text)
        {
            foreach (var c in text)
            {
                Ascii(c);
            }
        }

        public void Repeat(char c, int count)
        {
            target?.AsSpan(Length, count).Fill((byte)c);
            Length += count;
        }

        public void NewLine(int depth)
        {
            Ascii('\n');
            for (var i = 0; i < 2 * depth; i++)
            {
                Ascii(' ');
            }
        }

        public void Text(ReadOnlySpan<char> text) =>
            Length += target is null ? Utf8.GetByteCount(text) : Utf8.GetBytes(text, target.AsSpan(Length));
    }
}
