using OciConformance.Reference.Http;

namespace OciConformance.Reference.Faults;

internal sealed class HeadWithBody() : RegistryFault(
    "head-with-body",
    "Manifest and blob HEAD answers are followed on the wire by the content's first bytes (then the connection closes).",
    "An answer to HEAD ends with its header section: it carries no content (RFC 9110 section 9.3.2).")
{
    /// <summary>Enough to show the deviation; a large blob is not copied whole into memory for it.</summary>
    private const int Leaked = 64 * 1024;

    public override void Apply(FaultLayer layer) =>
        layer.SendBodyAfterHead(x => x.Is(RouteKind.Manifest) || x.Is(RouteKind.Blob), Leaked);
}

internal sealed class ManifestHeadWrongLength() : RegistryFault(
    "manifest-head-wrong-length",
    "Manifest HEAD reports Content-Length one more than GET sends.",
    "A HEAD answer's Content-Length is the length GET would send (RFC 9110 section 8.6); the spec asks for the content size.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteHeaders(x => ManifestReads.IsHead(x) && x.Status == 200, x => x.Response.ContentLength += 1);
}

internal sealed class ManifestGetFalseEncoding() : RegistryFault(
    "manifest-get-false-encoding",
    "Manifest GET labels its uncompressed body Content-Encoding: gzip.",
    "Content-Encoding names the codings applied to the content, and only those (RFC 9110 section 8.4).")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteHeaders(ManifestReads.IsServed, x => x.Response.Headers.ContentEncoding = "gzip");
}
