using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Faults;

/// <summary>The blob reads the blob faults pick out.</summary>
internal static class BlobReads
{
    /// <summary>Answers 404 BLOB_UNKNOWN to every <paramref name="method"/> of a well-formed digest, held or not.</summary>
    public static void Hide(FaultLayer layer, string method) =>
        layer.Answer(x => x.Is(RouteKind.Blob, method) && x.ReferenceDigest is not null, x => x.ErrorAsync(RegistryError.BlobUnknown(x.ReferenceDigest!)));
}

internal sealed class BlobGetNoDigestHeader() : RegistryFault(
    "blob-get-no-digest-header",
    "Blob GET omits Docker-Content-Digest.",
    "A successful blob GET MUST carry Docker-Content-Digest.")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(x => x.Is(RouteKind.Blob, HttpMethods.Get), "Docker-Content-Digest");
}

internal sealed class BlobGetWrongDigestHeader() : RegistryFault(
    "blob-get-wrong-digest-header",
    "Blob GET sends a Docker-Content-Digest that is not the body's digest.",
    "Docker-Content-Digest, when present, MUST match the body.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteHeaders(
            x => x.Is(RouteKind.Blob, HttpMethods.Get) && x.Response.Headers.ContainsKey("Docker-Content-Digest"),
            x => x.Response.Headers["Docker-Content-Digest"] = OtherDigest(x.Response.Headers["Docker-Content-Digest"].ToString()));

    /// <summary>A well-formed digest of the same algorithm that is certainly not this one.</summary>
    private static string OtherDigest(string digest) => digest[..^1] + (digest[^1] == '0' ? '1' : '0');
}

internal sealed class BlobGetCorruptBody() : RegistryFault(
    "blob-get-corrupt-body",
    "Blob GET flips the first byte of the body.",
    "A blob GET MUST return the stored bytes (the body matches its digest).")
{
    public override void Apply(FaultLayer layer) =>
        layer.TransformBody(x => x.Is(RouteKind.Blob, HttpMethods.Get) && x.Status is 200 or 206, () =>
        {
            var first = true;
            return chunk =>
            {
                if (!first || chunk.IsEmpty)
                {
                    return chunk;
                }

                first = false;
                var copy = chunk.ToArray();
                copy[0] ^= 0xFF;
                return copy;
            };
        });
}

internal sealed class BlobHeadWrongLength() : RegistryFault(
    "blob-head-wrong-length",
    "Blob HEAD reports Content-Length one more than the blob size.",
    "HEAD reports the content size in Content-Length (SHOULD in 1.1, MUST at dev).")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteHeaders(x => x.Is(RouteKind.Blob, HttpMethods.Head) && x.Status == 200, x => x.Response.ContentLength += 1);
}

internal sealed class BlobUnknownWrongStatus() : RegistryFault(
    "blob-unknown-wrong-status",
    "An unknown blob answers 400 instead of 404.",
    "A blob not in the repository MUST answer 404 Not Found.")
{
    public override void Apply(FaultLayer layer) =>
        layer.ReplaceStatus(x => x.Is(RouteKind.Blob, HttpMethods.Get) || x.Is(RouteKind.Blob, HttpMethods.Head), 404, 400);
}

internal sealed class RangeIgnored() : RegistryFault(
    "range-ignored",
    "Range on blob GET is ignored: always 200 with the whole body.",
    "Optional (SHOULD): blob GET supports Range with 206 and Content-Range.")
{
    public override void Apply(FaultLayer layer)
    {
        layer.AlterRequest(x => x.Is(RouteKind.Blob, HttpMethods.Get), x => x.Request.Headers.Range = default);
        layer.RemoveHeader(x => x.Is(RouteKind.Blob, HttpMethods.Get), "Accept-Ranges");
    }
}

internal sealed class BlobGet404() : RegistryFault(
    "blob-get-404",
    "Blob GET of an existing blob answers 404 while HEAD works.",
    "GET of a blob the repository holds MUST answer 200 with the blob.")
{
    public override void Apply(FaultLayer layer) => BlobReads.Hide(layer, HttpMethods.Get);
}

internal sealed class BlobHead404() : RegistryFault(
    "blob-head-404",
    "Blob HEAD of an existing blob answers 404 while GET works.",
    "HEAD of a blob the repository holds MUST answer 200.")
{
    public override void Apply(FaultLayer layer) => BlobReads.Hide(layer, HttpMethods.Head);
}

internal sealed class HeadUnknownWrongStatus() : RegistryFault(
    "head-unknown-wrong-status",
    "HEAD of an unknown blob or manifest answers 400 (GET still answers 404).",
    "HEAD of content that does not exist MUST answer 404 without a body.")
{
    public override void Apply(FaultLayer layer) =>
        layer.ReplaceStatus(x => x.Is(RouteKind.Blob, HttpMethods.Head) || x.Is(RouteKind.Manifest, HttpMethods.Head), 404, 400);
}
