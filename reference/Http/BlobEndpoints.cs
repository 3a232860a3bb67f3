using System.Globalization;
using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Http;

/// <summary>end-2 (GET/HEAD with Range) and end-10 (DELETE) for blobs.</summary>
internal sealed class BlobEndpoints(RegistryServices services)
{
    public Task HandleAsync(HttpContext context, RegistryRoute route)
    {
        if (!Digest.TryParse(route.Reference, out var digest))
        {
            return Responses.ErrorAsync(context, RegistryError.InvalidDigest(route.Reference));
        }

        return HttpMethods.IsDelete(context.Request.Method)
            ? DeleteAsync(context, route.Name, digest)
            : GetAsync(context, route.Name, digest);
    }

    private async Task GetAsync(HttpContext context, string name, Digest digest)
    {
        var length = services.Metadata.HasBlob(name, digest) ? services.Blobs.Find(digest) : null;
        var stream = length is null ? null : services.Blobs.OpenRead(digest);
        if (stream is null || length is null)
        {
            await Responses.ErrorAsync(context, RegistryError.BlobUnknown(digest));
            return;
        }

        await using (stream)
        {
            var response = context.Response;
            response.ContentType = MediaTypes.OctetStream;
            response.Headers["Docker-Content-Digest"] = digest.ToString();
            if (HttpMethods.IsHead(context.Request.Method))
            {
                response.StatusCode = 200;
                response.ContentLength = length;
                return;
            }

            response.Headers.AcceptRanges = "bytes";
            var range = ByteRange.Parse(context.Request.Headers.Range, length.Value);
            if (range.Unsatisfiable)
            {
                response.Headers.ContentRange = $"bytes */{length}";
                await Responses.EmptyAsync(context, StatusCodes.Status416RangeNotSatisfiable);
                return;
            }

            var (start, count) = range.Present ? (range.Start, range.End - range.Start + 1) : (0L, length.Value);
            if (range.Present)
            {
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = $"bytes {range.Start}-{range.End}/{length}";
            }
            else
            {
                response.StatusCode = 200;
            }

            response.ContentLength = count;
            stream.Seek(start, SeekOrigin.Begin);
            await StreamCopy.PumpAsync(stream, count, response.Body.WriteAsync, context.RequestAborted);
        }
    }

    private async Task DeleteAsync(HttpContext context, string name, Digest digest)
    {
        if (!services.Options.DeleteEnabled)
        {
            await Responses.ErrorAsync(context, RegistryError.Unsupported("blob deletion is disabled"));
            return;
        }

        if (!services.BlobGate.Delete(name, digest))
        {
            await Responses.ErrorAsync(context, RegistryError.BlobUnknown(digest));
            return;
        }

        await Responses.EmptyAsync(context, StatusCodes.Status202Accepted);
    }
}

/// <summary>One byte range of a Range header (RFC 9110 section 14); multiple ranges are served whole.</summary>
internal readonly record struct ByteRange(bool Present, bool Unsatisfiable, long Start, long End)
{
    private static ByteRange None => default;

    public static ByteRange Parse(string? header, long length)
    {
        const string unit = "bytes=";
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith(unit, StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return None;
        }

        var spec = header[unit.Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return None;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            // Suffix form: the last N bytes.
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return None;
            }

            return suffix == 0 || length == 0
                ? new ByteRange(true, true, 0, 0)
                : new ByteRange(true, false, Math.Max(0, length - suffix), length - 1);
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return None;
        }

        var end = length - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return None;
            }
        }

        return start >= length
            ? new ByteRange(true, true, 0, 0)
            : new ByteRange(true, false, start, Math.Min(end, length - 1));
    }
}
