using OciConformance.Engine.ActionSteps.Referrers;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Scale;

/// <summary>
/// Pushes <c>scale.referrers</c> manifests whose subject is one image, every other one of a second artifactType,
/// then reads the referrers list through every page its <c>Link</c> headers lead to: once whole, once filtered by the
/// first artifactType. Each listing must hold every referrer it should, once, and nothing else; a filtered listing
/// without <c>OCI-Filters-Applied</c> is unfiltered, and the client filters it itself. Argument: <c>subject</c>, the
/// scenario manifest the referrers point to.
/// </summary>
public sealed class ScaleReferrersAction : IScenarioAction
{
    public const string TypeA = "application/vnd.example.scale.a";
    public const string TypeB = "application/vnd.example.scale.b";

    public static readonly ActionCheck Put = new("put", "each PUT of a referrer is accepted: 201");
    public static readonly ActionCheck Status = new("status", "every page of the referrers list answers 200 with an image index");
    public static readonly ActionCheck LinkFormat = new("link-format", "each Link header is a rel=\"next\" link to a page not read yet");
    public static readonly ActionCheck Complete = new("complete", "the pages together list every referrer pushed");
    public static readonly ActionCheck Once = new("once", "no descriptor is listed twice, and nothing but the referrers pushed is listed");
    public static readonly ActionCheck FiltersApplied = new("filters-applied", "a filtered listing with OCI-Filters-Applied holds every referrer of that artifactType and only those");

