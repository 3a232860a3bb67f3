using System.IO.Compression;
using System.Text;
using OciConformance.Reference.Http;

namespace OciConformance.Reference.Faults;

/// <summary>
/// Bytes no report format can hold as they are: binary under a false label, control characters, invalid UTF-8. Each of
/// these faults breaks a rule too, so the suite quotes what it got in every report.
/// </summary>
internal static class WireBytes
{
    /// <summary>NUL, a terminal colour escape, BEL, DEL, then bytes that are not UTF-8 (a lone 0xFF, a truncated sequence).</summary>
    public static readonly byte[] Unprintable = [0x00, 0x1B, (byte)'[', (byte)'3', (byte)'1', (byte)'m', 0x07, 0x7F, 0xFF, 0xFE, 0xC3, 0x28];

    /// <summary>The answers for a manifest the repository does not hold: few scenarios ask, and each reads the body.</summary>
    public static bool IsUnknownManifest(Exchange x) => x.Is(RouteKind.Manifest) && x.Status == StatusCodes.Status404NotFound;

    public static byte[] Gzip(byte[] body)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return compressed.ToArray();
    }
}

internal sealed class ErrorBodyGzipLabelledDeflate() : RegistryFault(
    "error-body-gzip-labelled-deflate",
    "The 404 for an unknown manifest sends its error body gzip-compressed under Content-Encoding: deflate.",
    "A 4xx answer's body MUST be the spec's JSON error body; a coding other than the one named cannot be undone.")
{
    public override void Apply(FaultLayer layer)
    {
        layer.RewriteBody(WireBytes.IsUnknownManifest, (_, body) => WireBytes.Gzip(body));
        layer.RewriteHeaders(WireBytes.IsUnknownManifest, x => x.Response.Headers.ContentEncoding = "deflate");
    }
}

internal sealed class ErrorMessageRawBytes() : RegistryFault(
    "error-message-raw-bytes",
    "The 404 for an unknown manifest puts raw control characters and bytes that are not UTF-8 into its error message.",
    "A 4xx answer's body MUST be the spec's JSON error body, and JSON is UTF-8 text without raw control characters.")
{
    private static readonly byte[] MessageStart = Encoding.UTF8.GetBytes("\"message\":\"");

    public override void Apply(FaultLayer layer) =>
        layer.RewriteBody(WireBytes.IsUnknownManifest, (_, body) =>
        {
            var at = body.AsSpan().IndexOf(MessageStart);
            return at < 0 ? body : [.. body.AsSpan(0, at + MessageStart.Length), .. WireBytes.Unprintable, .. body.AsSpan(at + MessageStart.Length)];
        });
}

internal sealed class TagsListUnprintableTag() : RegistryFault(
    "tags-list-unprintable-tag",
    "The full tags list starts with a tag that was never pushed, whose name holds NUL, a terminal escape sequence and BEL (JSON-escaped).",
    "The tags list MUST hold the repository's tags, and only those.")
{
    /// <summary>The entry as JSON text, spliced into the list's bytes.</summary>
    private static readonly byte[] Entry = Encoding.UTF8.GetBytes("\"\\u0000\\u001b[31mred\\u0007\"");

    private static readonly byte[] ListStart = Encoding.UTF8.GetBytes("\"tags\":[");

    public override void Apply(FaultLayer layer) =>
        layer.RewriteBody(
            x => TagsLists.IsListed(x) && !x.Query.ContainsKey("n") && !x.Query.ContainsKey("last"),
            (_, body) =>
            {
                var at = body.AsSpan().IndexOf(ListStart);
                if (at < 0)
                {
                    return body;
                }

                var rest = body.AsSpan(at + ListStart.Length);
                return [.. body.AsSpan(0, at + ListStart.Length), .. Entry, .. rest[0] == (byte)']' ? ""u8 : ","u8, .. rest];
            });
}

internal sealed class ManifestDigestHeaderUnprintable() : RegistryFault(
    "manifest-digest-header-unprintable",
    "Manifest GET by tag sends Docker-Content-Digest with bytes that are not UTF-8 after the algorithm.",
    "A successful manifest GET MUST carry Docker-Content-Digest with the manifest's digest.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteHeaders(
            x => ManifestReads.IsServed(x) && ManifestReads.IsTag(x) && x.Response.Headers.ContainsKey("Docker-Content-Digest"),
            x => x.Response.Headers["Docker-Content-Digest"] = "sha256:" + Encoding.Latin1.GetString(NotUtf8));

    /// <summary>A lone 0xFF, 0xFE, and a two-byte sequence cut short; Kestrel refuses control characters in headers.</summary>
    private static readonly byte[] NotUtf8 = [0xFF, 0xFE, 0xC3, 0x28];
}
