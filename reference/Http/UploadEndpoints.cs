using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Http;

/// <summary>end-4a/4b/4c (POST), end-11 (mount), end-5 (PATCH), end-6 (PUT), end-13 (status GET), end-14 (cancel).</summary>
internal sealed class UploadEndpoints(RegistryServices services)
{
    public Task HandleAsync(HttpContext context, RegistryRoute route)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsPost(method))
        {
            return route.Reference.Length == 0
                ? PostAsync(context, route.Name)
                : Responses.ErrorAsync(context, RegistryError.Unsupported("POST starts uploads at /blobs/uploads/"));
        }

        var session = route.Reference.Length == 0 ? null : services.Uploads.Find(route.Name, route.Reference);
        if (session is null)
        {
            return Responses.ErrorAsync(context, UploadUnknown(route.Reference));
        }

        return method switch
        {
            _ when HttpMethods.IsPatch(method) => Locked(context, session, () => PatchAsync(context, session)),
            _ when HttpMethods.IsPut(method) => Locked(context, session, () => PutAsync(context, session)),
            _ when HttpMethods.IsGet(method) => Locked(context, session, () => StatusAsync(context, session)),
            _ => Locked(context, session, () => CancelAsync(context, session)),
        };
    }

    private static RegistryError UploadUnknown(string id) =>
        new(404, ErrorCode.BlobUploadUnknown, "upload unknown to registry", new { upload = id });

    private static string Location(UploadSession session) => $"/v2/{session.Repository}/blobs/uploads/{session.Id}";

    private static string BlobLocation(string name, Digest digest) => $"/v2/{name}/blobs/{digest}";

    /// <summary>Range of what was received: inclusive end, "0-0" while empty (the convention clients expect).</summary>
    private static string RangeOf(long length) => $"0-{Math.Max(0, length - 1)}";

    /// <summary>Where the session stands: its Location and the Range received so far.</summary>
    private static void Describe(HttpContext context, UploadSession session)
    {
        context.Response.Headers.Location = Location(session);
        context.Response.Headers["Range"] = RangeOf(session.Buffer.Length);
    }

    private async Task Locked(HttpContext context, UploadSession session, Func<Task> action)
    {
        await session.Gate.WaitAsync(context.RequestAborted);
        try
        {
            session.LastUsed = DateTime.UtcNow;

            // A request queued behind a PUT or DELETE finds the session gone.
            if (services.Uploads.Find(session.Repository, session.Id) is null)
            {
                await Responses.ErrorAsync(context, UploadUnknown(session.Id));
                return;
            }

            await action();
        }
        finally
        {
            // Once the session is gone its bytes are released; the gate is still released so queued requests
            // wake up (and answer 404) instead of waiting forever.
            if (services.Uploads.Find(session.Repository, session.Id) is null)
            {
                session.Dispose();
            }

            session.Gate.Release();
        }
    }

    private async Task PostAsync(HttpContext context, string name)
    {
        var query = context.Request.Query;
        if (query.ContainsKey("mount"))
        {
            if (!Digest.TryParse(query["mount"], out var mounted))
            {
                await Responses.ErrorAsync(context, new RegistryError(400, ErrorCode.DigestInvalid, "invalid mount digest", new { digest = query["mount"].ToString() }));
                return;
            }

            // A mount that cannot happen falls back to an ordinary upload session (202), as the spec allows.
            var mount = new MountRequest(name, mounted, query["from"], repository => AuthGate.MayPull(context, services, repository));
            if (services.Mounts.Mount(mount))
            {
                context.Response.Headers.Location = BlobLocation(name, mounted);
                context.Response.Headers["Docker-Content-Digest"] = mounted.ToString();
                await Responses.EmptyAsync(context, StatusCodes.Status201Created);
                return;
            }
        }
        else if (query.ContainsKey("digest"))
        {
            await SinglePostAsync(context, name, query["digest"]);
            return;
        }

        var algorithm = query.ContainsKey("digest-algorithm") ? query["digest-algorithm"].ToString() : Digest.Sha256;
        if (!services.Policy.SupportsAlgorithm(algorithm))
        {
            await Responses.ErrorAsync(context, new RegistryError(400, ErrorCode.DigestInvalid, $"unsupported digest algorithm '{algorithm}'"));
            return;
        }

        var session = services.Uploads.Open(name, algorithm);
        context.Response.Headers.Location = Location(session);
        context.Response.Headers["Range"] = RangeOf(0);
        context.Response.Headers["Docker-Upload-UUID"] = session.Id;
        await Responses.EmptyAsync(context, StatusCodes.Status202Accepted);
    }

    private async Task SinglePostAsync(HttpContext context, string name, string? digestText)
    {
        if (!Digest.TryParse(digestText, out var digest) || !services.Policy.SupportsAlgorithm(digest.Algorithm))
        {
            await Responses.ErrorAsync(context, new RegistryError(400, ErrorCode.DigestInvalid, "invalid or unsupported digest", new { digest = digestText }));
            return;
        }

        using var session = services.Uploads.OpenPrivate(name, digest.Algorithm);
        await services.Uploads.AppendAsync(session, context.Request.Body, null, null, context.RequestAborted);
        await CompleteAsync(context, session, digest);
    }

    private async Task PatchAsync(HttpContext context, UploadSession session)
    {
        if (await AppendChunkAsync(context, session))
        {
            Describe(context, session);
            context.Response.Headers["Docker-Upload-UUID"] = session.Id;
            await Responses.EmptyAsync(context, StatusCodes.Status202Accepted);
        }
    }

    private async Task PutAsync(HttpContext context, UploadSession session)
    {
        string? digestText = context.Request.Query["digest"];
        if (!Digest.TryParse(digestText, out var digest) || !services.Policy.SupportsAlgorithm(digest.Algorithm))
        {
            await Responses.ErrorAsync(context, new RegistryError(400, ErrorCode.DigestInvalid, "the closing PUT needs a valid, supported digest", new { digest = digestText }));
            return;
        }

        if (await AppendChunkAsync(context, session))
        {
            await CompleteAsync(context, session, digest);
        }
    }

    /// <summary>Verifies the whole upload against <paramref name="digest"/> and publishes it; the session ends either way.</summary>
    private async Task CompleteAsync(HttpContext context, UploadSession session, Digest digest)
    {
        services.Uploads.Close(session);
        var mismatch = await services.Uploads.VerifyAsync(session, digest, context.RequestAborted);
        if (mismatch is not null)
        {
            await Responses.ErrorAsync(context, mismatch);
            return;
        }

        services.Uploads.Commit(session, digest);
        context.Response.Headers.Location = BlobLocation(session.Repository, digest);
        context.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        await Responses.EmptyAsync(context, StatusCodes.Status201Created);
    }

    private static Task StatusAsync(HttpContext context, UploadSession session)
    {
        Describe(context, session);
        context.Response.Headers["Docker-Upload-UUID"] = session.Id;
        return Responses.EmptyAsync(context, StatusCodes.Status204NoContent);
    }

    private Task CancelAsync(HttpContext context, UploadSession session)
    {
        services.Uploads.Close(session);
        return Responses.EmptyAsync(context, StatusCodes.Status204NoContent);
    }

    /// <summary>Appends the request body, honouring Content-Range when present. Returns false when an error response was written.</summary>
    private async Task<bool> AppendChunkAsync(HttpContext context, UploadSession session)
    {
        ChunkRange? range = null;
        string? contentRange = context.Request.Headers.ContentRange;
        if (!string.IsNullOrEmpty(contentRange) && !ChunkRange.TryParse(contentRange, out range))
        {
            await Responses.ErrorAsync(context, new RegistryError(400, ErrorCode.BlobUploadInvalid, "Content-Range must be <start>-<end>", new { contentRange }));
            return false;
        }

        var error = await services.Uploads.AppendAsync(session, context.Request.Body, range, context.Request.ContentLength, context.RequestAborted);
        if (error is null)
        {
            return true;
        }

        // A refused chunk tells the client where the upload stands, so it can resume from there.
        if (error.Status == StatusCodes.Status416RangeNotSatisfiable)
        {
            Describe(context, session);
        }

        await Responses.ErrorAsync(context, error);
        return false;
    }
}
