using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Faults;

/// <summary>The requests of the upload endpoints, as the upload faults pick them out.</summary>
internal static class UploadRequests
{
    public static bool IsPost(Exchange x) => x.Is(RouteKind.Upload, HttpMethods.Post);

    /// <summary>A closing PUT the upload endpoint takes: its <c>?digest=</c> is well-formed and of a supported algorithm.</summary>
    public static bool IsClosingPut(Exchange x) =>
        x.Is(RouteKind.Upload, HttpMethods.Put) && x.QueryDigest("digest") is { } digest && x.Services.Policy.SupportsAlgorithm(digest.Algorithm);

    /// <summary>A blob pushed in one POST: <c>?digest=</c> without <c>mount</c>, which takes precedence.</summary>
    public static bool IsSinglePost(Exchange x) => IsPost(x) && x.Query.ContainsKey("digest") && !x.Query.ContainsKey("mount");
}

internal sealed class UploadPostNoLocation() : RegistryFault(
    "upload-post-no-location",
    "POST to /blobs/uploads/ answers 202 without a Location header.",
    "Starting an upload MUST answer 202 with a Location naming the session.")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(x => UploadRequests.IsPost(x) && x.Status == 202, "Location");
}

internal sealed class UploadPostWrongStatus() : RegistryFault(
    "upload-post-wrong-status",
    "POST opening an upload session answers 200 instead of 202 (the Location is still sent).",
    "Starting an upload MUST answer 202 Accepted (end-4a).")
{
    public override void Apply(FaultLayer layer) => layer.ReplaceStatus(UploadRequests.IsPost, 202, 200);
}

internal sealed class UploadPutWrongStatus() : RegistryFault(
    "upload-put-wrong-status",
    "The PUT closing an upload answers 200 instead of 201.",
    "Closing an upload MUST answer 201 Created.")
{
    public override void Apply(FaultLayer layer) => layer.ReplaceStatus(x => x.Is(RouteKind.Upload, HttpMethods.Put), 201, 200);
}

internal sealed class UploadPutInvalidDigest404() : RegistryFault(
    "upload-put-invalid-digest-404",
    "A closing PUT whose digest is malformed or of an unknown algorithm answers 404 instead of 400.",
    "A blob push with an invalid digest SHOULD be refused with 400.")
{
    public override void Apply(FaultLayer layer) =>
        layer.ReplaceStatus(x => x.Is(RouteKind.Upload, HttpMethods.Put) && !UploadRequests.IsClosingPut(x), 400, 404);
}

internal sealed class UploadAcceptsDigestMismatch() : RegistryFault(
    "upload-accepts-digest-mismatch",
    "Completing an upload (closing PUT or single POST) stores the bytes under the claimed digest even when they hash differently.",
    "A digest that does not match the uploaded bytes is rejected (400 DIGEST_INVALID); blobs are content addressed.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IUploadSessions>((uploads, _) => new Uploads(uploads));

    private sealed class Uploads(IUploadSessions inner) : UploadSessionsDecorator(inner)
    {
        public override Task<RegistryError?> VerifyAsync(UploadSession session, Digest digest, CancellationToken cancellationToken) =>
            Task.FromResult<RegistryError?>(null);
    }
}

internal sealed class UploadPatchNoRange() : RegistryFault(
    "upload-patch-no-range",
    "PATCH answers 202 without the Range header.",
    "Each accepted chunk MUST answer 202 with Location and Range: 0-<end>.")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(x => x.Is(RouteKind.Upload, HttpMethods.Patch) && x.Status == 202, "Range");
}

internal sealed class UploadPatchWrongStatus() : RegistryFault(
    "upload-patch-wrong-status",
    "A chunk PATCH answers 204 instead of 202 (Location and Range are still sent).",
    "Each accepted chunk MUST answer 202 Accepted (end-5).")
{
    public override void Apply(FaultLayer layer) => layer.ReplaceStatus(x => x.Is(RouteKind.Upload, HttpMethods.Patch), 202, 204);
}

