using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Asks for the referrers of <c>with.subject</c> filtered by <c>with.artifactType</c>; <c>with.expect</c> names every
/// referrer of the subject, whatever its type. With <c>OCI-Filters-Applied: artifactType</c> the answer must hold
/// exactly the matching ones. Without it the answer must be the whole, unfiltered list, from which a client can
/// filter itself; the mandatory checks come first, then the gate <c>referrers-filtering</c>, since the spec leaves
/// filtering to the registry's choice.
/// </summary>
public sealed class FilterReferrersAction : IScenarioAction
{
    public const string Feature = "referrers-filtering";

    public static readonly ActionCheck Status = new("status", "every page of the referrers list asked for with artifactType answers 200");
    public static readonly ActionCheck FiltersApplied = new("filters-applied", "a list with OCI-Filters-Applied names artifactType there and holds only matching referrers; a list without it leaves none out");
    public static readonly ActionCheck Filtering = new("filtering", "the registry applies the artifactType filter and says so with OCI-Filters-Applied");

    public string Name => "filter-referrers";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Status, .. ReferrersApi.PageChecks, .. ReferrersApi.DescriptorChecks, FiltersApplied, Filtering];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var subject = run.Render(Actions.Argument(step, "subject"));
        var artifactType = run.Render(Actions.Argument(step, "artifactType"));
        var all = Actions.Arguments(step, "expect").Select(name => Referrer.Of(run, name)).ToList();
        var matching = all.Where(r => r.ArtifactType == artifactType).ToList();
        var others = all.Except(matching).ToList();
        var url = ReferrersApi.Url(run, run.Repository, subject, artifactType);
        var listing = await ReferrersApi.ReadAsync(run, url, Status, ReferrersApi.DefaultSchema, cancellationToken);
        if (listing is null)
        {
            return null;
        }

        var response = listing.First;
        var applied = response.Headers.Get("OCI-Filters-Applied");
        if (applied is not null)
        {
            var names = applied.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            run.Check(FiltersApplied, names.Contains("artifactType", StringComparer.Ordinal), "OCI-Filters-Applied names the artifactType filter", "artifactType", applied, response);
            ReferrersApi.Verify(run, listing.Descriptors, matching, subject, response, FiltersApplied,
                $"a list announced as filtered (OCI-Filters-Applied) holds only referrers of artifactType {artifactType}");
        }
        else
        {
            ReferrersApi.Verify(run, listing.Descriptors, all, subject, response, ReferrersApi.Descriptor,
                $"every descriptor listed is a manifest of this repository whose subject is {subject}");
            var dropped = others.Where(o => listing.Descriptors.All(l => l.Digest != o.Digest)).Select(o => o.Name).ToList();
            run.Check(FiltersApplied, dropped.Count == 0, "a list without OCI-Filters-Applied is unfiltered: referrers of other artifact types are there too",
                string.Join(", ", others.Select(o => o.Name)), $"left out {string.Join(", ", dropped)} without saying a filter was applied", response);
            var found = listing.Descriptors.Where(l => l.ArtifactType == artifactType).Select(l => l.Digest).ToHashSet(StringComparer.Ordinal);
            run.Check(ReferrersApi.ArtifactType, found.SetEquals(matching.Select(m => m.Digest)), $"a client filtering the list on artifactType {artifactType} itself finds exactly {string.Join(", ", matching.Select(m => m.Name))}",
                string.Join(", ", matching.Select(m => m.Digest)), string.Join(", ", found), response);
            run.Note($"artifactType filter: not applied by the registry (no OCI-Filters-Applied); the client filters the {listing.Descriptors.Count} descriptors itself");
        }

        run.Check(Filtering, applied is not null, $"the registry applies the artifactType filter and says so with OCI-Filters-Applied", "OCI-Filters-Applied: artifactType", "no OCI-Filters-Applied header", response, Feature);
        return response;
    }
}
