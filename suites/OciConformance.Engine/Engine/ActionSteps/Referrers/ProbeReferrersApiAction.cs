using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Finds out whether the registry offers the referrers API: a 200 on <c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c>
/// in a repository that exists. A registry without it is reported "not supported" (gate), unless it announced the
/// API by answering a subject push with <c>OCI-Subject</c>: then a 404 is a broken promise, not a missing feature.
/// </summary>
public sealed class ProbeReferrersApiAction : IScenarioAction
{
    public const string Feature = "referrers-api";

    public static readonly ActionCheck Status = new("status", "GET of the subject's referrers answers 200");
    public static readonly ActionCheck Announced = new("not-404", "a registry that answered a subject push with OCI-Subject does not answer that GET with 404");

    public string Name => "probe-referrers-api";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Status, Announced];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var announced = run.Log.Snapshot().Any(e => e.Method == "PUT" && e.ResponseHeaders.Any(h => string.Equals(h.Name, "OCI-Subject", StringComparison.OrdinalIgnoreCase)));
        var response = await NoteReferrersApiAction.AskAsync(run, step, cancellationToken);
        if (announced)
        {
            run.Check(Announced, response.Status != 404, "a registry that answered a subject push with OCI-Subject offers the referrers API, so it does not answer 404 there", "any status but 404", ExpectationEvaluator.StatusLine(response), response);
        }

        var offered = response.Status == 200;
        run.Check(Status, offered, "GET /v2/<name>/referrers/<digest> answers 200", "200", ExpectationEvaluator.StatusLine(response), response, announced ? null : Feature);
        return offered ? response : null;
    }
}
