using System.Globalization;
using System.Text.RegularExpressions;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Http;

/// <summary>end-4a/4b/4c (POST), end-11 (mount), end-5 (PATCH), end-6 (PUT), end-13 (status GET), end-14 (cancel).</summary>
internal sealed partial class UploadEndpoints(RegistryServices services)
{
    public Task HandleAsync(HttpContext context, RegistryRoute route)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsPost(method))
        {
            return route.Reference.Length == 0
                ? PostAsync(context, route.Name)
                : Responses.ErrorAsync(context, services, Responses.Unsupported("POST starts uploads at /blobs/uploads/"));
        }

        var session = route.Reference.Length == 0 ? null : services.Uploads.Find(route.Name, route.Reference);
        if (session is null)
        {
            return Responses.ErrorAsync(context, services, new RegistryError(404, ErrorCode.BlobUploadUnknown, "upload unknown to registry", new { upload = route.Reference }));
        }

        return method switch
        {
            _ when HttpMethods.IsPatch(method) => Locked(context, session, () => PatchAsync(context, session)),
            _ when HttpMethods.IsPut(method) => Locked(context, session, () => PutAsync(context, session)),
            _ when HttpMethods.IsGet(method) => Locked(context, session, () => StatusAsync(context, session)),
            _ => Locked(context, session, () => CancelAsync(context, session)),
        };
    }

    private static string Location(UploadSession session) => $"/v2/{session.Repository}/blobs/uploads/{session.Id}";

    private static string BlobLocation(string name, Digest digest) => $"/v2/{name}/blobs/{digest}";

    /// <summary>Range of what was received: inclusive end, "0-0" while empty (the convention clients expect).</summary>
    private static string RangeOf(long length) => $"0-{Math.Max(0, length - 1)}";

    private async Task Locked(HttpContext context, UploadSession session, Func<Task> action)
    {
        await session.Gate.WaitAsync(context.RequestAborted);
        try
        {
            session.LastUsed = DateTime.UtcNow;

            // A request queued behind a PUT or DELETE finds the session gone.
            if (services.Uploads.Find(session.Repository, session.Id) is null)
            {
                await Responses.ErrorAsync(context, services, new RegistryError(404, ErrorCode.BlobUploadUnknown, "upload unknown to registry", new { upload = session.Id }));
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
                await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.DigestInvalid, "invalid mount digest", new { digest = query["mount"].ToString() }));
                return;
            }

            // Mount only from a repository the caller may read: the named one, or, without from and when the
            // switch allows it, any that holds the blob. Anything else falls back to an ordinary upload session
            // (202), as the spec allows.
            string? from = query["from"];
            var source = from is not null
                ? (services.Has(Fault.MountIgnored) || !MayMountFrom(context, from, mounted) ? null : from)
                : services.Options.MountWithoutFrom && !services.Has(Fault.MountWithoutFromIgnored) ? services.Metadata.RepositoryNames().FirstOrDefault(r => r != name && MayMountFrom(context, r, mounted)) : null;
            var phantom = from is null && services.Has(Fault.MountWithoutFromPhantom);
            if (source is not null && (phantom || services.BlobGate.Mount(name, mounted)))
            {
                context.Response.Headers.Location = BlobLocation(name, mounted);
                context.Response.Headers["Docker-Content-Digest"] = mounted.ToString();
                await Responses.EmptyAsync(context, StatusCodes.Status201Created);
                return;
            }

            if (services.Has(Fault.MountMissingBlob400) && !services.Metadata.RepositoryNames().Any(r => services.Metadata.HasBlob(r, mounted)))
            {
                await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.BlobUnknown, "blob unknown to registry", new { digest = mounted.ToString() }));
                return;
            }
        }
        // Without single-POST support (the fault) the body is ignored and an ordinary session opened, as the spec
        // lets such a registry do.
        else if (query.ContainsKey("digest") && !services.Has(Fault.SinglePostUnsupported))
        {
            await SinglePostAsync(context, name, query["digest"]);
            return;
        }

        var algorithm = query.ContainsKey("digest-algorithm") ? query["digest-algorithm"].ToString() : Digest.Sha256;
        if (!services.Supports(algorithm))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.DigestInvalid, $"unsupported digest algorithm '{algorithm}'"));
            return;
        }

        var session = services.Has(Fault.UploadSessionReused) && services.Uploads.Open(name) is { } open ? open : services.Uploads.Start(name, algorithm);
        if (!services.Has(Fault.UploadPostNoLocation) && !(query.ContainsKey("mount") && services.Has(Fault.MountFallbackNoLocation)))
        {
            context.Response.Headers.Location = Location(session);
        }

        context.Response.Headers["Range"] = RangeOf(0);
        context.Response.Headers["Docker-Upload-UUID"] = session.Id;
        await Responses.EmptyAsync(context, services.Has(Fault.UploadPostWrongStatus) ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    private bool MayMountFrom(HttpContext context, string repository, Digest digest) =>
        services.IsValidName(repository) && services.Metadata.HasBlob(repository, digest) && AuthGate.MayPull(context, services, repository);

    private async Task SinglePostAsync(HttpContext context, string name, string? digestText)
    {
        if (!Digest.TryParse(digestText, out var digest) || !services.Supports(digest.Algorithm))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.DigestInvalid, "invalid or unsupported digest", new { digest = digestText }));
            return;
        }

        var session = services.Uploads.Start(name, digest.Algorithm);
        await Locked(context, session, async () =>
        {
            await session.Buffer.AppendAsync(context.Request.Body, null, Observe(session), context.RequestAborted);
            await CompleteAsync(context, session, digest, single: true);
        });
    }

    private async Task PatchAsync(HttpContext context, UploadSession session)
    {
        if (await AppendChunkAsync(context, session))
        {
            if (!services.Has(Fault.UploadPatchNoRange))
            {
                context.Response.Headers["Range"] = RangeOf(session.Buffer.Length);
            }

            context.Response.Headers.Location = Location(session);
            context.Response.Headers["Docker-Upload-UUID"] = session.Id;
            await Responses.EmptyAsync(context, services.Has(Fault.UploadPatchWrongStatus) ? StatusCodes.Status204NoContent : StatusCodes.Status202Accepted);
        }
    }

    private async Task PutAsync(HttpContext context, UploadSession session)
    {
        string? digestText = context.Request.Query["digest"];
        if (!Digest.TryParse(digestText, out var digest) || !services.Supports(digest.Algorithm))
        {
            var status = services.Has(Fault.UploadPutInvalidDigest404) ? 404 : 400;
            await Responses.ErrorAsync(context, services, new RegistryError(status, ErrorCode.DigestInvalid, "the closing PUT needs a valid, supported digest", new { digest = digestText }));
            return;
        }

        if (services.Has(Fault.ChunkFinalPutBodyRefused) && session.Buffer.Length > 0 && context.Request.ContentLength > 0)
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.BlobUploadInvalid, "the closing PUT of a chunked upload must have no body"));
            return;
        }

        if (await AppendChunkAsync(context, session))
        {
            await CompleteAsync(context, session, digest);
        }
    }

    /// <summary>Verifies the whole upload against <paramref name="digest"/> and publishes it; the session ends either way.</summary>
    private async Task CompleteAsync(HttpContext context, UploadSession session, Digest digest, bool single = false)
    {
        services.Uploads.Remove(session);
        Digest actual;
        if (session.Hash is { } hash && session.Algorithm == digest.Algorithm)
        {
            actual = Digest.FromHash(digest.Algorithm, hash.GetHashAndReset());
        }
        else
        {
            await using var content = session.Buffer.OpenRead();
            actual = await Digest.ComputeAsync(digest.Algorithm, content, context.RequestAborted);
        }

        if (actual != digest && !services.Has(Fault.UploadAcceptsDigestMismatch))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.DigestInvalid, "uploaded content does not match the digest",
                new { expected = digest.ToString(), actual = actual.ToString() }));
            return;
        }

        services.BlobGate.Commit(session.Repository, session.Buffer, digest);
        if (!(single && services.Has(Fault.SinglePostNoLocation)))
        {
            context.Response.Headers.Location = BlobLocation(session.Repository, digest);
        }

        context.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        var wrongStatus = single ? services.Has(Fault.SinglePostWrongStatus) : services.Has(Fault.UploadPutWrongStatus);
        await Responses.EmptyAsync(context, wrongStatus ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    private async Task StatusAsync(HttpContext context, UploadSession session)
    {
        var length = session.Buffer.Length;
        context.Response.Headers["Range"] = services.Has(Fault.UploadStatusWrongRange) ? $"0-{length}" : RangeOf(length);
        context.Response.Headers.Location = Location(session);
        context.Response.Headers["Docker-Upload-UUID"] = session.Id;
        await Responses.EmptyAsync(context, services.Has(Fault.UploadStatusWrongStatus) ? StatusCodes.Status200OK : StatusCodes.Status204NoContent);
    }

    private Task CancelAsync(HttpContext context, UploadSession session)
    {
        services.Uploads.Remove(session);
        return Responses.EmptyAsync(context, services.Has(Fault.UploadCancelWrongStatus) ? StatusCodes.Status200OK : StatusCodes.Status204NoContent);
    }

    /// <summary>
    /// Appends the request body, honouring Content-Range when present (in order, exact length). On any failure
    /// the bytes of this request are rolled back. Returns false when an error response was written.
    /// </summary>
    private async Task<bool> AppendChunkAsync(HttpContext context, UploadSession session)
    {
        var offset = session.Buffer.Length;
        long? expected = null;
        string? contentRange = context.Request.Headers.ContentRange;
        if (!string.IsNullOrEmpty(contentRange))
        {
            var match = ChunkRange().Match(contentRange);
            if (!match.Success
                || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var end)
                || end < start)
            {
                await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.BlobUploadInvalid, "Content-Range must be <start>-<end>", new { contentRange }));
                return false;
            }

            if (start != offset && !services.Has(Fault.ChunkOutOfOrderAccepted))
            {
                context.Response.Headers.Location = Location(session);
                context.Response.Headers["Range"] = RangeOf(offset);
                await Responses.ErrorAsync(context, services, new RegistryError(416, ErrorCode.BlobUploadInvalid, $"chunk must start at offset {offset}", new { contentRange }));
                return false;
            }

            expected = end - start + 1;
            if (services.Has(Fault.ChunkShortFinalRefused) && session.ChunkLength is { } first && expected < first)
            {
                context.Response.Headers.Location = Location(session);
                context.Response.Headers["Range"] = RangeOf(offset);
                await Responses.ErrorAsync(context, services, new RegistryError(416, ErrorCode.BlobUploadInvalid, $"every chunk must hold {first} bytes", new { contentRange }));
                return false;
            }

            session.ChunkLength ??= expected;
            if (context.Request.ContentLength is { } declared && declared != expected)
            {
                await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.SizeInvalid, "Content-Length does not match Content-Range", new { contentRange, contentLength = declared }));
                return false;
            }
        }

        long received;
        try
        {
            received = await session.Buffer.AppendAsync(context.Request.Body, expected + 1, Observe(session), context.RequestAborted);
        }
        catch
        {
            Rollback(session, offset);
            throw;
        }

        if (expected is not null && received != expected)
        {
            Rollback(session, offset);
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.SizeInvalid, $"chunk holds {received} bytes, Content-Range says {expected}"));
            return false;
        }

        return true;
    }

    private static Action<ReadOnlySpan<byte>> Observe(UploadSession session) => bytes => session.Hash?.AppendData(bytes);

    private static void Rollback(UploadSession session, long offset)
    {
        session.Buffer.Truncate(offset);
        session.Hash?.Dispose();
        session.Hash = null;
    }

    [GeneratedRegex("^([0-9]+)-([0-9]+)$")]
    private static partial Regex ChunkRange();
}
