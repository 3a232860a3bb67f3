using System.Text.Json;
using System.Text.Json.Nodes;
using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Faults;

/// <summary>The manifest reads the manifest faults pick out.</summary>
internal static class ManifestReads
{
    public static bool IsGet(Exchange x) => x.Is(RouteKind.Manifest, HttpMethods.Get);

    public static bool IsHead(Exchange x) => x.Is(RouteKind.Manifest, HttpMethods.Head);

    public static bool IsServed(Exchange x) => IsGet(x) && x.Status == 200;

    /// <summary>A reference the endpoint looks up: a tag (an invalid one is simply unknown) or a well-formed digest.</summary>
    public static bool HasLookupReference(Exchange x) => IsTag(x) || x.ReferenceDigest is not null;

    public static bool IsTag(Exchange x) => !x.Reference.Contains(':', StringComparison.Ordinal);

    public static Task UnknownAsync(Exchange x) => x.ErrorAsync(RegistryError.ManifestUnknown(x.Reference));
}

internal sealed class ManifestGetWrongContentType() : RegistryFault(
    "manifest-get-wrong-content-type",
    "Manifest GET answers Content-Type application/json instead of the manifest's media type.",
    "The Content-Type of a manifest GET matches the media type it was pushed with.")
{
    public override void Apply(FaultLayer layer) => layer.RewriteHeaders(ManifestReads.IsServed, x => x.Response.ContentType = MediaTypes.Json);
}

internal sealed class ManifestContentTypeParameters() : RegistryFault(
    "manifest-content-type-parameters",
    "Manifest GET and HEAD add `; charset=utf-8` to the media type in Content-Type.",
    "SHOULD NOT: a manifest response's Content-Type carries no parameters.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteHeaders(
            x => (ManifestReads.IsGet(x) || ManifestReads.IsHead(x)) && x.Status == 200,
            x => x.Response.ContentType += "; charset=utf-8");
}

internal sealed class ManifestGetReserialized() : RegistryFault(
    "manifest-get-reserialized",
    "Manifest GET re-serialises the JSON (indented), so the bytes differ from what was pushed.",
    "The registry MUST store and return the manifest in the exact bytes the client pushed.")
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public override void Apply(FaultLayer layer) =>
        layer.RewriteBody(ManifestReads.IsServed, (_, body) => JsonSerializer.SerializeToUtf8Bytes(JsonNode.Parse(body), Indented));
}

internal sealed class ManifestGetNoDigestHeader() : RegistryFault(
    "manifest-get-no-digest-header",
    "Manifest GET omits Docker-Content-Digest.",
    "A successful manifest GET MUST carry Docker-Content-Digest.")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(ManifestReads.IsGet, "Docker-Content-Digest");
}

internal sealed class ManifestHeadNoDigestHeader() : RegistryFault(
    "manifest-head-no-digest-header",
    "Manifest HEAD omits Docker-Content-Digest.",
    "A successful HEAD MUST carry Docker-Content-Digest.")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(ManifestReads.IsHead, "Docker-Content-Digest");
}

internal sealed class ManifestUnknownWrongStatus() : RegistryFault(
    "manifest-unknown-wrong-status",
    "An unknown manifest answers 400 instead of 404.",
    "A manifest not in the repository MUST answer 404 Not Found.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteJson(x => x.Is(RouteKind.Manifest) && x.Status == 404, (x, body) =>
        {
            if (body["errors"]?[0]?["code"]?.GetValue<string>() == ErrorCode.ManifestUnknown)
            {
                x.Response.StatusCode = 400;
            }

            return body;
        });
}

internal sealed class ManifestGetByTag404() : RegistryFault(
    "manifest-get-by-tag-404",
    "Manifest GET by tag answers 404 while GET by digest and HEAD work.",
    "GET of a manifest by tag MUST answer 200 with the manifest.")
{
    public override void Apply(FaultLayer layer) => layer.Answer(x => ManifestReads.IsGet(x) && ManifestReads.IsTag(x), ManifestReads.UnknownAsync);
}

internal sealed class ManifestGetByDigest404() : RegistryFault(
    "manifest-get-by-digest-404",
    "Manifest GET by digest answers 404 while GET by tag and HEAD work.",
    "GET of a manifest by digest MUST answer 200 with the manifest.")
{
    public override void Apply(FaultLayer layer) => layer.Answer(x => ManifestReads.IsGet(x) && x.ReferenceDigest is not null, ManifestReads.UnknownAsync);
}

internal sealed class ManifestHead404() : RegistryFault(
    "manifest-head-404",
    "Manifest HEAD of an existing manifest answers 404 while GET works.",
    "HEAD of an existing manifest MUST answer 200.")
{
    public override void Apply(FaultLayer layer) => layer.Answer(x => ManifestReads.IsHead(x) && ManifestReads.HasLookupReference(x), ManifestReads.UnknownAsync);
}

internal sealed class RepositoryUnknownWrongStatus() : RegistryFault(
    "repository-unknown-wrong-status",
    "Pulling a manifest from a repository that does not exist answers 400 instead of 404.",
    "Pulling from an unknown repository MUST answer 404.")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(
            x => (ManifestReads.IsGet(x) || ManifestReads.IsHead(x))
                && (ManifestReads.IsTag(x) ? x.Services.Policy.IsValidTag(x.Reference) : x.ReferenceDigest is not null)
                && !x.Services.Metadata.RepositoryExists(x.Name),
            x => x.ErrorAsync(RegistryError.NameUnknown(x.Name) with { Status = 400 }));
}

internal sealed class WarningHeaderWrongCode() : RegistryFault(
    "warning-header-wrong-code",
    "Manifest GET carries a Warning header with code 199 instead of 299.",
    "A Warning header MUST have the form `299 - \"<text>\"`.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteHeaders(ManifestReads.IsServed, x => x.Response.Headers.Warning = "199 - \"reference registry warning\"");
}

internal sealed class WarningHeaderDated() : RegistryFault(
    "warning-header-dated",
    "Manifest GET carries a Warning header with a warn-date.",
    "A Warning header MUST NOT carry a date.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteHeaders(ManifestReads.IsServed, x => x.Response.Headers.Warning = "299 - \"reference registry warning\" \"Sat, 28 Nov 2026 00:00:00 GMT\"");
}
