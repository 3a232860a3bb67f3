using System.Globalization;
using System.Text.Json.Nodes;
using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Http;

/// <summary>end-12a/12b (OCI referrers API) and the ORAS referrers extension with its discovery document.</summary>
internal sealed class ReferrersEndpoints(RegistryServices services)
{
    private const string OrasCreated = "io.cncf.oras.artifact.created";

    public async Task OciAsync(HttpContext context, RegistryRoute route)
    {
        if (!services.Options.ReferrersApi)
        {
            await Responses.ErrorAsync(context, services, new RegistryError(404, ErrorCode.Unsupported, "this registry has no referrers API"));
            return;
        }

        var query = context.Request.Query;
        string? artifactType = query["artifactType"];
        if (!string.IsNullOrEmpty(artifactType) && services.Has(Fault.ReferrersFilterRefused))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.Unsupported, "artifactType filtering is not supported"));
            return;
        }

        var valid = Digest.TryParse(route.Reference, out var subject);
        if (!valid && services.Has(Fault.ReferrersInvalidDigestCrash))
        {
            await Responses.EmptyAsync(context, StatusCodes.Status500InternalServerError);
            return;
        }

        if (!valid && !services.Has(Fault.ReferrersInvalidDigestAccepted))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.DigestInvalid, "invalid digest", new { digest = route.Reference }));
            return;
        }

        var (present, deleted) = valid ? services.Metadata.Referrers(route.Name, subject) : ([], []);
        IEnumerable<StoredManifest> candidates = services.Has(Fault.ReferrersKeepsDeleted) ? [.. present, .. deleted] : present;
        var listed = candidates
            .Where(m => m.Info.ListedAsOciReferrer && (m.MediaType != MediaTypes.OciArtifact || (services.Options.ArtifactManifest && !services.Has(Fault.ArtifactManifestUnlisted))))
            .Where(m => m.MediaType != MediaTypes.OciIndex || !services.Has(Fault.ReferrersIndexUnlisted))
            .OrderBy(m => m.Digest.ToString(), StringComparer.Ordinal)
            .ToList();

        if (!string.IsNullOrEmpty(artifactType) && !services.Has(Fault.ReferrersFilterUnsupported))
        {
            context.Response.Headers["OCI-Filters-Applied"] = "artifactType";
            if (!services.Has(Fault.ReferrersIgnoreFilter))
            {
                listed = [.. listed.Where(m => m.Info.ReferrerArtifactType == artifactType)];
            }
        }

        // Pages continue after the last digest served; digests are unique and sorted, so the cursor is stable.
        string? after = query["last"];
        if (after is not null)
        {
            listed = [.. listed.Where(m => string.CompareOrdinal(m.Digest.ToString(), after) > 0)];
        }

        var pageSize = services.Options.ReferrersPageSize;
        var page = pageSize > 0 ? listed.Take(pageSize).ToList() : listed;
        if (page.Count < listed.Count && !services.Has(Fault.ReferrersNoPaginationLink))
        {
            var next = $"/v2/{route.Name}/referrers/{route.Reference}?last={Uri.EscapeDataString(page[^1].Digest.ToString())}";
            if (!string.IsNullOrEmpty(artifactType))
            {
                next += $"&artifactType={Uri.EscapeDataString(artifactType)}";
            }

            context.Response.Headers.Link = services.Has(Fault.ReferrersLinkMalformed) ? next : $"<{next}>; rel=\"next\"";
        }

        if (listed.Count == 0 && after is null && services.Has(Fault.ReferrersNotFoundWhenEmpty))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(404, ErrorCode.ManifestUnknown, "no referrers"));
            return;
        }

        var manifests = new JsonArray([.. page.Select(m => (JsonNode?)DescribeReferrer(m))]);
        var empty = listed.Count == 0 && after is null;
        if (empty && valid && services.Has(Fault.ReferrersEmptyListsSubject))
        {
            manifests.Add(new JsonObject { ["mediaType"] = MediaTypes.OciManifest, ["digest"] = subject.ToString(), ["size"] = 0, ["artifactType"] = MediaTypes.OciManifest });
        }

        var body = empty && services.Has(Fault.ReferrersEmptyNotIndex)
            ? new JsonObject { ["manifests"] = manifests }
            : new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaTypes.OciIndex, ["manifests"] = manifests };
        var contentType = services.Has(Fault.ReferrersWrongContentType) ? MediaTypes.Json : MediaTypes.OciIndex;
        await Responses.JsonAsync(context, body, contentType, services.Has(Fault.ReferrersWrongStatus) ? StatusCodes.Status203NonAuthoritative : StatusCodes.Status200OK);
    }

    /// <summary>The OCI referrers descriptor, bent by the artifactType faults.</summary>
    private JsonObject DescribeReferrer(StoredManifest manifest)
    {
        var descriptor = Describe(manifest, withArtifactType: !services.Has(Fault.ReferrersNoArtifactType), withAnnotations: !services.Has(Fault.ReferrersNoAnnotations));
        if (manifest.MediaType == MediaTypes.OciManifest && services.Has(Fault.ReferrersArtifactTypeNotFromConfig) && !HasOwnArtifactType(manifest))
        {
            descriptor["artifactType"] = manifest.MediaType;
        }

        if (manifest.MediaType == MediaTypes.OciIndex && services.Has(Fault.ReferrersIndexArtifactTypeInvented) && !descriptor.ContainsKey("artifactType"))
        {
            descriptor["artifactType"] = MediaTypes.OciIndex;
        }

        return descriptor;
    }

    // ManifestInfo only keeps the artifactType after the config fallback, so the pushed bytes tell whether it was the manifest's own.
    private static bool HasOwnArtifactType(StoredManifest manifest) =>
        JsonNode.Parse(manifest.Bytes) is JsonObject root && root["artifactType"] is JsonValue;

    public async Task OrasAsync(HttpContext context, RegistryRoute route)
    {
        if (!services.Options.OrasArtifacts)
        {
            await Responses.ErrorAsync(context, services, new RegistryError(404, ErrorCode.Unsupported, "this registry has no ORAS referrers extension"));
            return;
        }

        var query = context.Request.Query;
        if (!Digest.TryParse(query["digest"], out var subject))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.DigestInvalid, "digest query parameter missing or invalid", new { digest = query["digest"].ToString() }));
            return;
        }

        int? n = null;
        if (query.ContainsKey("n"))
        {
            if (!int.TryParse(query["n"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed == 0)
            {
                await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.Unsupported, "n must be a positive integer"));
                return;
            }

            n = parsed;
        }

        if (query.ContainsKey("nextToken") && services.Has(Fault.OrasPagesRefused))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.Unsupported, "nextToken is not supported"));
            return;
        }

        var offset = 0;
        if (query.ContainsKey("nextToken") && !int.TryParse(query["nextToken"], NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.Unsupported, "nextToken is not one this registry issued"));
            return;
        }

        // Newest first by the ORAS creation annotation; undated ones after, in digest order for stability.
        var dated = services.Metadata.Referrers(route.Name, subject).Present.OrderBy(m => Created(m) is null);
        dated = services.Has(Fault.OrasOldestFirst) ? dated.ThenBy(Created) : dated.ThenByDescending(Created);
        IEnumerable<StoredManifest> listed = dated.ThenBy(m => m.Digest.ToString(), StringComparer.Ordinal);
        string? artifactType = query["artifactType"];
        if (!string.IsNullOrEmpty(artifactType) && !services.Has(Fault.OrasFilterIgnored))
        {
            listed = listed.Where(m => m.Info.ReferrerArtifactType == artifactType);
        }

        var all = listed.ToList();
        if (services.Has(Fault.OrasOldestUnlisted) && all.Count > 0)
        {
            all.RemoveAt(all.Count - 1);
        }

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

        if (!services.Has(Fault.OrasNoApiVersion))
        {
            context.Response.Headers["ORAS-Api-Version"] = "oras/1.0";
        }
        var body = new JsonObject
        {
            ["referrers"] = new JsonArray([.. page.Select(m => (JsonNode?)Describe(m, withArtifactType: true, withAnnotations: true))]),
        };
        await Responses.JsonAsync(context, body, MediaTypes.Json);
    }

    public async Task DiscoverAsync(HttpContext context, RegistryRoute route)
    {
        if (!services.Options.OrasArtifacts)
        {
            await Responses.ErrorAsync(context, services, new RegistryError(404, ErrorCode.Unsupported, "no extensions are offered"));
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

    private static DateTimeOffset? Created(StoredManifest manifest) =>
        manifest.Info.Annotations is { } annotations && annotations.TryGetValue(OrasCreated, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? created
            : null;

    private static JsonObject Describe(StoredManifest manifest, bool withArtifactType, bool withAnnotations)
    {
        var descriptor = new JsonObject
        {
            ["mediaType"] = manifest.MediaType,
            ["digest"] = manifest.Digest.ToString(),
            ["size"] = manifest.Bytes.Length,
        };
        if (withArtifactType && manifest.Info.ReferrerArtifactType is { } artifactType)
        {
            descriptor["artifactType"] = artifactType;
        }

        if (withAnnotations && manifest.Info.Annotations is { Count: > 0 } annotations)
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
