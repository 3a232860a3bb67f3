using System.Globalization;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Scale;

/// <summary>
/// Tags one manifest <c>scale.tags</c> times (<c>t000000</c>, … so lexical order is the order they were made in), then
/// reads the tags list about ten pages at a time, following <c>Link</c> where the registry sends one and asking with
/// <c>last</c> where it does not. The pages must continue one another in order, never repeat a tag, and together list
/// every tag. Argument: <c>manifest</c>, the scenario manifest to tag.
/// </summary>
public sealed class ScaleTagsAction : IScenarioAction
{
    public static readonly ActionCheck Put = new("put", "each PUT of the manifest under a new tag is accepted: 201");
    public static readonly ActionCheck Status = new("status", "every page of the tags list asked for with n answers 200 with a tags array");
    public static readonly ActionCheck PageSize = new("page-size", "a page holds n tags, fewer only when a Link leads to more");
    public static readonly ActionCheck LinkFormat = new("link-format", "a Link header names the next page with rel=\"next\"");
    public static readonly ActionCheck Order = new("order", "each page continues the list in order where the page before ended");
    public static readonly ActionCheck NoRepeat = new("no-repeat", "no tag is listed twice across the pages: each page holds only tags after the last one before it");
    public static readonly ActionCheck Complete = new("complete", "the pages together list every tag");

    public string Name => "scale-tags";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Put, Status, PageSize, LinkFormat, Order, NoRepeat, Complete];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var scale = run.Environment.Options.Scale;
        var manifest = run.Manifest(Actions.Argument(step, "manifest"));
        var tags = Enumerable.Range(0, scale.Tags).Select(i => $"t{i.ToString("D6", CultureInfo.InvariantCulture)}").ToList();
        var puts = await ScaleWork.ForEachAsync(tags.Count, scale.Concurrency, (i, token) => ScaleWork.SendQuietAsync(run, ScaleWork.ManifestPut(run, tags[i], manifest), token), cancellationToken);
        var refused = puts.Select((response, i) => (response, tag: tags[i])).Where(p => p.response.Status != 201).ToList();
        if (!run.Check(Put, refused.Count == 0, $"all {ScaleWork.Count(tags.Count)} tags of the manifest are accepted with 201", "201 for every tag",
            refused.Count == 0 ? null : $"{refused.Count} refused, the first ({refused[0].tag}) with {ExpectationEvaluator.StatusLine(refused[0].response)}", refused.Count == 0 ? null : ScaleWork.Keep(run, refused[0].response)))
        {
            return null;
        }

        return await PageAsync(run, tags, Math.Max(1, (tags.Count + 9) / 10), cancellationToken);
    }

    private static async Task<RegistryResponse?> PageAsync(CaseRun run, List<string> expected, int n, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeated = new List<string>();
        var listed = 0;
        var size = n.ToString(CultureInfo.InvariantCulture);
        var url = run.ResolveUrl($"/v2/{run.Repository}/tags/list", [new("n", size)]);
        RegistryResponse? last = null;
        var orderBroken = false;
        // A registry that keeps linking past the end is going round in circles; twice the pages needed is enough to tell.
        for (var page = 1; page <= (2 * expected.Count / n) + 2; page++)
        {
            last = await run.SendAsync(new RegistryRequest(HttpMethod.Get, url), cancellationToken);
            var tags = ListTagsPagesAction.Tags(last);
            if (!run.Check(Status, last.Status == 200 && tags is not null, $"page {page} of the tags list answers 200 with a tags array", "200 with {\"tags\": [...]}", ExpectationEvaluator.StatusLine(last), last))
            {
                return null;
            }

            Uri? next = null;
            if (last.Headers.Get("Link") is { } link)
            {
                var target = LinkHeader.Next(link);
                if (!run.Check(LinkFormat, target is not null, $"the Link header of page {page} has the form <url>; rel=\"next\"", "<url>; rel=\"next\"", link, last))
                {
                    return null;
                }

                next = run.ResolveUrl(target!, []);
            }

            var remaining = expected.Count - seen.Count;
            run.Check(PageSize, tags!.Count <= n && (tags.Count == Math.Min(n, remaining) || next is not null), $"page {page} holds {Math.Min(n, remaining)} tags (fewer only with a Link to more)",
                $"{Math.Min(n, remaining)} tags", $"{tags.Count} tags{(next is null ? ", no Link" : ", with a Link")}", last);
            var again = tags.Where(t => !seen.Add(t)).ToList();
            repeated.AddRange(again);
            if (again.Count > 0)
            {
                run.Check(NoRepeat, false, $"page {page} lists only tags the pages before did not", "no tag listed before", $"{again.Count} listed again, the first '{again[0]}'", last);
            }

            var continues = expected.Skip(listed).Take(tags.Count).SequenceEqual(tags, StringComparer.Ordinal);
            if (!continues && !orderBroken)
            {
                orderBroken = true;
                var at = Enumerable.Range(0, tags.Count).First(i => listed + i >= expected.Count || tags[i] != expected[listed + i]);
                run.Check(Order, false, page == 1 ? "page 1 starts the list at its first tag" : $"page {page} continues the list where page {page - 1} ended", listed + at < expected.Count ? $"'{expected[listed + at]}' at position {listed + at + 1}" : "no more tags",
                    $"'{tags[at]}'", last);
            }

            listed += tags.Count;
            if (tags.Count == 0 || seen.Count >= expected.Count)
            {
                break;
            }

            url = next ?? run.ResolveUrl($"/v2/{run.Repository}/tags/list", [new("n", size), new("last", tags[^1])]);
        }

        if (!orderBroken)
        {
            run.Check(Order, true, "each page continues the list in order where the page before ended");
        }

        if (repeated.Count == 0)
        {
            run.Check(NoRepeat, true, "no tag is listed twice across the pages");
        }

        var missing = expected.Where(t => !seen.Contains(t)).ToList();
        run.Check(Complete, missing.Count == 0, $"the pages together list all {ScaleWork.Count(expected.Count)} tags", $"{expected.Count} tags",
            $"{missing.Count} missing, the first '{(missing.Count > 0 ? missing[0] : "")}'", last);
        run.Note($"{ScaleWork.Count(expected.Count)} tags listed {ScaleWork.Count(n)} at a time");
        return last;
    }
}
