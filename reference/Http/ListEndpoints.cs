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
        if (tags is null)
        {
            await Responses.ErrorAsync(context, RegistryError.NameUnknown(name));
            return;
        }

        var (page, error) = Paginate(context, tags, $"/v2/{name}/tags/list");
        if (error is not null)
        {
            await Responses.ErrorAsync(context, error);
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
        var (page, error) = Paginate(context, services.Metadata.RepositoryNames(), "/v2/_catalog");
        if (error is not null)
        {
            await Responses.ErrorAsync(context, error);
            return;
        }

        var body = new JsonObject
        {
            ["repositories"] = new JsonArray([.. page.Select(r => (JsonNode?)JsonValue.Create(r))]),
        };
        await Responses.JsonAsync(context, body, MediaTypes.Json);
    }

    /// <summary>Selects one page of a sorted list and sets the Link header.</summary>
    private (List<string> Page, RegistryError? Error) Paginate(HttpContext context, IReadOnlyList<string> sorted, string path)
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

        string? last = query["last"];
        var rest = last is null ? [.. sorted] : sorted.Where(t => string.CompareOrdinal(t, last) > 0).ToList();
        var limit = n ?? (services.Options.TagsPageSize > 0 ? services.Options.TagsPageSize : null);
        var page = limit is null ? rest : [.. rest.Take(limit.Value)];
        if (limit > 0 && rest.Count > limit)
        {
            context.Response.Headers.Link = $"<{path}?n={limit}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        }

        return (page, null);
    }
}
