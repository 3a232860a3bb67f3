using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>A repository's whole tags list as served without <c>n</c>, across the pages a registry may split it into on its own.</summary>
internal sealed record TagsListing(IReadOnlyList<string> Tags, RegistryResponse First, RegistryResponse Last)
{
    /// <summary>Enough for any repository; a registry that links on beyond it is going round in circles.</summary>
    private const int MaxPages = 100;

    /// <summary>Reads the list, recording under <paramref name="status"/> whether each page answered 200 with tags; null when one did not.</summary>
    public static async Task<TagsListing?> ReadAsync(CaseRun run, string repository, ActionCheck status, CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        var url = run.ResolveUrl($"/v2/{repository}/tags/list", []);
        RegistryResponse? first = null;
        for (var page = 1; page <= MaxPages; page++)
        {
            var response = await run.SendAsync(new RegistryRequest(HttpMethod.Get, url), cancellationToken);
            first ??= response;
            var listed = ListTagsPagesAction.Tags(response);
            if (!run.Check(status, response.Status == 200 && listed is not null, $"the tags list of {repository}{(page == 1 ? "" : $", page {page}")} answers 200 with a tags array",
                "200 with {\"tags\": [...]}", ExpectationEvaluator.StatusLine(response), response))
            {
                return null;
            }

            tags.AddRange(listed!);
            if (response.Headers.Get("Link") is not { } link || LinkHeader.Next(link) is not { } next)
            {
                return new TagsListing(tags, first, response);
            }

            url = run.ResolveUrl(next, []);
        }

        return null;
    }
}
