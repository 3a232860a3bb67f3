using System.Text.Json;
using OciConformance.Http;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>Every descriptor a referrers query returned, across all the pages its Link headers led to.</summary>
public sealed record ReferrersListing(IReadOnlyList<Listed> Descriptors, RegistryResponse First, RegistryResponse Last, int Pages);

/// <summary>
/// Reads the OCI referrers API the way a client does (every page, following <c>Link: &lt;…&gt;; rel="next"</c>) and
/// checks each answer, then compares what was listed with the descriptors the pushed manifests call for.
/// </summary>
public static class ReferrersApi
{
    public const string List = "dist.referrers.list";
    public const string No404 = "dist.referrers.no-404";
    public const string ContentType = "dist.referrers.content-type";
    public const string IndexBody = "dist.referrers.image-index-body";
    public const string LinkFormat = "dist.referrers.link-header-format";
    public const string PaginationLink = "dist.referrers.pagination-link";
    public const string IncludeNew = "dist.referrers.include-new";
    public const string MatchSubject = "dist.referrers.descriptors-match-subject";
    public const string ArtifactType = "dist.referrers.artifact-type";
    public const string ArtifactTypeFromConfig = "dist.referrers.artifact-type-from-config";
    public const string ArtifactTypeOmitted = "dist.referrers.artifact-type-omitted-for-index";
    public const string Annotations = "dist.referrers.annotations";
    public const string FilterEndpoint = "dist.referrers.filter-endpoint";
    public const string FiltersApplied = "dist.referrers.filters-applied-header";
    public const string Filtering = "dist.referrers.filtering";
    public const string DefaultSchema = "api/referrers.v1";

    /// <summary>Enough for any test listing; a registry that links on beyond it is going round in circles.</summary>
    private const int MaxPages = 100;

    public static readonly string[] ListingRequirements =
        [List, No404, ContentType, IndexBody, LinkFormat, IncludeNew, MatchSubject, ArtifactType, ArtifactTypeFromConfig, ArtifactTypeOmitted, Annotations];

    public static Uri Url(CaseRun run, string repository, string subject, string? artifactType) =>
        run.ResolveUrl($"/v2/{repository}/referrers/{subject}", artifactType is null ? [] : [new("artifactType", artifactType)]);

