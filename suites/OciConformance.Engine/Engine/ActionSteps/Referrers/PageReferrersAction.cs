using System.Globalization;
using System.Text.Json.Nodes;
using OciConformance.Content;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Pushes <c>with.count</c> copies of the referrer <c>with.manifest</c> (each with its own annotation, so its own
/// digest), then lists the referrers of <c>with.subject</c> through every <c>Link</c> page and checks that all of them
/// are reached. Whether the registry paginates at all is its choice: that is the gate <c>referrers-pagination</c>,
/// evaluated after the checks that hold either way.
/// </summary>
public sealed class PageReferrersAction : IScenarioAction
{
    public const string Feature = "referrers-pagination";
    public const string CopyAnnotation = "org.opencontainers.conformance.copy";

    public static readonly ActionCheck Pagination = new("pagination", "following the Link pages reaches every referrer, and a long list is split into pages");

    public string Name => "page-referrers";

    public IReadOnlyList<ActionCheck> Checks { get; } = [PushManifestAction.Put, ReferrersApi.Status, .. ReferrersApi.PageChecks, .. ReferrersApi.DescriptorChecks, Pagination];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var subject = run.Render(Actions.Argument(step, "subject"));
        var template = Actions.Argument(step, "manifest");
        var count = With.Number(step, "count", 30);
        var referrers = new List<Referrer>(count);
        for (var i = 0; i < count; i++)
        {
            var (referrer, bytes) = Copy(run, template, i);
            var put = await run.SendAsync(new RegistryRequest(HttpMethod.Put, run.ResolveUrl($"/v2/{run.Repository}/manifests/{referrer.Digest}", []))
            {
                Headers = [new("Content-Type", referrer.MediaType)],
                Body = RequestBody.FromBytes(bytes, $"copy {i} of manifest '{template}'"),
            }, cancellationToken);
            if (!run.Check(PushManifestAction.Put, put.Status == 201, $"copy {i} of referrer '{template}' is accepted with 201", "201", ExpectationEvaluator.StatusLine(put), put))
            {
                return put;
            }

            referrers.Add(referrer);
        }

        var listing = await ReferrersApi.ReadAsync(run, ReferrersApi.Url(run, run.Repository, subject, null), ReferrersApi.Status, ReferrersApi.DefaultSchema, cancellationToken);
        if (listing is null)
        {
            return null;
        }

        ReferrersApi.Verify(run, listing.Descriptors, referrers, subject, listing.Last, ReferrersApi.Descriptor,
            $"every descriptor listed is one of the {count} referrers of {subject}");
        var reached = referrers.Count(r => listing.Descriptors.Any(l => l.Digest == r.Digest));
        run.Check(Pagination, reached == count, $"the {count} referrers are all reached through the pages the Link headers lead to",
            $"{count} referrers", $"{reached} in {listing.Pages} page(s)", listing.Last);
        run.Note($"referrers list of {count}: {listing.Pages} page(s)");
        run.Check(Pagination, listing.Pages > 1, "the registry splits a long referrers list into pages linked by Link rel=\"next\"",
            "more than one page", $"all {listing.Descriptors.Count} descriptors in one response", listing.First, Feature);
        return listing.Last;
    }

    /// <summary>The template manifest with one more annotation; the bytes differ per copy, so the digests do.</summary>
    private static (Referrer Referrer, byte[] Bytes) Copy(CaseRun run, string template, int index)
    {
        var source = run.Manifest(template);
        var node = JsonNode.Parse(source.Bytes!.Value.Span)!.AsObject();
        if (node["annotations"] is not JsonObject annotations)
        {
            node["annotations"] = annotations = [];
        }

        annotations[CopyAnnotation] = index.ToString(CultureInfo.InvariantCulture);
        var bytes = ClientJson.Serialize(node);
        return (Referrer.Of($"{template}#{index}", MaterializedContent.FromBytes(bytes, source.MediaType, Content.Digest.Sha256)), bytes);
    }
}
