using System.Text.Json;
using System.Text.Json.Nodes;
using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Http;

/// <summary>end-3 (GET/HEAD), end-7a/7b (PUT, with tag= parameters) and end-9 (DELETE) for manifests.</summary>
internal sealed class ManifestEndpoints(RegistryServices services)
{
    /// <summary>Hard ceiling that still applies when the oversize fault lifts the configured limit.</summary>
    private const long AbsoluteManifestLimit = 64L * 1024 * 1024;

    /// <summary>The too-small limit of the manifest-limit-one-mib fault.</summary>
    private const long OneMib = 1024 * 1024;

    public Task HandleAsync(HttpContext context, RegistryRoute route)
    {
        var method = context.Request.Method;
        var isDigest = route.Reference.Contains(':', StringComparison.Ordinal);
        Digest? digest = null;
        if (isDigest)
        {
            if (!Digest.TryParse(route.Reference, out var parsed))
            {
                return Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.DigestInvalid, "invalid digest", new { digest = route.Reference }));
            }

            digest = parsed;
        }
        else if (!services.IsValidTag(route.Reference))
        {
            // A tag outside the grammar cannot name a manifest: refused on PUT, unknown otherwise.
            return HttpMethods.IsPut(method)
                ? Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.ManifestInvalid, "invalid tag", new { tag = route.Reference }))
                : UnknownAsync(context, route.Reference);
        }

        return method switch
        {
            _ when HttpMethods.IsPut(method) => PutAsync(context, route.Name, route.Reference, digest),
            _ when HttpMethods.IsDelete(method) => DeleteAsync(context, route.Name, route.Reference, digest),
            _ => GetAsync(context, route.Name, route.Reference, digest),
        };
    }

    private Task UnknownAsync(HttpContext context, string reference)
    {
        var status = services.Has(Fault.ManifestUnknownWrongStatus)
            || (services.Has(Fault.HeadUnknownWrongStatus) && HttpMethods.IsHead(context.Request.Method)) ? 400 : 404;
        return Responses.ErrorAsync(context, services, new RegistryError(status, ErrorCode.ManifestUnknown, "manifest unknown to registry", new { reference }));
    }

    private async Task GetAsync(HttpContext context, string name, string reference, Digest? digest)
    {
        var manifest = digest is null ? services.Metadata.ResolveTag(name, reference) : services.Metadata.GetManifest(name, digest);
        var head = HttpMethods.IsHead(context.Request.Method);
        if (manifest is null && services.Has(Fault.RepositoryUnknownWrongStatus) && !services.Metadata.RepositoryExists(name))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.NameUnknown, "repository name not known to registry", new { name }));
            return;
        }

        // Each of these faults hides an existing manifest from one way of asking for it only.
        var hidden = head ? services.Has(Fault.ManifestHead404)
            : digest is null ? services.Has(Fault.ManifestGetByTag404)
            : services.Has(Fault.ManifestGetByDigest404);
        if (manifest is null || hidden)
        {
            await UnknownAsync(context, reference);
            return;
        }

        var response = context.Response;
        if (!head && services.Has(Fault.WarningHeaderWrongCode))
        {
            response.Headers.Warning = "199 - \"reference registry warning\"";
        }
        else if (!head && services.Has(Fault.WarningHeaderDated))
        {
            response.Headers.Warning = "299 - \"reference registry warning\" \"Sat, 28 Nov 2026 00:00:00 GMT\"";
        }

        var omitDigest = services.Has(head ? Fault.ManifestHeadNoDigestHeader : Fault.ManifestGetNoDigestHeader);
        if (!omitDigest)
        {
            response.Headers["Docker-Content-Digest"] = manifest.Digest.ToString();
        }

        response.Headers.ETag = $"\"{manifest.Digest}\"";
        response.ContentType = !head && services.Has(Fault.ManifestGetWrongContentType) ? MediaTypes.Json
            : services.Has(Fault.ManifestContentTypeParameters) ? $"{manifest.MediaType}; charset=utf-8"
            : manifest.MediaType;
        var bytes = !head && services.Has(Fault.ManifestGetReserialized) ? Reserialize(manifest.Bytes) : manifest.Bytes;
        response.StatusCode = 200;
        response.ContentLength = bytes.Length;
        if (!head)
        {
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }

    private async Task PutAsync(HttpContext context, string name, string reference, Digest? urlDigest)
    {
        if (urlDigest is not null && !services.Supports(urlDigest.Algorithm))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.DigestInvalid, $"unsupported digest algorithm '{urlDigest.Algorithm}'"));
            return;
        }

        var limit = services.Has(Fault.ManifestOversizeAccepted) ? AbsoluteManifestLimit
            : services.Has(Fault.ManifestLimitOneMib) ? Math.Min(OneMib, services.Options.MaxManifestBytes)
            : services.Options.MaxManifestBytes;
        var body = await ReadLimitedAsync(context, limit);
        if (body is null)
        {
            await Responses.ErrorAsync(context, services, new RegistryError(413, ErrorCode.ManifestInvalid, $"manifest exceeds the limit of {limit} bytes", new { limit }));
            return;
        }

        if (services.Has(Fault.ManifestContentTypeParamsRefused) && context.Request.ContentType?.Contains(';', StringComparison.Ordinal) == true)
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.ManifestInvalid, "Content-Type parameters are not accepted"));
            return;
        }

        var mediaType = MediaTypes.Essence(context.Request.ContentType);
        if ((mediaType == MediaTypes.OciArtifact && services.Has(Fault.ArtifactManifestRefused))
            || (mediaType == MediaTypes.OrasArtifact && services.Has(Fault.OrasManifestRefused)))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.ManifestInvalid, $"unsupported manifest media type '{mediaType}'"));
            return;
        }

        var (info, invalid) = ManifestParser.Parse(body, mediaType, services.Options);
        if (info is null)
        {
            await Responses.ErrorAsync(context, services, invalid!);
            return;
        }

        if (services.Has(Fault.ManifestEmptyRefused) && info.Blobs.Count == 0 && info.Children.Count == 0)
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.ManifestInvalid, "a manifest must reference at least one blob or manifest"));
            return;
        }

        var tagParameters = context.Request.Query.ContainsKey("tag");
        if (urlDigest is not null && !tagParameters && services.Has(Fault.ManifestPutByDigestRefused))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.ManifestInvalid, "manifests are pushed by tag"));
            return;
        }

        var actual = Digest.Compute(urlDigest?.Algorithm ?? Digest.Sha256, body);
        if (urlDigest is not null && actual != urlDigest && !services.Has(Fault.ManifestAcceptsDigestMismatch))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.DigestInvalid, "manifest body does not match the digest in the URL",
                new { expected = urlDigest.ToString(), actual = actual.ToString() }));
            return;
        }

        var tags = urlDigest is null ? [reference]
            : services.Has(Fault.TagParamIgnored) ? []
            : context.Request.Query["tag"].Select(t => t ?? string.Empty).Distinct(StringComparer.Ordinal)
                .Take(services.Has(Fault.TagParamMaxNine) ? 9 : int.MaxValue).ToList();
        var badTag = tags.FirstOrDefault(t => !services.IsValidTag(t));
        if (badTag is not null)
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.ManifestInvalid, "invalid tag", new { tag = badTag }));
            return;
        }

        if (services.Has(Fault.FallbackTagRefused) && info.MediaType == MediaTypes.OciIndex && tags.FirstOrDefault(IsReferrersTag) is { } fallbackTag)
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.ManifestInvalid, "invalid tag", new { tag = fallbackTag }));
            return;
        }

        if (services.Has(Fault.FallbackTagNotMoved))
        {
            tags = [.. tags.Where(t => !IsReferrersTag(t) || services.Metadata.ResolveTag(name, t) is null)];
        }

        var digest = urlDigest ?? actual;
        var stored = new StoredManifest(digest, body, info);
        var rejected = services.Metadata.PutManifest(name, stored, tags,
            verifyReferences: !services.Has(Fault.ManifestAcceptsUnknownBlobs),
            verifySubject: info.MediaType == MediaTypes.OrasArtifact
                ? !services.Has(Fault.OrasSubjectMissingAccepted)
                : services.Has(Fault.SubjectMissingRefused));
        if (rejected is not null)
        {
            await Responses.ErrorAsync(context, services, rejected);
            return;
        }

        var headers = context.Response.Headers;
        if (!services.Has(Fault.ManifestPutNoLocation))
        {
            headers.Location = $"/v2/{name}/manifests/{digest}";
        }

        if (!services.Has(Fault.ManifestPutNoDigestHeader))
        {
            headers["Docker-Content-Digest"] = digest.ToString();
        }

        if (info.Subject is { } subject && info.ListedAsOciReferrer && services.Options.ReferrersApi && !services.Has(Fault.SubjectNoOciSubjectHeader))
        {
            headers["OCI-Subject"] = subject.ToString();
        }

        if (urlDigest is not null && tags.Count > 0 && !services.Has(Fault.TagParamNoOciTagHeader))
        {
            headers["OCI-Tag"] = tags.ToArray();
        }

        var wrongStatus = services.Has(Fault.ManifestPutWrongStatus) || (tagParameters && services.Has(Fault.TagParamWrongStatus));
        await Responses.EmptyAsync(context, wrongStatus ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    /// <summary>The tag schema of the referrers fallback: <c>&lt;algorithm&gt;-&lt;hex&gt;</c>, possibly truncated.</summary>
    private static bool IsReferrersTag(string tag) =>
        tag.StartsWith("sha256-", StringComparison.Ordinal) || tag.StartsWith("sha512-", StringComparison.Ordinal);

    private async Task DeleteAsync(HttpContext context, string name, string reference, Digest? digest)
    {
        if (!services.Options.DeleteEnabled)
        {
            await Responses.ErrorAsync(context, services, Responses.Unsupported("manifest and tag deletion is disabled"));
            return;
        }

        if (digest is null)
        {
            await DeleteTagAsync(context, name, reference);
            return;
        }

        if (!services.Metadata.RepositoryExists(name) && !services.Has(Fault.ManifestDeleteRepoUnknownAccepted))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(404, ErrorCode.NameUnknown, "repository name not known to registry", new { name }));
            return;
        }

        if (await DeletionRefusedAsync(context, "manifest", Fault.ManifestDeleteUnsupported, Fault.ManifestDeleteWrongStatus))
        {
            return;
        }

        // The repo-unknown fault answers as if the (absent) manifest had been deleted.
        var deleted = !services.Metadata.RepositoryExists(name) || (services.Has(Fault.DeleteManifestKeepsContent)
            ? services.Metadata.GetManifest(name, digest) is not null
            : services.Metadata.DeleteManifest(name, digest, keepListedAsReferrer: services.Has(Fault.ReferrersKeepsDeleted)));
        if (!deleted)
        {
            await UnknownAsync(context, reference);
            return;
        }

        await Responses.EmptyAsync(context, StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Answers for the two faults that refuse one kind of delete: the allowed 405 of a registry with that deletion
    /// disabled, or a 501 no rule allows. False when neither fault is on.
    /// </summary>
    private async Task<bool> DeletionRefusedAsync(HttpContext context, string what, string unsupportedFault, string wrongStatusFault)
    {
        var error = services.Has(unsupportedFault) ? Responses.Unsupported($"{what} deletion is disabled")
            : services.Has(wrongStatusFault) ? new RegistryError(StatusCodes.Status501NotImplemented, ErrorCode.Unsupported, $"{what} deletion is not implemented")
            : null;
        if (error is not null)
        {
            await Responses.ErrorAsync(context, services, error);
        }

        return error is not null;
    }

    private async Task DeleteTagAsync(HttpContext context, string name, string tag)
    {
        if (await DeletionRefusedAsync(context, "tag", Fault.DeleteTagUnsupported, Fault.DeleteTagWrongStatus))
        {
            return;
        }

        var deleted = services.Has(Fault.TagDeleteKeepsTag)
            ? services.Metadata.ResolveTag(name, tag) is not null
            : services.Metadata.DeleteTag(name, tag);
        if (!deleted)
        {
            await UnknownAsync(context, tag);
            return;
        }

        await Responses.EmptyAsync(context, StatusCodes.Status202Accepted);
    }

    /// <summary>Reads the body, or returns null as soon as it is known to exceed <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var read = await StreamCopy.PumpAsync(context.Request.Body, limit + 1, (chunk, ct) => buffer.WriteAsync(chunk, ct), context.RequestAborted);
        return read > limit ? null : buffer.ToArray();
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static byte[] Reserialize(byte[] bytes) => JsonSerializer.SerializeToUtf8Bytes(JsonNode.Parse(bytes), Indented);
}