    public string Name => "scale-referrers";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Put, Status, LinkFormat, Complete, Once, FiltersApplied];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var scale = run.Environment.Options.Scale;
        var subject = run.Manifest(Actions.Argument(step, "subject"));
        var referrers = Enumerable.Range(0, scale.Referrers)
            .Select(i => ScaleWork.EmptyImage(i % 2 == 0 ? TypeA : TypeB, $"{run.Environment.RunId}-{i}", subject.Digest.ToString(), subject.Size, subject.MediaType))
            .ToList();
        var puts = await ScaleWork.ForEachAsync(referrers.Count, scale.Concurrency, (i, token) => ScaleWork.SendQuietAsync(run, ScaleWork.ManifestPut(run, referrers[i].Digest.ToString(), referrers[i]), token), cancellationToken);
        var refused = puts.Where(p => p.Status != 201).ToList();
        if (!run.Check(Put, refused.Count == 0, $"all {ScaleWork.Count(referrers.Count)} referrers are accepted with 201", "201 for every referrer",
            refused.Count == 0 ? null : $"{refused.Count} refused, the first with {ExpectationEvaluator.StatusLine(refused[0])}", refused.Count == 0 ? null : ScaleWork.Keep(run, refused[0])))
        {
            return null;
        }

        var maxPages = referrers.Count + 2;
        var all = await ReadAsync(run, ReferrersApi.Url(run, run.Repository, subject.Digest.ToString(), null), "the referrers list", maxPages, cancellationToken);
        if (all is null)
        {
            return null;
        }

        var expected = referrers.Select(r => r.Digest.ToString()).ToHashSet(StringComparer.Ordinal);
        Judge(run, all, expected, "the referrers list");

        var filtered = await ReadAsync(run, ReferrersApi.Url(run, run.Repository, subject.Digest.ToString(), TypeA), $"the referrers list filtered by {TypeA}", maxPages, cancellationToken);
        if (filtered is null)
        {
            return all.Last;
        }

        var ofTypeA = referrers.Where((_, i) => i % 2 == 0).Select(r => r.Digest.ToString()).ToHashSet(StringComparer.Ordinal);
        var applied = filtered.First.Headers.Get("OCI-Filters-Applied")?.Split(',').Select(s => s.Trim()).Contains("artifactType", StringComparer.Ordinal) ?? false;
        if (applied)
        {
            var outside = filtered.Digests.Where(d => !ofTypeA.Contains(d)).ToList();
            var absent = ofTypeA.Where(d => !filtered.Digests.Contains(d)).ToList();
            run.Check(FiltersApplied, outside.Count == 0 && absent.Count == 0, $"the list filtered by {TypeA} holds its {ScaleWork.Count(ofTypeA.Count)} referrers and no other",
                $"{ofTypeA.Count} referrers of {TypeA}", $"{absent.Count} of them missing, {outside.Count} others listed", filtered.Last);
        }
        else
        {
            // Without OCI-Filters-Applied the registry did not filter: the list is the whole one, and the client filters it.
            Judge(run, filtered, expected, "the referrers list asked for with an artifactType filter the registry did not apply");
            run.Note($"artifactType filter: not applied by the registry; the client filters the {ScaleWork.Count(filtered.Digests.Count)} descriptors itself");
        }

        run.Note($"{ScaleWork.Count(referrers.Count)} referrers listed in {all.Pages} pages, filtered in {filtered.Pages}");
        return filtered.Last;
    }

    private sealed record Listing(IReadOnlyList<string> Digests, RegistryResponse First, RegistryResponse Last, int Pages);

    private static void Judge(CaseRun run, Listing listing, HashSet<string> expected, string what)
    {
        var counted = listing.Digests.GroupBy(d => d, StringComparer.Ordinal).ToList();
        var twice = counted.Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var foreign = counted.Select(g => g.Key).Where(d => !expected.Contains(d)).ToList();
        var missing = expected.Where(d => counted.All(g => g.Key != d)).ToList();
        run.Check(Complete, missing.Count == 0, $"{what} holds all {ScaleWork.Count(expected.Count)} referrers", $"{expected.Count} referrers",
            $"{missing.Count} missing, the first {(missing.Count > 0 ? missing[0] : "")}", listing.Last);
        run.Check(Once, twice.Count == 0 && foreign.Count == 0, $"{what} lists each referrer once and nothing else", "each once, nothing else",
            $"{twice.Count} listed more than once{(twice.Count > 0 ? $" (the first {twice[0]})" : "")}, {foreign.Count} others", listing.Last);
    }

    /// <summary>Every descriptor's digest across the pages; null when a page was no readable image index (the failure is recorded).</summary>
    private static async Task<Listing?> ReadAsync(CaseRun run, Uri url, string what, int maxPages, CancellationToken cancellationToken)
    {
        var digests = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { url.ToString() };
        RegistryResponse? first = null;
        for (var page = 1; page <= maxPages; page++)
        {
            var response = await ReferrersApi.GetAsync(run, url, cancellationToken);
            first ??= response;
            var listed = Digests(response);
            // The first page decides whether the API is offered at all; a registry without it is not supported here.
            if (!run.Check(Status, response.Status == 200 && listed is not null, $"page {page} of {what} answers 200 with an image index", "200 with a manifests array",
                ExpectationEvaluator.StatusLine(response), response, gate: page == 1 ? "referrers-api" : null))
            {
                return null;
            }

            digests.AddRange(listed!);
            if (response.Headers.Get("Link") is not { } link)
            {
                return new Listing(digests, first, response, page);
            }

            var next = LinkHeader.Next(link);
            url = next is null ? url : new Uri(response.Url, next);
            if (!run.Check(LinkFormat, next is not null && visited.Add(url.ToString()), $"the Link header of page {page} of {what} leads to a page not read yet", "<url>; rel=\"next\" to a new page", link, response))
            {
                return new Listing(digests, first, response, page);
            }
        }

        run.Check(LinkFormat, false, $"{what} ends within {maxPages} pages (each holds at least one referrer)", $"at most {maxPages} pages", "more Link headers after that", first);
        return null;
    }

    private static List<string>? Digests(RegistryResponse response)
    {
        if (response.Status != 200 || !ExpectationEvaluator.TryParse(response, out var document, out _))
        {
            return null;
        }

        using (document)
        {
            var listed = Listed.All(document.RootElement, "manifests");
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && document.RootElement.TryGetProperty("manifests", out _)
                ? [.. listed.Select(l => l.Digest ?? "(no digest)")]
                : null;
        }
    }
}
