using OciConformance.Artifacts;
using OciConformance.Engine.ActionSteps.Referrers;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Artifacts;

/// <summary>
/// Pushes the case's artifact as its layout holds it: every blob (streamed from disk), then each manifest it needs
/// (an index's children, the subject and what the subject needs) by digest, then the artifact's manifest under each of
/// <c>with.references</c>. It stops at the first refusal. Answer: the last manifest PUT. The push rules bind the OCI
/// image manifest and index; refusing a manifest of another media type (an artifact author's own format) makes the case
/// not supported, gated by <see cref="Feature"/>, never failed.
/// </summary>
public sealed class PushArtifactAction : IScenarioAction
{
    public static readonly ActionCheck ManifestPut = new("manifest-put", "each PUT of a manifest of the artifact is accepted: 201");

    public const string Feature = "other-manifest-media-types";

    public string Name => "push-artifact";

    public IReadOnlyList<ActionCheck> Checks { get; } = [PushBlobAction.Post, PushBlobAction.Put, ManifestPut];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var artifact = run.Scenario.Artifact ?? throw new Fixtures.FixtureException($"step '{step.Name}': action '{Name}' runs only in a scenario expanded for an artifact.");
        RegistryResponse? last = null;
        foreach (var blob in ArtifactScenarios.BlobNames(artifact))
        {
            last = await PushBlobAction.PushAsync(run, run.Repository, blob, cancellationToken);
            if (last is null || last.Status != 201)
            {
                return last;
            }
        }

        foreach (var name in ArtifactScenarios.PrerequisiteNames(artifact))
        {
            last = await PutAsync(run, name, run.Manifest(name).Digest.ToString(), cancellationToken);
            if (last.Status != 201)
            {
                return last;
            }
        }

        foreach (var reference in Actions.Arguments(step, "references").Select(run.Render))
        {
            last = await PutAsync(run, "artifact", reference, cancellationToken);
            if (last.Status != 201)
            {
                break;
            }
        }

        return last;
    }

    private static async Task<RegistryResponse> PutAsync(CaseRun run, string name, string reference, CancellationToken cancellationToken)
    {
        var manifest = run.Manifest(name);
        var response = await run.SendAsync(new RegistryRequest(HttpMethod.Put, run.ResolveUrl($"/v2/{run.Repository}/manifests/{reference}", []))
        {
            Headers = [new("Content-Type", manifest.MediaType)],
            Body = manifest.ToRequestBody($"manifest '{name}'"),
        }, cancellationToken);
        var gate = manifest.MediaType is Referrer.ImageManifest or Referrer.ImageIndex ? null : Feature;
        run.Check(ManifestPut, response.Status == 201, $"{manifest.MediaType} '{name}' ({manifest.Size} bytes) is accepted as {reference} with 201", "201", ExpectationEvaluator.StatusLine(response), response, gate);
        return response;
    }
}
