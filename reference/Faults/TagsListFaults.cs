using System.Globalization;
using System.Text.Json.Nodes;
using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Faults;

/// <summary>The tags list as the tags faults see and bend it.</summary>
internal static class TagsLists
{
    public static bool IsList(Exchange x) => x.Is(RouteKind.Tags);

    public static bool IsListed(Exchange x) => IsList(x) && x.Status == 200;

    public static JsonArray Tags(JsonNode body) => body["tags"]!.AsArray();

    public static JsonNode Reverse(JsonNode body)
    {
        var tags = Tags(body).Select(t => t!.GetValue<string>()).Reverse().ToList();
        body["tags"] = new JsonArray([.. tags.Select(t => (JsonNode?)t)]);
        return body;
    }

    /// <summary>A Link header stripped of its angle brackets and <c>rel="next"</c>.</summary>
    public static void MalformLink(Exchange x)
    {
        var link = x.Response.Headers.Link.ToString();
        x.Response.Headers.Link = link.TrimStart('<').Replace(">; rel=\"next\"", string.Empty, StringComparison.Ordinal);
    }
}

internal sealed class TagsUnsorted() : RegistryFault(
    "tags-unsorted",
    "Tags are listed in reverse order.",
    "Tags MUST be listed in lexical (ASCIIbetical) order.")
{
    public override void Apply(FaultLayer layer) => layer.RewriteJson(TagsLists.IsListed, (_, body) => TagsLists.Reverse(body));
}

internal sealed class TagsPageReversed() : RegistryFault(
    "tags-page-reversed",
    "A tags page requested with n is listed in reverse order.",
    "Tags across pages MUST come in lexical order.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteJson(x => TagsLists.IsListed(x) && x.Query.ContainsKey("n"), (_, body) => TagsLists.Reverse(body));
}

internal sealed class TagsIgnoreN() : RegistryFault(
    "tags-ignore-n",
    "The n parameter of the tags list is ignored.",
    "With n, the list MUST hold n tags (fewer only at the end or with a Link header); n=0 gives an empty list.")
{
    /// <summary>Lists every tag after <c>last</c> in one page, whatever n or the registry's page cap say.</summary>
    public override void Apply(FaultLayer layer) =>
        layer.RewriteJson(TagsLists.IsListed, (x, body) =>
        {
            string? last = x.Query["last"];
            var all = x.Services.Metadata.Tags(x.Name) ?? [];
            body["tags"] = new JsonArray([.. all.Where(t => last is null || string.CompareOrdinal(t, last) > 0).Select(t => (JsonNode?)t)]);
            x.Response.Headers.Remove("Link");
            return body;
        });
}

internal sealed class TagsIgnoreLast() : RegistryFault(
    "tags-ignore-last",
    "The last parameter of the tags list is ignored.",
    "With last, the list MUST start after that tag.")
{
    public override void Apply(FaultLayer layer) => layer.AlterRequest(TagsLists.IsList, x => x.SetQuery("last", []));
}

internal sealed class TagsLastWithoutNIgnored() : RegistryFault(
    "tags-last-without-n-ignored",
    "The last parameter of the tags list is ignored when n is absent.",
    "last without n MUST still list only the tags after it.")
{
    public override void Apply(FaultLayer layer) =>
        layer.AlterRequest(x => TagsLists.IsList(x) && !x.Query.ContainsKey("n"), x => x.SetQuery("last", []));
}

internal sealed class TagsNoLink() : RegistryFault(
    "tags-no-link",
    "A truncated tags page carries no Link header.",
    "A page holding fewer tags than remain MUST carry Link: <...>; rel=\"next\".")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(TagsLists.IsList, "Link");
}

internal sealed class TagsLinkMalformed() : RegistryFault(
    "tags-link-malformed",
    "A truncated tags page carries a Link header without the angle brackets and `rel=\"next\"`.",
    "The Link header of a tags page MUST have the form `<url>; rel=\"next\"`.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteHeaders(x => TagsLists.IsList(x) && x.Response.Headers.ContainsKey("Link"), TagsLists.MalformLink);
}

internal sealed class TagsListMissingTag() : RegistryFault(
    "tags-list-missing-tag",
    "The full tags list (no n, no last) leaves out its final tag.",
    "The tags list MUST hold every tag of the repository.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteJson(
            x => TagsLists.IsListed(x) && !x.Query.ContainsKey("n") && !x.Query.ContainsKey("last") && x.Services.Options.TagsPageSize == 0,
            (_, body) =>
            {
                var tags = TagsLists.Tags(body);
                if (tags.Count > 0)
                {
                    tags.RemoveAt(tags.Count - 1);
                }

                return body;
            });
}

internal sealed class TagsListNotFound() : RegistryFault(
    "tags-list-not-found",
    "The tags list answers 404 NAME_UNKNOWN for every repository.",
    "`GET /v2/<name>/tags/list` MUST answer 200 for an existing repository.")
{
    public override void Apply(FaultLayer layer) => layer.Answer(TagsLists.IsList, x => x.ErrorAsync(RegistryError.NameUnknown(x.Name)));
}

internal sealed class TagsNRefused() : RegistryFault(
    "tags-n-refused",
    "A tags list request with n answers 400.",
    "`GET /v2/<name>/tags/list?n=<int>` MUST answer 200.")
{
    /// <summary>Only where the plain list would have served the page: the repository exists and n is a number.</summary>
    public override void Apply(FaultLayer layer) =>
        layer.Answer(
            x => TagsLists.IsList(x) && N(x) is not null && x.Services.Metadata.Tags(x.Name) is not null,
            x => x.ErrorAsync(new RegistryError(400, ErrorCode.Unsupported, "pagination is not supported", new { n = N(x) })));

    private static int? N(Exchange x) => int.TryParse(x.Query["n"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}

internal sealed class TagsUnknownRepositoryListed() : RegistryFault(
    "tags-unknown-repository-listed",
    "The tags list of a repository that was never created answers 200 with an empty list instead of 404.",
    "Only the endpoint table's failure column (end-8a: 404) suggests a 404; no sentence demands it, so this is at most a warning.")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(
            x => TagsLists.IsList(x) && x.Services.Metadata.Tags(x.Name) is null,
            x => Responses.JsonAsync(x.Context, new JsonObject { ["name"] = x.Name, ["tags"] = new JsonArray() }, "application/json"));
}
