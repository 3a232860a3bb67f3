using OciConformance.Configuration;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Discovers the referrers of <c>with.subject</c> through the ORAS extension,
/// <c>GET /v2/&lt;name&gt;/_oras/artifacts/referrers?digest=…</c>, following <c>Link</c> pages. <c>with.expect</c> names every
/// referrer, newest first (the extension sorts on the <c>io.cncf.oras.artifact.created</c> annotation). With
/// <c>with.artifactType</c> the registry may filter; a client filters what comes back itself, and whether the registry
/// did is the gate <c>oras-referrers-filtering</c>. Until the ORAS artifacts proposal binds (its signal, or
/// <c>run.proposals</c>), an endpoint that does not answer 200 is the gate <c>oras-artifacts</c>; after, it fails.
/// </summary>
public sealed class ListOrasReferrersAction : IScenarioAction
{
    public static readonly ActionCheck Endpoint = new("status", "every page of the ORAS referrers list answers 200");
    public static readonly ActionCheck ApiVersion = new("api-version", "the first page names its version: ORAS-Api-Version oras/1.0");
    public static readonly ActionCheck Body = new("body", "every page is a JSON object valid against the ORAS referrers schema");
    public static readonly ActionCheck Lists = new("listed", "every expected referrer is listed, nothing else is, and the pages come to an end");
    public static readonly ActionCheck ArtifactType = new("artifact-type", "each listed referrer names its media type and artifactType");
    public static readonly ActionCheck NewestFirst = new("newest-first", "the referrers are listed newest first");
    public static readonly ActionCheck Filtering = new("filtering", "asked for one artifactType, the registry lists only referrers of that type");
    public const string Schema = "api/oras-referrers.v1";
    private const int MaxPages = 100;

    public string Name => "list-oras-referrers";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Endpoint, ApiVersion, Body, Lists, ArtifactType, NewestFirst, Filtering];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var subject = run.Render(Actions.Argument(step, "subject"));
        var expected = Actions.Arguments(step, "expect").Select(name => Referrer.Of(run, name)).ToList();
        var artifactType = With.String(step, "artifactType") is { } type ? run.Render(type) : null;
        var query = new List<KeyValuePair<string, string>> { new("digest", subject) };
        if (artifactType is not null)
        {
            query.Add(new("artifactType", artifactType));
        }

        var pages = await ReadAsync(run, run.ResolveUrl($"/v2/{run.Repository}/_oras/artifacts/referrers", query), cancellationToken);
        if (pages is null)
        {
            return null;
        }

        var (listed, response) = pages.Value;
        var wanted = artifactType is null ? expected : [.. expected.Where(e => e.ArtifactType == artifactType)];
        foreach (var referrer in wanted)
        {
            var entry = listed.FirstOrDefault(l => l.Digest == referrer.Digest);
            if (run.Check(Lists, entry is not null, $"referrer '{referrer.Name}' ({referrer.Digest}) is listed for {subject}", "listed", $"absent from the {listed.Count} referrers listed", response))
            {
                run.Check(ArtifactType, entry!.ArtifactType == referrer.ArtifactType && entry.MediaType == referrer.MediaType, $"the entry of '{referrer.Name}' names its media type and artifactType",
                    $"{referrer.MediaType}, '{referrer.ArtifactType}'", $"{entry.MediaType ?? "no mediaType"}, {(entry.HasArtifactType ? $"'{entry.ArtifactType}'" : "no artifactType")}", response);
            }
        }

        var strangers = listed.Where(l => expected.All(e => e.Digest != l.Digest)).Select(l => l.Digest ?? "(no digest)").ToList();
        run.Check(Lists, strangers.Count == 0, $"every entry listed is an artifact of this repository whose subject is {subject}", "no other entry", $"also lists {string.Join(", ", strangers)}", response);
        var order = wanted.Select(w => listed.FindIndex(l => l.Digest == w.Digest)).Where(i => i >= 0).ToList();
        if (order.Count > 1)
        {
            run.Check(NewestFirst, order.SequenceEqual(order.Order()), "the referrers are listed newest first (io.cncf.oras.artifact.created)",
                string.Join(", ", wanted.Select(w => w.Name)), string.Join(", ", listed.Select(l => wanted.FirstOrDefault(w => w.Digest == l.Digest)?.Name ?? l.Digest)), response);
        }

        if (artifactType is not null)
        {
            var others = listed.Count(l => l.ArtifactType != artifactType);
            if (others > 0)
            {
                run.Note($"ORAS artifactType filter: not applied by the registry; the client filters the {listed.Count} entries itself");
            }

            run.Check(Filtering, others == 0, $"the registry applies the artifactType filter {artifactType}", "only entries of that artifactType", $"{others} entries of other types", response, "oras-referrers-filtering");
        }

        return response;
    }

    private static async Task<(List<Listed> Listed, RegistryResponse First)?> ReadAsync(CaseRun run, Uri url, CancellationToken cancellationToken)
    {
        var listed = new List<Listed>();
        RegistryResponse? first = null;
        for (var page = 1; page <= MaxPages; page++)
        {
            var response = await run.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Headers = [new("Accept", "application/json")] }, cancellationToken);
            if (first is null)
            {
                var offered = response.Status == 200;
                run.Note(offered ? "ORAS referrers extension: offered" : $"ORAS referrers extension: not supported (GET /v2/<name>/_oras/artifacts/referrers answers {With.Answer(response)})");
                if (!run.Check(Endpoint, offered, "GET /v2/<name>/_oras/artifacts/referrers?digest=<digest> answers 200", "200", ExpectationEvaluator.StatusLine(response), response,
                    run.Binds(Proposals.OrasArtifacts) ? null : Proposals.OrasArtifacts))
                {
                    return null;
                }

                run.Check(ApiVersion, response.Headers.Get("ORAS-Api-Version") == "oras/1.0", "the answer names its version: ORAS-Api-Version: oras/1.0", "oras/1.0", response.Headers.Get("ORAS-Api-Version") ?? "absent", response);
                first = response;
            }
            else if (!run.Check(Endpoint, response.Status == 200, $"page {page} of the ORAS referrers answers 200", "200", ExpectationEvaluator.StatusLine(response), response))
            {
                return null;
            }

            if (!ExpectationEvaluator.TryParse(response, out var document, out var problem))
            {
                run.Check(Body, false, "the ORAS referrers answer is a JSON object", "a JSON object", problem, response);
                return null;
            }

            using (document)
            {
                var validation = run.Environment.Schemas.Validate(Schema, document.RootElement);
                run.Check(Body, validation.IsValid, $"the ORAS referrers answer is valid against {Schema}", $"a body valid against {Schema}",
                    string.Join("; ", validation.Violations.Take(3).Select(v => $"{(v.InstancePath.Length == 0 ? "/" : v.InstancePath)}: {v.Message}")), response);
                listed.AddRange(Listed.All(document.RootElement, "referrers"));
            }

            if (response.Headers.Get("Link") is not { } link || LinkHeader.Next(link) is not { } next)
            {
                return (listed, first);
            }

            url = new Uri(response.Url, next);
        }

        run.Check(Lists, false, $"the ORAS referrers list ends within {MaxPages} pages", $"at most {MaxPages} pages", "more Link headers after that", first);
        return null;
    }
}
