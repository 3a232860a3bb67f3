using OciConformance.Engine.ActionSteps.Referrers;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>
/// Pages through the tags list of the referenced repository with the most tags, as <c>list-tags-pages</c> does with
/// pushed tags: <c>n</c> is chosen so the list spans about <c>with.pages</c> pages, and the pages must together give the
/// whole list as the registry serves it without <c>n</c>.
/// </summary>
public sealed class PageTagsAction : IScenarioAction
{
    public string Name => "page-tags";

    public IReadOnlyList<ActionCheck> Checks { get; } =
    [
        ListTagsPagesAction.Status, ListTagsPagesAction.PageSize, ListTagsPagesAction.LinkOffered, ListTagsPagesAction.LinkFormat, ListTagsPagesAction.PageOrder, ListTagsPagesAction.Last,
    ];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var graph = ContentGraph.Of(run, step);
        var pages = With.Number(step, "pages", 3);
        (string Repository, TagsListing Listing)? widest = null;
        foreach (var repository in graph.Repositories)
        {
            if (await TagsListing.ReadAsync(run, repository, ListTagsPagesAction.Status, cancellationToken) is { } listing && listing.Tags.Count > (widest?.Listing.Tags.Count ?? 0))
            {
                widest = (repository, listing);
            }
        }

        if (widest is not { Listing.Tags.Count: >= 2 } chosen)
        {
            throw new NotApplicableException($"paging needs a repository with two tags or more; the referenced ones ({string.Join(", ", graph.Repositories)}) hold at most {widest?.Listing.Tags.Count ?? 0}");
        }

        var n = (chosen.Listing.Tags.Count + pages - 1) / pages;
        run.Note($"{chosen.Repository}: {chosen.Listing.Tags.Count} tags read {n} at a time");
        return await ListTagsPagesAction.PageAsync(run, chosen.Repository, n, chosen.Listing.Tags, cancellationToken);
    }
}
