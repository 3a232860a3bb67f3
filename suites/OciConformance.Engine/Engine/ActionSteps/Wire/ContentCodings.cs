using System.IO.Compression;

namespace OciConformance.Engine.ActionSteps.Wire;

/// <summary>Undoes the content codings a Content-Encoding header lists (RFC 9110 section 8.4), last applied first.</summary>
internal static class ContentCodings
{
    /// <summary>What the probe offers in Accept-Encoding: what Go's HTTP client, and so docker, asks for.</summary>
    public const string Offered = "gzip";

    /// <summary>A small body that decodes to more than this is refused rather than expanded whole in memory.</summary>
    private const int MaxDecoded = 64 * 1024 * 1024;

    /// <summary>The decoded content, or why the body is not what its label says.</summary>
    public static (byte[]? Content, string? Problem) Decode(byte[] body, string? contentEncoding)
    {
        var codings = (contentEncoding ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => !c.Equals("identity", StringComparison.OrdinalIgnoreCase))
            .Reverse();
        var content = body;
        foreach (var coding in codings)
        {
            try
            {
                content = coding.ToLowerInvariant() switch
                {
                    "gzip" or "x-gzip" => Inflate(content, s => new GZipStream(s, CompressionMode.Decompress)),
                    "deflate" => Inflate(content, s => new ZLibStream(s, CompressionMode.Decompress)),
                    "br" => Inflate(content, s => new BrotliStream(s, CompressionMode.Decompress)),
                    _ => null,
                };
            }
            catch (InvalidDataException e)
            {
                return (null, $"the body is not {coding}-coded ({e.Message})");
            }

            if (content is null)
            {
                return (null, $"the body is labelled with content coding '{coding}', which the probe did not ask for and cannot undo");
            }
        }

        return (content, null);
    }

    private static byte[] Inflate(byte[] coded, Func<Stream, Stream> decoder)
    {
        using var input = new MemoryStream(coded, writable: false);
        using var decoding = decoder(input);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = decoding.Read(buffer)) > 0)
        {
            if (output.Length + read > MaxDecoded)
            {
                throw new InvalidDataException($"it decodes to more than {MaxDecoded} bytes");
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
