using System.Globalization;
using System.Text.Json.Nodes;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Http;

/// <summary>end-8a/8b (tags list) and the catalog, both with n/last pagination and a Link header.</summary>
internal sealed class ListEndpoints(RegistryServices services)
{
    public async Task TagsAsync(HttpContext context, string name)
    {
        var tags = services.Metadata.Tags(name);
        if (tags is null || services.Has(Fault.TagsListNotFound))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(404, ErrorCode.NameUnknown, "repository name not known to registry", new { name }));
            return;
        }

        var (page, error) = Paginate(context, tags, $"/v2/{name}/tags/list", tagFaults: true);
        if (error is not null)
        {
            await Responses.ErrorAsync(context, services, error);
            return;
        }

        var body = new JsonObject
        {
            ["name"] = name,
            ["tags"] = new JsonArray([.. page.Select(t => (JsonNode?)JsonValue.Create(t))]),
        };
        await Responses.JsonAsync(context, body, MediaTypes.Json);
    }

    public async Task CatalogAsync(HttpContext context)
    {
        var (page, error) = Paginate(context, services.Metadata.RepositoryNames(), "/v2/_catalog", tagFaults: false);
        if (error is not null)
        {
            await Responses.ErrorAsync(context, services, error);
            return;
        }

        var body = new JsonObject
        {
            ["repositories"] = new JsonArray([.. page.Select(r => (JsonNode?)JsonValue.Create(r))]),
        };
        await Responses.JsonAsync(context, body, MediaTypes.Json);
    }

    /// <summary>Selects one page of a sorted list and sets the Link header.</summary>
    private (List<string> Page, RegistryError? Error) Paginate(HttpContext context, IReadOnlyList<string> sorted, string path, bool tagFaults)
    {
        var query = context.Request.Query;
        int? n = null;
        if (query.ContainsKey("n"))
        {
            if (!int.TryParse(query["n"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                // The spec's table has no pagination code; UNSUPPORTED says the request cannot be served as sent.
                return ([], new RegistryError(400, ErrorCode.Unsupported, "n must be a non-negative integer", new { n = query["n"].ToString() }));
            }

            n = parsed;
        }

        if (n is not null && tagFaults && services.Has(Fault.TagsNRefused))
        {
            return ([], new RegistryError(400, ErrorCode.Unsupported, "pagination is not supported", new { n }));
        }

        if (tagFaults && services.Has(Fault.TagsIgnoreN))
        {
            n = null;
        }

        string? last = query["last"];
        IEnumerable<string> remaining = sorted;
        var ignoreLast = tagFaults && (services.Has(Fault.TagsIgnoreLast) || (n is null && services.Has(Fault.TagsLastWithoutNIgnored)));
        if (last is not null && !ignoreLast)
        {
            remaining = sorted.Where(t => string.CompareOrdinal(t, last) > 0);
        }

        var rest = remaining.ToList();
        var limit = n ?? (services.Options.TagsPageSize > 0 && !(tagFaults && services.Has(Fault.TagsIgnoreN)) ? services.Options.TagsPageSize : (int?)null);
        var page = limit is null ? rest : [.. rest.Take(limit.Value)];
        if (limit > 0 && rest.Count > limit && !(tagFaults && services.Has(Fault.TagsNoLink)))
        {
            var next = $"{path}?n={limit}&last={Uri.EscapeDataString(page[^1])}";
            context.Response.Headers.Link = tagFaults && services.Has(Fault.TagsLinkMalformed) ? next : $"<{next}>; rel=\"next\"";
        }

        if (tagFaults && (services.Has(Fault.TagsUnsorted) || (n is not null && services.Has(Fault.TagsPageReversed))))
        {
            page.Reverse();
        }

        if (tagFaults && limit is null && last is null && page.Count > 0 && services.Has(Fault.TagsListMissingTag))
        {
            page.RemoveAt(page.Count - 1);
        }

        return (page, null);
    }
}
