using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OciConformance.Content;

/// <summary>
/// Parses a JSON body a registry sent. Beyond the grammar, every string must be text: an escaped lone surrogate
/// (<c>"\ud800"</c>) is valid JSON syntax but no string at all, and reading it would throw far from the answer that
/// held it. Such a body is refused here, as a <see cref="JsonException"/>, so whoever reads it reports the registry's
/// answer as not JSON instead of breaking.
/// </summary>
public static class RegistryJson
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        var document = JsonDocument.Parse(body);
        if (FirstUnreadable(document.RootElement, "") is { } path)
        {
            document.Dispose();
            throw new JsonException($"the string at {(path.Length == 0 ? "the root" : path)} holds a lone UTF-16 surrogate escape, which is not text");
        }

        return document;
    }

    /// <summary>The body as a mutable tree, refused on the same terms as <see cref="Parse"/>.</summary>
    public static JsonNode? ParseNode(ReadOnlyMemory<byte> body)
    {
        using (Parse(body))
        {
            return JsonNode.Parse(body.Span);
        }
    }

    /// <summary>The JSON pointer of the first string or member name that cannot be read as text, or null.</summary>
    private static string? FirstUnreadable(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return !MayHoldEscape(JsonMarshal.GetRawUtf8Value(element)) || Readable(() => element.GetString()) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstUnreadable(item, $"{path}/{index++}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if (MayHoldEscape(JsonMarshal.GetRawUtf8PropertyName(member)) && !Readable(() => member.Name))
                    {
                        return $"{path} (a member name)";
                    }

                    if (FirstUnreadable(member.Value, $"{path}/{member.Name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Only a <c>\u</c> escape can spell a lone surrogate: a string without one is text as it stands, and is not
    /// decoded to find out (a 4 MiB annotation would cost an 8 MiB string).
    /// </summary>
    private static bool MayHoldEscape(ReadOnlySpan<byte> raw) => raw.IndexOf("\\u"u8) >= 0;

    private static bool Readable(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
