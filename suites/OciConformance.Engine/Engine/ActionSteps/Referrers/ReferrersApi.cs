using System.Text.Json;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>Every descriptor a referrers query returned, across all the pages its Link headers led to.</summary>
public sealed record ReferrersListing(IReadOnlyList<Listed> Descriptors, RegistryResponse First, RegistryResponse Last, int Pages);

/// <summary>
/// Reads the OCI referrers API the way a client does (every page, following <c>Link: &lt;…&gt;; rel="next"</c>) and
/// checks each answer, then compares what was listed with the descriptors the pushed manifests call for.
/// </summary>
public static class ReferrersApi
{
    public static readonly ActionCheck Status = new("status", "every page of the referrers list answers 200");
    public static readonly ActionCheck No404 = new("not-404", "no page of the referrers list answers 404");
    public static readonly ActionCheck ContentType = new("content-type", "every page has Content-Type application/vnd.oci.image.index.v1+json");
    public static readonly ActionCheck IndexBody = new("index-body", "every page is an image index valid against its schema, with a manifests array");
    public static readonly ActionCheck LinkFormat = new("link-format", "each Link header is a rel=\"next\" link to a page not read yet, and the pages come to an end");
    public static readonly ActionCheck Included = new("listed", "every expected referrer is listed");
    public static readonly ActionCheck Descriptor = new("descriptor", "each listed descriptor has its manifest's media type and size, and nothing but the expected referrers is listed");
    public static readonly ActionCheck ArtifactType = new("artifact-type", "a referrer with an artifactType of its own is listed with it");
    public static readonly ActionCheck ArtifactTypeFromConfig = new("artifact-type-from-config", "an image manifest without artifactType is listed with its config media type as artifactType");
    public static readonly ActionCheck ArtifactTypeOmitted = new("artifact-type-omitted", "an index without artifactType is listed without one");
    public static readonly ActionCheck Annotations = new("annotations", "a referrer's annotations are listed in its descriptor");
    public const string DefaultSchema = "api/referrers.v1";

    /// <summary>Enough for any test listing; a registry that links on beyond it is going round in circles.</summary>
    private const int MaxPages = 100;

    /// <summary>What every page of a referrers list is checked for; the status check is the caller's, since it differs per query.</summary>
    public static IReadOnlyList<ActionCheck> PageChecks { get; } = [No404, ContentType, IndexBody, LinkFormat];

    /// <summary>What <see cref="Verify"/> checks of the listed descriptors.</summary>
    public static IReadOnlyList<ActionCheck> DescriptorChecks { get; } = [Included, Descriptor, ArtifactType, ArtifactTypeFromConfig, ArtifactTypeOmitted, Annotations];

    public static Uri Url(CaseRun run, string repository, string subject, string? artifactType) =>
        run.ResolveUrl($"/v2/{repository}/referrers/{subject}", artifactType is null ? [] : [new("artifactType", artifactType)]);

    public static Task<RegistryResponse> GetAsync(CaseRun run, Uri url, CancellationToken cancellationToken) =>
        run.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Headers = [new("Accept", Referrer.ImageIndex)] }, cancellationToken);

    /// <summary>Reads every page; null when a page was not a readable referrers index (the failure is recorded).</summary>
    public static async Task<ReferrersListing?> ReadAsync(CaseRun run, Uri url, ActionCheck status, string schema, CancellationToken cancellationToken)
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
            if (!run.Check(status, response.Status == 200, $"{where} answers 200", "200", ExpectationEvaluator.StatusLine(response), response))
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
    /// (<paramref name="unexpected"/> is the check an extra entry fails).
    /// </summary>
    public static void Verify(CaseRun run, IReadOnlyList<Listed> listed, IReadOnlyList<Referrer> expected, string subject, RegistryResponse response, ActionCheck unexpected, string unexpectedReason)
    {
        foreach (var referrer in expected)
        {
            var entry = listed.FirstOrDefault(l => l.Digest == referrer.Digest);
            if (!run.Check(Included, entry is not null, $"referrer '{referrer.Name}' ({referrer.Digest}) is listed for {subject}", "listed", $"absent from the {listed.Count} descriptors listed", response))
            {
                continue;
            }

            VerifyDescriptor(run, entry!, referrer, response);
        }

        var extra = listed.Where(l => expected.All(e => e.Digest != l.Digest)).Select(l => l.Digest ?? "(no digest)").ToList();
        run.Check(unexpected, extra.Count == 0, unexpectedReason, "no other descriptor", $"also lists {string.Join(", ", extra)}", response);
    }

    /// <summary>A listed descriptor has the media type, size, artifactType and annotations the manifest it points to calls for.</summary>
    internal static void VerifyDescriptor(CaseRun run, Listed entry, Referrer referrer, RegistryResponse response)
    {
        run.Check(Descriptor, entry.MediaType == referrer.MediaType && entry.Size == referrer.Size,
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
