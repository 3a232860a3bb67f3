using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Http;

/// <summary>end-3 (GET/HEAD), end-7a/7b (PUT, with tag= parameters) and end-9 (DELETE) for manifests.</summary>
internal sealed class ManifestEndpoints(RegistryServices services)
{
    public Task HandleAsync(HttpContext context, RegistryRoute route)
    {
        var method = context.Request.Method;
        Digest? digest = null;
        if (route.Reference.Contains(':', StringComparison.Ordinal))
        {
            if (!Digest.TryParse(route.Reference, out var parsed))
            {
                return Responses.ErrorAsync(context, RegistryError.InvalidDigest(route.Reference));
            }

            digest = parsed;
        }
        else if (!services.Policy.IsValidTag(route.Reference))
        {
            // A tag outside the grammar cannot name a manifest: refused on PUT, unknown otherwise.
            return HttpMethods.IsPut(method)
                ? Responses.ErrorAsync(context, RegistryError.ManifestInvalid("invalid tag", new { tag = route.Reference }))
                : UnknownAsync(context, route.Reference);
        }

        return method switch
        {
            _ when HttpMethods.IsPut(method) => PutAsync(context, route.Name, route.Reference, digest),
            _ when HttpMethods.IsDelete(method) => DeleteAsync(context, route.Name, route.Reference, digest),
            _ => GetAsync(context, route.Name, route.Reference, digest),
        };
    }

    private static Task UnknownAsync(HttpContext context, string reference) =>
        Responses.ErrorAsync(context, RegistryError.ManifestUnknown(reference));

    private async Task GetAsync(HttpContext context, string name, string reference, Digest? digest)
    {
        var manifest = digest is null ? services.Metadata.ResolveTag(name, reference) : services.Metadata.GetManifest(name, digest);
        if (manifest is null)
        {
            await UnknownAsync(context, reference);
            return;
        }

        var response = context.Response;
        response.Headers["Docker-Content-Digest"] = manifest.Digest.ToString();
        response.Headers.ETag = $"\"{manifest.Digest}\"";
        response.ContentType = manifest.MediaType;
        response.StatusCode = 200;
        response.ContentLength = manifest.Bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(manifest.Bytes, context.RequestAborted);
        }
    }

    private async Task PutAsync(HttpContext context, string name, string reference, Digest? urlDigest)
    {
        if (urlDigest is not null && !services.Policy.SupportsAlgorithm(urlDigest.Algorithm))
        {
            await Responses.ErrorAsync(context, new RegistryError(400, ErrorCode.DigestInvalid, $"unsupported digest algorithm '{urlDigest.Algorithm}'"));
            return;
        }

        var limit = services.Policy.MaxManifestBytes;
        var body = await ReadLimitedAsync(context, limit);
        if (body is null)
        {
            await Responses.ErrorAsync(context, new RegistryError(413, ErrorCode.ManifestInvalid, $"manifest exceeds the limit of {limit} bytes", new { limit }));
            return;
        }

        IReadOnlyList<string> tags = urlDigest is null
            ? [reference]
            : [.. context.Request.Query["tag"].Select(t => t ?? string.Empty).Distinct(StringComparer.Ordinal)];
        var push = new ManifestPush(name, urlDigest, context.Request.ContentType, body, tags);
        var (info, invalid) = services.Manifests.Parse(push);
        if (info is null)
        {
            await Responses.ErrorAsync(context, invalid!);
            return;
        }

        var (digest, mismatch) = services.Manifests.Identify(push);
        if (digest is null)
        {
            await Responses.ErrorAsync(context, mismatch!);
            return;
        }

        var badTag = tags.FirstOrDefault(t => !services.Policy.IsValidTag(t));
        if (badTag is not null)
        {
            await Responses.ErrorAsync(context, RegistryError.ManifestInvalid("invalid tag", new { tag = badTag }));
            return;
        }

        var stored = services.Metadata.PutManifest(name, new StoredManifest(digest, body, info), tags);
        if (stored.Error is not null)
        {
            await Responses.ErrorAsync(context, stored.Error);
            return;
        }

        var headers = context.Response.Headers;
        headers.Location = $"/v2/{name}/manifests/{digest}";
        headers["Docker-Content-Digest"] = digest.ToString();
        if (info.Subject is { } subject && info.ListedAsOciReferrer && services.Options.ReferrersApi)
        {
            headers["OCI-Subject"] = subject.ToString();
        }

        if (urlDigest is not null && stored.Tags.Count > 0)
        {
            headers["OCI-Tag"] = stored.Tags.ToArray();
        }

        await Responses.EmptyAsync(context, StatusCodes.Status201Created);
    }

    private async Task DeleteAsync(HttpContext context, string name, string reference, Digest? digest)
    {
        if (!services.Options.DeleteEnabled)
        {
            await Responses.ErrorAsync(context, RegistryError.Unsupported("manifest and tag deletion is disabled"));
            return;
        }

        if (digest is null)
        {
            await DeletedOrUnknownAsync(context, reference, services.Metadata.DeleteTag(name, reference));
            return;
        }

        if (!services.Metadata.RepositoryExists(name))
        {
            await Responses.ErrorAsync(context, RegistryError.NameUnknown(name));
            return;
        }

        await DeletedOrUnknownAsync(context, reference, services.Metadata.DeleteManifest(name, digest));
    }

    private static Task DeletedOrUnknownAsync(HttpContext context, string reference, bool deleted) =>
        deleted ? Responses.EmptyAsync(context, StatusCodes.Status202Accepted) : UnknownAsync(context, reference);

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
}
