using System.Text.RegularExpressions;
using OciConformance.Fixtures;
using OciConformance.Formats;
using OciConformance.Http;

namespace OciConformance.Engine;

/// <summary>
/// Format checks on both sides of the wire. What the suite is about to push must be valid for its format, or the
/// scenario is a fixture error (never the registry's fault). What the registry answers (manifests and indexes by
/// their Content-Type, tags lists, catalogs, referrers and error bodies by endpoint) is validated against the
/// format's schema and rules, each violation recorded as a failed check of that rule.
/// </summary>
public static partial class ContentValidation
{
    public static void EnsureValidFixture(CaseRun run, string name, MaterializedContent manifest)
    {
        var check = run.Environment.Formats.Check(manifest.MediaType, manifest.Bytes!.Value);
        if (check.Outcome is CheckOutcome.Invalid or CheckOutcome.NotJson)
        {
            var first = check.Violations.Count > 0 ? check.Violations[0] : null;
            throw new FixtureException(run.Scenario.File, $"manifests.{name}",
                $"the manifest is not a valid {check.Format?.Name} {check.Version?.Version} ({first?.Rule}: {first?.InstancePath} {first?.Message}); fix the fixture, or mark it invalidOnPurpose with the reason.");
        }
    }

    public static void CheckResponse(CaseRun run, RegistryRequest request, RegistryResponse response)
    {
        if (response.TransportError is not null || response.Body.Length == 0 || response.Body.Truncated || run.SentItself(response.Body.Digests))
        {
            return;
        }

        var check = FormatOf(run.Environment.Formats, request, response) is { } format
            ? run.Environment.Formats.Check(format, response.Body.Buffered)
            : run.Environment.Formats.Check(MediaTypeOf(response) ?? "", response.Body.Buffered);
        // A body that is not JSON at all is the business of the scenario's own checks (status, schema, bytes).
        if (check.Outcome is CheckOutcome.UnknownMediaType or CheckOutcome.NotJson || check.Format is null)
        {
            return;
        }

        var what = $"{check.Format.Name} {check.Version?.Version}".Trim();
        // Every schema assertion names its rule (x-rule), and every rule is catalogued: the formats tests see to it.
        foreach (var violation in check.Violations.GroupBy(v => v.Rule).Select(g => g.First()))
        {
            if (violation.Rule is { } rule)
            {
                run.Check(run.Environment.Requirements.Canonical(rule), false, $"the body is a valid {what}", $"a body valid against {check.Version?.SchemaKey}", $"{(violation.InstancePath.Length == 0 ? "/" : violation.InstancePath)}: {violation.Message}", response);
            }
        }
    }

    private static string? MediaTypeOf(RegistryResponse response) => response.Headers.Get("Content-Type")?.Split(';')[0].Trim();

    /// <summary>API bodies carry no media type of their own: the endpoint says which format they are.</summary>
    private static ManifestFormat? FormatOf(FormatCatalog formats, RegistryRequest request, RegistryResponse response)
    {
        var path = request.Url.AbsolutePath;
        // The spec's error body rules bind 4XX answers only; a 5XX is judged by the status the scenario expects.
        var name = response.Status switch
        {
            >= 400 and < 500 when (MediaTypeOf(response) ?? "").EndsWith("json", StringComparison.OrdinalIgnoreCase) => "dist-error-body",
            200 when request.Method == HttpMethod.Get && TagsList().IsMatch(path) => "dist-tags-list",
            200 when request.Method == HttpMethod.Get && path == "/v2/_catalog" => "dist-catalog",
            200 when request.Method == HttpMethod.Get && Referrers().IsMatch(path) => "dist-referrers",
            _ => null,
        };
        return name is null ? null : formats.FindByName(name);
    }

    [GeneratedRegex("^/v2/.+/tags/list$")]
    private static partial Regex TagsList();

    [GeneratedRegex("^/v2/.+/referrers/[^/]+$")]
    private static partial Regex Referrers();
}
