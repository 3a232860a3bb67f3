using OciConformance.Configuration;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Finds out whether the registry implements the OCI artifact manifest proposal (image-spec v1.1.0-rc2,
/// distribution-spec v1.1.0-rc1/rc2) by the answers those drafts document for it: it pushes <c>with.manifest</c>, an
/// artifact manifest whose subject is <c>with.subject</c>, by digest, and looks for <c>OCI-Subject: &lt;subject&gt;</c>
/// on that push (a registry that processed the subject says so) or for the manifest in the subject's referrers list.
/// Being stored and served back is no signal: a registry that keeps any JSON does that too. No signal, and no
/// <c>run.proposals</c> entry, is the gate <c>oci-artifact-manifest</c>.
/// </summary>
public sealed class DetectArtifactManifestAction : IScenarioAction
{
    public static readonly ActionCheck Signal = new("signal", "the push of the artifact manifest is answered with OCI-Subject, or the referrers API lists it (else: not supported)");
    private const string Label = "the OCI artifact manifest";
    private const string Signals = "its push answers OCI-Subject with the subject digest, or GET /v2/<name>/referrers/<subject> lists it";

    public string Name => "detect-artifact-manifest";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Signal];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        if (ProposalSignal.Declared(run, Proposals.ArtifactManifest, Label))
        {
            return null;
        }

        var name = Actions.Argument(step, "manifest");
        var subject = run.Render(Actions.Argument(step, "subject"));
        var manifest = run.Manifest(name);
        var put = await run.SendAsync(new RegistryRequest(HttpMethod.Put, run.ResolveUrl($"/v2/{run.Repository}/manifests/{manifest.Digest}", []))
        {
            Headers = [new("Content-Type", manifest.MediaType)],
            Body = manifest.ToRequestBody($"manifest '{name}'"),
        }, cancellationToken);
        if (put.Status != 201)
        {
            run.Note($"rejects {Label}: {With.Answer(put)}");
            ProposalSignal.Unsignalled(run, Signal, Proposals.ArtifactManifest, Label, Signals, $"its push answered {With.Answer(put)}", put);
            return null;
        }

        if (put.Headers.Get("OCI-Subject") == subject)
        {
            ProposalSignal.Signalled(run, Signal, Proposals.ArtifactManifest, Label, Signals, "OCI-Subject on its push", put);
            return null;
        }

        var referrers = await ReferrersApi.GetAsync(run, ReferrersApi.Url(run, run.Repository, subject, null), cancellationToken);
        var listed = referrers.Status == 200 && ExpectationEvaluator.TryParse(referrers, out var document, out _) && Listing(document).Any(l => l.Digest == manifest.Digest.ToString());
        if (listed)
        {
            ProposalSignal.Signalled(run, Signal, Proposals.ArtifactManifest, Label, Signals, "the referrers API listing it", referrers);
            return null;
        }

        var missing = $"its push was accepted without OCI-Subject, and the referrers API answers {(referrers.Status == 200 ? "200 without it" : With.Answer(referrers))}";
        ProposalSignal.Unsignalled(run, Signal, Proposals.ArtifactManifest, Label, Signals, missing, put);
        return null;
    }

    private static IReadOnlyList<Listed> Listing(System.Text.Json.JsonDocument document)
    {
        using (document)
        {
            return Listed.All(document.RootElement, "manifests");
        }
    }
}
