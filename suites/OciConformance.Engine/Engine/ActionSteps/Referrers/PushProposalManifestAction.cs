using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Pushes a manifest of a proposed format (<c>with.manifest</c> under <c>with.reference</c>). Accepting it is the
/// proposal's opt-in, so a refusal is the gate <c>with.feature</c>: the case reads "rejects &lt;with.label&gt;: 400
/// MANIFEST_INVALID" and is not supported, never failed. The check counts towards the step's <c>requirement</c>, the
/// proposal's own acceptance rule.
/// </summary>
public sealed class PushProposalManifestAction : IScenarioAction
{
    public string Name => "push-proposal-manifest";

    public IReadOnlyList<string> Requirements { get; } = [];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var requirement = step.Requirement ?? throw new Fixtures.FixtureException($"step '{step.Name}': action '{Name}' needs the step's requirement (the proposal's acceptance rule).");
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
        run.Check(requirement, accepted, $"{label} ({manifest.MediaType}) is accepted with 201", "201", ExpectationEvaluator.StatusLine(put), put, feature);
        return accepted ? put : null;
    }
}