internal sealed class UploadStatusWrongRange() : RegistryFault(
    "upload-status-wrong-range",
    "The upload status GET reports a Range one byte longer than what was received.",
    "The status GET MUST report Range: 0-<offset of last byte received>.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteHeaders(x => x.Is(RouteKind.Upload, HttpMethods.Get) && x.Status == 204, x =>
        {
            if (x.Services.Uploads.Find(x.Name, x.Reference) is { } session)
            {
                x.Response.Headers["Range"] = $"0-{session.Buffer.Length}";
            }
        });
}

internal sealed class UploadStatusWrongStatus() : RegistryFault(
    "upload-status-wrong-status",
    "The upload status GET answers 200 instead of 204.",
    "The status of an active upload MUST be answered with 204 No Content (end-13).")
{
    public override void Apply(FaultLayer layer) => layer.ReplaceStatus(x => x.Is(RouteKind.Upload, HttpMethods.Get), 204, 200);
}

internal sealed class UploadCancelWrongStatus() : RegistryFault(
    "upload-cancel-wrong-status",
    "Cancelling an upload (DELETE of the session) answers 200 instead of 204.",
    "Cancelling an upload SHOULD answer 204 No Content.")
{
    public override void Apply(FaultLayer layer) => layer.ReplaceStatus(x => x.Is(RouteKind.Upload, HttpMethods.Delete), 204, 200);
}

internal sealed class UploadSessionReused() : RegistryFault(
    "upload-session-reused",
    "POST hands out the location of a session still open in the repository instead of a new one.",
    "Each upload location MUST identify its own session.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IUploadSessions>((uploads, _) => new Uploads(uploads));

    private sealed class Uploads(IUploadSessions inner) : UploadSessionsDecorator(inner)
    {
        private readonly List<UploadSession> _opened = [];

        public override UploadSession Open(string repository, string algorithm)
        {
            lock (_opened)
            {
                _opened.RemoveAll(s => Find(s.Repository, s.Id) is null);
                if (_opened.FirstOrDefault(s => s.Repository == repository) is { } open)
                {
                    return open;
                }

                var session = base.Open(repository, algorithm);
                _opened.Add(session);
                return session;
            }
        }
    }
}

internal sealed class SinglePostNoLocation() : RegistryFault(
    "single-post-no-location",
    "A single POST with digest answers 201 without Location.",
    "A blob pushed with a single POST MUST answer 201 with Location naming the blob.")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(x => UploadRequests.IsSinglePost(x) && x.Status == 201, "Location");
}

internal sealed class SinglePostUnsupported() : RegistryFault(
    "single-post-unsupported",
    "A single POST with digest and body ignores the body and opens an ordinary session (202), as a registry without single-POST support does.",
    "Optional (MAY): a blob pushed in one POST with its digest is stored (201).")
{
    public override void Apply(FaultLayer layer) => layer.AlterRequest(UploadRequests.IsSinglePost, x => x.SetQuery("digest", []));
}

internal sealed class SinglePostWrongStatus() : RegistryFault(
    "single-post-wrong-status",
    "A single POST with digest stores the blob but answers 200 instead of 201.",
    "SHOULD: a single POST answers 201 (stored) or 202 (session opened) (end-4b).")
{
    public override void Apply(FaultLayer layer) => layer.ReplaceStatus(UploadRequests.IsSinglePost, 201, 200);
}

internal sealed class UploadStatusAfterEnd() : RegistryFault(
    "upload-status-after-end",
    "The status of an upload session that was completed or cancelled answers 204 as if the session were still open, with nothing received.",
    "Only the endpoint table's failure column (end-13: 404) suggests a 404 for a session that is over; no sentence demands it, so this is at most a warning.")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(
            x => x.Is(RouteKind.Upload, HttpMethods.Get) && x.Reference.Length > 0 && x.Services.Uploads.Find(x.Name, x.Reference) is null,
            x =>
            {
                x.Response.Headers.Location = x.Request.Path.Value;
                x.Response.Headers["Range"] = "0-0";
                return Responses.EmptyAsync(x.Context, StatusCodes.Status204NoContent);
            });
}
