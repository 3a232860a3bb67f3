using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Pushes a manifest of a proposed format (<c>with.manifest</c> under <c>with.reference</c>); <c>with.feature</c> names the
/// proposal. Once the proposal binds (the registry showed its signal earlier in the case, or <c>run.proposals</c>
/// declares it) a refusal fails the proposal's acceptance rule, which the fixture maps the check to. Before that a
/// refusal is the gate <c>with.feature</c>: the case reads "rejects &lt;with.label&gt;: 400 MANIFEST_INVALID" and is not
/// supported, never failed.
/// </summary>
public sealed class PushProposalManifestAction : IScenarioAction
{
    public static readonly ActionCheck Accepted = new("accepted", "the manifest of the proposed format is accepted: 201");

    public string Name => "push-proposal-manifest";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Accepted];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var name = Actions.Argument(step, "manifest");
        var reference = run.Render(Actions.Argument(step, "reference"));
        var feature = Actions.Argument(step, "feature");
        var label = Actions.Argument(step, "label");
        var manifest = run.Manifest(name);
        var put = await run.SendAsync(new RegistryRequest(HttpMethod.Put, run.ResolveUrl($"/v2/{run.Repository}/manifests/{reference}", []))
        {
            Headers = [new("Content-Type", manifest.MediaType)],
            Body = manifest.ToRequestBody($"manifest '{name}'"),
        }, cancellationToken);
        var accepted = put.Status == 201;
        run.Note(accepted ? $"accepts {label}" : $"rejects {label}: {With.Answer(put)}");
        run.Check(Accepted, accepted, $"{label} ({manifest.MediaType}) is accepted with 201", "201", ExpectationEvaluator.StatusLine(put), put, run.Binds(feature) ? null : feature);
        return accepted ? put : null;
    }
}