    public static Task<RegistryResponse> GetAsync(CaseRun run, Uri url, CancellationToken cancellationToken) =>
        run.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Headers = [new("Accept", Referrer.ImageIndex)] }, cancellationToken);

    /// <summary>Reads every page; null when a page was not a readable referrers index (the failure is recorded).</summary>
    public static async Task<ReferrersListing?> ReadAsync(CaseRun run, Uri url, string statusRequirement, string schema, CancellationToken cancellationToken)
    {
        var descriptors = new List<Listed>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { url.ToString() };
        RegistryResponse? first = null;
        for (var page = 1; page <= MaxPages; page++)
        {
            var response = await GetAsync(run, url, cancellationToken);
            first ??= response;
            var where = page == 1 ? "the referrers list" : $"page {page} of the referrers list";
            run.Check(No404, response.Status != 404, $"{where} does not answer 404", "any status but 404", ExpectationEvaluator.StatusLine(response), response);
            if (!run.Check(statusRequirement, response.Status == 200, $"{where} answers 200", "200", ExpectationEvaluator.StatusLine(response), response))
            {
                return null;
            }

            var contentType = response.Headers.Get("Content-Type");
            run.Check(ContentType, MediaTypeOf(contentType) == Referrer.ImageIndex, $"{where} has Content-Type {Referrer.ImageIndex}", Referrer.ImageIndex, contentType ?? "absent", response);
            if (!ReadIndex(run, response, schema, where, descriptors))
            {
                return null;
            }

            if (response.Headers.Get("Link") is not { } link)
            {
                return new ReferrersListing(descriptors, first, response, page);
            }

            var next = LinkHeader.Next(link);
            if (!run.Check(LinkFormat, next is not null, $"the Link header of {where} is an RFC 5988 link with rel=\"next\"", "<url>; rel=\"next\"", link, response))
            {
                return new ReferrersListing(descriptors, first, response, page);
            }

            url = new Uri(response.Url, next);
            if (!run.Check(LinkFormat, seen.Add(url.ToString()), $"the Link header of {where} leads to a page not read yet", "a new page", $"{url} again", response))
            {
                return new ReferrersListing(descriptors, first, response, page);
            }
        }

        run.Check(LinkFormat, false, $"the referrers list ends within {MaxPages} pages", $"at most {MaxPages} pages", "more Link headers after that", first);
        return null;
    }

    private static bool ReadIndex(CaseRun run, RegistryResponse response, string schema, string where, List<Listed> descriptors)
    {
        if (!ExpectationEvaluator.TryParse(response, out var document, out var problem))
        {
            run.Check(IndexBody, false, $"{where} is a JSON image index", "a JSON image index", problem, response);
            return false;
        }

        using (document)
        {
            var validation = run.Environment.Schemas.Validate(schema, document.RootElement);
            var violations = string.Join("; ", validation.Violations.Take(3).Select(v => $"{(v.InstancePath.Length == 0 ? "/" : v.InstancePath)}: {v.Message}"));
            run.Check(IndexBody, validation.IsValid, $"{where} is valid against {schema}", $"a body valid against {schema}", violations, response);
            var manifests = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("manifests", out var m) && m.ValueKind == JsonValueKind.Array;
            if (!run.Check(IndexBody, manifests, $"{where} has a manifests array", "a manifests array", "none", response))
            {
                return false;
            }

            descriptors.AddRange(Listed.All(document.RootElement, "manifests"));
            return true;
        }
    }

    public static string? MediaTypeOf(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>
    /// Every expected referrer is listed with the descriptor the spec calls for; nothing else is listed
    /// (<paramref name="unexpected"/> names the requirement an extra entry breaks).
    /// </summary>
    public static void Verify(CaseRun run, IReadOnlyList<Listed> listed, IReadOnlyList<Referrer> expected, string subject, RegistryResponse response, string unexpected, string unexpectedReason)
    {
        foreach (var referrer in expected)
        {
            var entry = listed.FirstOrDefault(l => l.Digest == referrer.Digest);
            if (!run.Check(IncludeNew, entry is not null, $"referrer '{referrer.Name}' ({referrer.Digest}) is listed for {subject}", "listed", $"absent from the {listed.Count} descriptors listed", response))
            {
                continue;
            }

            VerifyDescriptor(run, entry!, referrer, response);
        }

        var extra = listed.Where(l => expected.All(e => e.Digest != l.Digest)).Select(l => l.Digest ?? "(no digest)").ToList();
        run.Check(unexpected, extra.Count == 0, unexpectedReason, "no other descriptor", $"also lists {string.Join(", ", extra)}", response);
    }

    private static void VerifyDescriptor(CaseRun run, Listed entry, Referrer referrer, RegistryResponse response)
    {
        run.Check(MatchSubject, entry.MediaType == referrer.MediaType && entry.Size == referrer.Size,
            $"the descriptor of '{referrer.Name}' has its media type and size", $"{referrer.MediaType}, {referrer.Size} bytes", $"{entry.MediaType ?? "no mediaType"}, {entry.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} bytes", response);
        var shown = entry.HasArtifactType ? $"'{entry.ArtifactType}'" : "no artifactType";
        _ = referrer.Source switch
        {
            ArtifactTypeSource.Manifest => run.Check(ArtifactType, entry.ArtifactType == referrer.ArtifactType,
                $"the descriptor of '{referrer.Name}' carries its artifactType", $"'{referrer.ArtifactType}'", shown, response),
            ArtifactTypeSource.Config => run.Check(ArtifactTypeFromConfig, entry.ArtifactType == referrer.ArtifactType,
                $"the descriptor of '{referrer.Name}' (no artifactType of its own) carries its config media type as artifactType", $"'{referrer.ArtifactType}'", shown, response),
            _ => run.Check(ArtifactTypeOmitted, !entry.HasArtifactType,
                $"the descriptor of index '{referrer.Name}' (no artifactType of its own) has no artifactType", "no artifactType", shown, response),
        };
        if (referrer.Annotations.Count > 0)
        {
            var missing = referrer.Annotations.Where(a => !entry.Annotations.TryGetValue(a.Key, out var value) || value != a.Value).Select(a => a.Key).ToList();
            run.Check(Annotations, missing.Count == 0, $"the descriptor of '{referrer.Name}' carries its {referrer.Annotations.Count} annotations",
                string.Join(", ", referrer.Annotations.Keys), missing.Count == 0 ? "all" : $"missing or different: {string.Join(", ", missing)}", response);
        }
    }
}
