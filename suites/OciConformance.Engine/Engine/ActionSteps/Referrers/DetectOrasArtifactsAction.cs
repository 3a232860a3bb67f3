using System.Text.Json;
using OciConformance.Configuration;
using OciConformance.Http;
using OciConformance.Results;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Finds out whether the registry implements the ORAS artifacts extension, by the extension's own signals: its
/// referrers endpoint answers <c>GET /v2/&lt;name&gt;/_oras/artifacts/referrers?digest=&lt;with.subject&gt;</c> with 200 and a
/// <c>referrers</c> list, or the OCI extension discovery <c>GET /v2/&lt;name&gt;/_oci/ext/discover</c> lists <c>_oras</c>.
/// Accepting an ORAS manifest is no signal: a registry that stores any JSON accepts it too. No signal, and no
/// <c>run.proposals</c> entry, is the gate <c>oras-artifacts</c>.
/// </summary>
public sealed class DetectOrasArtifactsAction : IScenarioAction
{
    public static readonly ActionCheck Signal = new("signal", "the ORAS referrers endpoint answers 200 with a referrers list, or the extension discovery lists _oras (else: not supported)");
    private const string Label = "the ORAS artifacts extension";
    private const string Signals = "its referrers endpoint answers 200 with a referrers list, or GET /v2/<name>/_oci/ext/discover lists the _oras extension";

    public string Name => "detect-oras-artifacts";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Signal];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        if (ProposalSignal.Declared(run, Proposals.OrasArtifacts, Label))
        {
            return null;
        }

        var subject = run.Render(Actions.Argument(step, "subject"));
        var endpoint = await GetJsonAsync(run, run.ResolveUrl($"/v2/{run.Repository}/_oras/artifacts/referrers", [new("digest", subject)]), cancellationToken);
        if (Holds(endpoint, root => root.TryGetProperty("referrers", out var list) && list.ValueKind == JsonValueKind.Array))
        {
            ProposalSignal.Signalled(run, Signal, Proposals.OrasArtifacts, Label, Signals, "its referrers endpoint", endpoint);
            return null;
        }

        var discovery = await GetJsonAsync(run, run.ResolveUrl($"/v2/{run.Repository}/_oci/ext/discover", []), cancellationToken);
        var listed = Holds(discovery, root => root.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Array
            && extensions.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == "_oras"));
        if (listed)
        {
            ProposalSignal.Signalled(run, Signal, Proposals.OrasArtifacts, Label, Signals, "its extension discovery", discovery);
            return null;
        }

        var missing = $"the referrers endpoint answers {Describe(endpoint, "no referrers list")}, the extension discovery answers {Describe(discovery, "lists no _oras extension")}";
        // A 401, 403 or 429 on either probe blocks the case rather than proving the extension absent.
        var blame = AccessBlock.ForStatus(discovery.Status) is not null ? discovery : endpoint;
        ProposalSignal.Unsignalled(run, Signal, Proposals.OrasArtifacts, Label, Signals, missing, blame);
        return null;
    }

    private static Task<RegistryResponse> GetJsonAsync(CaseRun run, Uri url, CancellationToken cancellationToken) =>
        run.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Headers = [new("Accept", "application/json")] }, cancellationToken);

    /// <summary>A 200 whose body is a JSON object the rule accepts.</summary>
    private static bool Holds(RegistryResponse response, Func<JsonElement, bool> rule)
    {
        if (response.Status != 200 || !ExpectationEvaluator.TryParse(response, out var document, out _))
        {
            return false;
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object && rule(document.RootElement);
        }
    }

    private static string Describe(RegistryResponse response, string when200) =>
        response.Status == 200 ? $"200 but {when200}" : With.Answer(response);
}
