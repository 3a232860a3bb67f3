using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps;

/// <summary>Pushes a scenario manifest under a reference (a tag, or its digest).</summary>
public sealed class PushManifestAction : IScenarioAction
{
    public static readonly ActionCheck Put = new("put", "each PUT of the manifest is accepted: 201");

    public string Name => "push-manifest";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Put];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var name = Actions.Argument(step, "manifest");
        var manifest = run.Manifest(name);
        RegistryResponse? last = null;
        foreach (var reference in Actions.Arguments(step, "references").Select(run.Render))
        {
            last = await run.SendAsync(new RegistryRequest(HttpMethod.Put, run.ResolveUrl($"/v2/{run.Repository}/manifests/{reference}", []))
            {
                Headers = [new("Content-Type", manifest.MediaType)],
                Body = manifest.ToRequestBody($"manifest '{name}'"),
            }, cancellationToken);
            if (!run.Check(Put, last.Status == 201, $"manifest '{name}' is accepted as {reference} with 201", "201", ExpectationEvaluator.StatusLine(last), last))
            {
                break;
            }
        }

        return last;
    }
}
