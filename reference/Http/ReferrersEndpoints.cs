using System.Globalization;
using System.Text.Json.Nodes;
using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Http;

/// <summary>end-12a/12b (OCI referrers API) and the ORAS referrers extension with its discovery document.</summary>
internal sealed class ReferrersEndpoints(RegistryServices services)
{
    public async Task OciAsync(HttpContext context, RegistryRoute route)
    {
        if (!services.Options.ReferrersApi)
        {
            await Responses.ErrorAsync(context, new RegistryError(404, ErrorCode.Unsupported, "this registry has no referrers API"));
            return;
        }

        if (!Digest.TryParse(route.Reference, out var subject))
        {
            await Responses.ErrorAsync(context, RegistryError.InvalidDigest(route.Reference));
            return;
        }

        var query = context.Request.Query;
        string? artifactType = query["artifactType"];
        var referrers = services.Referrers.Oci(route.Name, subject, artifactType);
        if (referrers.FilterApplied)
        {
            context.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        }

        // Pages continue after the last digest served; digests are unique and sorted, so the cursor is stable.
        IEnumerable<StoredManifest> listed = referrers.Manifests.OrderBy(m => m.Digest.ToString(), StringComparer.Ordinal);
        string? after = query["last"];
        if (after is not null)
        {
            listed = listed.Where(m => string.CompareOrdinal(m.Digest.ToString(), after) > 0);
        }

        var remaining = listed.ToList();
        var pageSize = services.Options.ReferrersPageSize;
        var page = pageSize > 0 ? remaining.Take(pageSize).ToList() : remaining;
        if (page.Count < remaining.Count)
        {
            var next = $"/v2/{route.Name}/referrers/{route.Reference}?last={Uri.EscapeDataString(page[^1].Digest.ToString())}";
            if (!string.IsNullOrEmpty(artifactType))
            {
                next += $"&artifactType={Uri.EscapeDataString(artifactType)}";
            }

            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        await IndexAsync(context, page.Select(m => Describe(m)));
    }

    /// <summary>A referrers answer: an image index of <paramref name="descriptors"/>.</summary>
    public static Task IndexAsync(HttpContext context, IEnumerable<JsonObject> descriptors)
    {
        var body = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciIndex,
            ["manifests"] = new JsonArray([.. descriptors]),
        };
        return Responses.JsonAsync(context, body, MediaTypes.OciIndex);
    }

    public async Task OrasAsync(HttpContext context, RegistryRoute route)
    {
        if (!services.Options.OrasArtifacts)
        {
            await Responses.ErrorAsync(context, new RegistryError(404, ErrorCode.Unsupported, "this registry has no ORAS referrers extension"));
            return;
        }

        var query = context.Request.Query;
        if (!Digest.TryParse(query["digest"], out var subject))
        {
            await Responses.ErrorAsync(context, new RegistryError(400, ErrorCode.DigestInvalid, "digest query parameter missing or invalid", new { digest = query["digest"].ToString() }));
            return;
        }

        int? n = null;
        if (query.ContainsKey("n"))
        {
            if (!int.TryParse(query["n"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed == 0)
            {
                await Responses.ErrorAsync(context, new RegistryError(400, ErrorCode.Unsupported, "n must be a positive integer"));
                return;
            }

            n = parsed;
        }

        var offset = 0;
        if (query.ContainsKey("nextToken") && !int.TryParse(query["nextToken"], NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            await Responses.ErrorAsync(context, new RegistryError(400, ErrorCode.Unsupported, "nextToken is not one this registry issued"));
            return;
        }

        string? artifactType = query["artifactType"];
        var all = services.Referrers.Oras(route.Name, subject, artifactType);
        var size = n ?? (services.Options.ReferrersPageSize > 0 ? services.Options.ReferrersPageSize : int.MaxValue);
        var page = all.Skip(offset).Take(size).ToList();
        if (offset + page.Count < all.Count)
        {
            var next = $"/v2/{route.Name}/_oras/artifacts/referrers?digest={subject}&n={size}&nextToken={offset + page.Count}";
            if (!string.IsNullOrEmpty(artifactType))
            {
                next += $"&artifactType={Uri.EscapeDataString(artifactType)}";
            }

            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        context.Response.Headers["ORAS-Api-Version"] = "oras/1.0";
        var body = new JsonObject
        {
            ["referrers"] = new JsonArray([.. page.Select(m => (JsonNode?)Describe(m))]),
        };
        await Responses.JsonAsync(context, body, MediaTypes.Json);
    }

    public async Task DiscoverAsync(HttpContext context, RegistryRoute route)
    {
        if (!services.Options.OrasArtifacts)
        {
            await Responses.ErrorAsync(context, new RegistryError(404, ErrorCode.Unsupported, "no extensions are offered"));
            return;
        }

        var body = new JsonObject
        {
            ["extensions"] = new JsonArray(new JsonObject
            {
                ["name"] = "_oras",
                ["url"] = "https://github.com/oras-project/artifacts-spec/blob/main/manifest-referrers-api.md",
                ["description"] = $"Artifacts referring to a manifest in {route.Name}",
                ["endpoints"] = new JsonArray("_oras/artifacts/referrers"),
            }),
        };
        await Responses.JsonAsync(context, body, MediaTypes.Json);
    }

    /// <summary>The descriptor of a referrer: its own, with the artifactType the referrers list reports and its annotations.</summary>
    private static JsonObject Describe(StoredManifest manifest)
    {
        var descriptor = new JsonObject
        {
            ["mediaType"] = manifest.MediaType,
            ["digest"] = manifest.Digest.ToString(),
            ["size"] = manifest.Bytes.Length,
        };
        if (manifest.Info.ReferrerArtifactType is { } artifactType)
        {
            descriptor["artifactType"] = artifactType;
        }

        if (manifest.Info.Annotations is { Count: > 0 } annotations)
        {
            var map = new JsonObject();
            foreach (var (key, value) in annotations)
            {
                map[key] = value;
            }

            descriptor["annotations"] = map;
        }

        return descriptor;
    }
}
