using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Finds out whether the registry offers the referrers API: a 200 on <c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c>
/// in a repository that exists. A registry without it is reported "not supported" (gate), unless it announced the
/// API by answering a subject push with <c>OCI-Subject</c>: then a 404 is a broken promise, not a missing feature.
/// With <c>"gate": false</c> it only notes what it found, for the tag-schema fallback scenarios.
/// </summary>
public sealed class ProbeReferrersApiAction : IScenarioAction
{
    public const string Feature = "referrers-api";

    public string Name => "probe-referrers-api";

    public IReadOnlyList<string> Requirements { get; } = [ReferrersApi.List, ReferrersApi.No404];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var subject = run.Render(Actions.Argument(step, "subject"));
        var announced = run.Log.Snapshot().Any(e => e.Method == "PUT" && e.ResponseHeaders.Any(h => string.Equals(h.Name, "OCI-Subject", StringComparison.OrdinalIgnoreCase)));
        var response = await ReferrersApi.GetAsync(run, ReferrersApi.Url(run, run.Repository, subject, null), cancellationToken);
        var offered = response.Status == 200;
        run.Note(offered ? "referrers API: offered" : $"referrers API: not supported (GET /v2/<name>/referrers/<digest> answers {With.Answer(response)})");
        if (!With.Flag(step, "gate", true))
        {
            return null;
        }

        if (announced)
        {
            run.Check(ReferrersApi.No404, response.Status != 404, "a registry that answered a subject push with OCI-Subject offers the referrers API, so it does not answer 404 there", "any status but 404", ExpectationEvaluator.StatusLine(response), response);
        }

        run.Check(ReferrersApi.List, offered, "GET /v2/<name>/referrers/<digest> answers 200", "200", ExpectationEvaluator.StatusLine(response), response, announced ? null : Feature);
        return offered ? response : null;
    }
}
