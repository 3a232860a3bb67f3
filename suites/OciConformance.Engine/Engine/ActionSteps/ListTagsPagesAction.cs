using System.Text.Json;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps;

/// <summary>
/// Lists a repository's tags page by page with <c>?n=</c>, following <c>Link: &lt;…&gt;; rel="next"</c> where the registry
/// sends one and asking with <c>last=</c> where it does not, then checks the pages against the expected tags.
/// Arguments: <c>n</c> (page size) and <c>tags</c> (every tag of the repository, in the order a listing must give).
/// </summary>
public sealed class ListTagsPagesAction : IScenarioAction
{
    public static readonly ActionCheck Status = new("status", "every page of the tags list asked for with n answers 200 with a tags array");
    public static readonly ActionCheck PageSize = new("page-size", "a page holds n tags, fewer only when a Link leads to more");
    public static readonly ActionCheck LinkOffered = new("link", "a page with more tags after it carries a Link header");
    public static readonly ActionCheck LinkFormat = new("link-format", "a Link header names the next page with rel=\"next\"");
    public static readonly ActionCheck PageOrder = new("order", "each page continues the list in order, and the pages together list every tag once");
    public static readonly ActionCheck Last = new("last", "a page asked for with last (where no Link was sent) continues right after that tag");

    /// <summary>More pages than this means the registry loops; the action stops rather than hang.</summary>
    private const int MaxPages = 100;

    public string Name => "list-tags-pages";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Status, PageSize, LinkOffered, LinkFormat, PageOrder, Last];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var n = step.With is { } with && with.TryGetProperty("n", out var size) ? size.GetInt32() : throw new Fixtures.FixtureException($"step '{step.Name}': action '{Name}' needs with.n (a page size).");
        return await PageAsync(run, run.Repository, n, Actions.Arguments(step, "tags"), cancellationToken);
    }

    /// <summary>Reads the tags list of <paramref name="repository"/> <paramref name="n"/> at a time and checks the pages against <paramref name="expected"/>.</summary>
    internal static async Task<RegistryResponse?> PageAsync(CaseRun run, string repository, int n, IReadOnlyList<string> expected, CancellationToken cancellationToken)
    {
        var listed = new List<string>();
        var url = run.ResolveUrl($"/v2/{repository}/tags/list", [new("n", n.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var sawLink = false;
        var askedWithLast = false;
        RegistryResponse? last = null;
        for (var page = 1; page <= MaxPages; page++)
        {
            last = await run.SendAsync(new RegistryRequest(HttpMethod.Get, url), cancellationToken);
            var tags = Tags(last);
            if (!run.Check(Status, last.Status == 200 && tags is not null, $"page {page} of the tags list answers 200 with a tags array", "200 with {\"tags\": [...]}", ExpectationEvaluator.StatusLine(last), last))
            {
                return null;
            }

            var link = last.Headers.Get("Link");
            Uri? next = null;
            if (link is not null)
            {
                sawLink = true;
                var target = LinkHeader.Next(link);
                if (!run.Check(LinkFormat, target is not null, $"the Link header of page {page} has the form <url>; rel=\"next\"", "<url>; rel=\"next\"", link, last))
                {
                    return null;
                }

                next = run.ResolveUrl(target!, []);
            }

            var remaining = expected.Count - listed.Count;
            run.Check(PageSize, tags!.Count <= n && (tags.Count == Math.Min(n, remaining) || next is not null), $"page {page} holds {Math.Min(n, remaining)} tags (fewer only with a Link to more)", $"{Math.Min(n, remaining)} tags", $"{tags.Count} tags{(next is null ? ", no Link" : ", with a Link")}", last);
            var continues = expected.Skip(listed.Count).Take(tags.Count).SequenceEqual(tags, StringComparer.Ordinal);
            run.Check(askedWithLast ? Last : PageOrder, continues, $"page {page} continues the list in order", $"[{string.Join(", ", expected.Skip(listed.Count).Take(tags.Count))}]", $"[{string.Join(", ", tags)}]", last);
            listed.AddRange(tags);
            if (!continues || tags.Count == 0 || listed.Count >= expected.Count)
            {
                break;
            }

            askedWithLast = next is null;
            url = next ?? run.ResolveUrl($"/v2/{repository}/tags/list", [new("n", n.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("last", listed[^1])]);
        }

        run.Check(PageOrder, listed.SequenceEqual(expected, StringComparer.Ordinal), "the pages together list every tag once, in order", $"[{string.Join(", ", expected)}]", $"[{string.Join(", ", listed)}]", last);
        run.Check(LinkOffered, sawLink, "a page with more tags after it carries a Link header", "a Link header", "none on any page", last);
        return last;
    }

    /// <summary>The <c>tags</c> array of a tags list answer; null when the body has none.</summary>
    internal static List<string>? Tags(RegistryResponse response)
    {
        if (!ExpectationEvaluator.TryParse(response, out var document, out _))
        {
            return null;
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? [.. tags.EnumerateArray().Select(t => t.ToString())]
                : null;
        }
    }
}
