using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace OciConformance.Http;

/// <summary>How a recorded body or header value is written down: as text, or as the hex of its bytes.</summary>
public enum WireForm
{
    Text,

    /// <summary>The bytes were not UTF-8 text every report can hold (binary, invalid UTF-8, control characters).</summary>
    Hex,
}

/// <summary>
/// Bytes from the wire as something every report format can hold. Text is kept as text only when it is valid UTF-8
/// free of control characters (tab, line feed and carriage return aside) and of the characters XML 1.0 forbids;
/// anything else is written as hex and marked so, never decoded into replacement characters or passed on raw.
/// </summary>
public static class WireText
{
    /// <summary>At most this many bytes of a body that is not text are kept, as hex: enough to recognise what it is.</summary>
    public const int HexLimit = 128;

    /// <summary>
    /// The bytes as text when they are safe text, else null. <paramref name="cutShort"/> says the bytes are a prefix,
    /// so a character split at the end is dropped rather than taken for invalid UTF-8.
    /// </summary>
    public static string? AsText(ReadOnlySpan<byte> bytes, bool cutShort = false)
    {
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out _, out var written, replaceInvalidSequences: false, isFinalBlock: !cutShort);
        if (status is not (OperationStatus.Done or OperationStatus.NeedMoreData))
        {
            return null;
        }

        var text = new string(chars, 0, written);
        return IsSafe(text) ? text : null;
    }

    /// <summary>Whether every character can stand in every report: no control character but tab, LF, CR; nothing XML 1.0 forbids.</summary>
    public static bool IsSafe(string text) => FirstUnsafe(text) < 0;

    /// <summary>The index of the first character a report cannot hold as it is, or -1.</summary>
    public static int FirstUnsafe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (IsUnsafe(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The text with each character a report cannot hold written as <c>\xNN</c> (or <c>\uNNNN</c> above 0xFF), so the
    /// reader sees what was sent; text that is safe comes back as it is.
    /// </summary>
    public static string Escape(string text)
    {
        var first = FirstUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
            }
            else if (IsUnsafe(c))
            {
                escaped.Append(c <= 0xFF ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes.Length > HexLimit ? bytes[..HexLimit] : bytes);

    /// <summary>
    /// A header value as the client decoded it (one character per byte, ISO-8859-1): kept when it is plain ASCII
    /// text, read as UTF-8 when its bytes are UTF-8 text, else hex. A value holding wider characters was decoded
    /// already and is judged by its UTF-8 bytes.
    /// </summary>
    public static (string Value, WireForm Form) HeaderValue(string decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        var bytes = decoded.Any(c => c > 0xFF) ? Encoding.UTF8.GetBytes(decoded) : Encoding.Latin1.GetBytes(decoded);
        return AsText(bytes) is { } text ? (text, WireForm.Text) : (Hex(bytes), WireForm.Hex);
    }

    private static bool IsUnsafe(char c) =>
        (c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is >= '\u007f' and <= '\u009f' || c is '\ufffe' or '\uffff' || char.IsSurrogate(c);
}
