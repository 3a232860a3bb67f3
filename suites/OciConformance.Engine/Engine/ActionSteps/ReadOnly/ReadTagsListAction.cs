using System.Text.Json;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>
/// Reads the tags list of every referenced repository (following Link where the registry splits it on its own) and
/// checks that it names the repository, holds every referenced tag and is sorted.
/// </summary>
public sealed class ReadTagsListAction : IScenarioAction
{
    public static readonly ActionCheck Status = new("status", "the tags list of each referenced repository answers 200 with a tags array");
    public static readonly ActionCheck RepositoryName = new("name", "the tags list names its repository");
    public static readonly ActionCheck Holds = new("holds", "the tags list holds every referenced tag of the repository");
    public static readonly ActionCheck Order = new("order", "the tags list is sorted, case-insensitively or by byte value");

    public string Name => "read-tags-list";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Status, RepositoryName, Holds, Order];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var graph = ContentGraph.Of(run, step);
        RegistryResponse? last = null;
        foreach (var repository in graph.Repositories)
        {
            var listing = await TagsListing.ReadAsync(run, repository, Status, cancellationToken);
            if (listing is null)
            {
                continue;
            }

            last = listing.Last;
            var name = NameOf(listing.First);
            run.Check(RepositoryName, name == repository, $"the tags list of {repository} names it", repository, name ?? "no name", listing.First);
            var referenced = graph.Tags.Where(t => t.Repository == repository).Select(t => t.Tag).ToList();
            if (referenced.Count > 0)
            {
                var absent = referenced.Except(listing.Tags, StringComparer.Ordinal).ToList();
                run.Check(Holds, absent.Count == 0, $"the tags list of {repository} holds {string.Join(", ", referenced)}", string.Join(", ", referenced), absent.Count == 0 ? "all" : $"no {string.Join(", ", absent)}", listing.Last);
            }

            var tags = listing.Tags.ToList();
            var outOfOrder = Math.Max(ExpectationEvaluator.FirstOutOfOrder(tags, StringComparer.Ordinal), ExpectationEvaluator.FirstOutOfOrder(tags, StringComparer.OrdinalIgnoreCase));
            run.Check(Order, outOfOrder == int.MaxValue, $"the {tags.Count} tags of {repository} are sorted", "sorted by byte value or case-insensitively",
                outOfOrder == int.MaxValue ? "sorted" : $"'{tags[outOfOrder]}' after '{tags[outOfOrder - 1]}'", listing.Last);
        }

        return last;
    }

    private static string? NameOf(RegistryResponse response)
    {
        if (!ExpectationEvaluator.TryParse(response, out var document, out _))
        {
            return null;
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        }
    }
}
