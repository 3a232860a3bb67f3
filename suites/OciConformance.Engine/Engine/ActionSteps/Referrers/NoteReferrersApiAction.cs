using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Notes whether the registry offers the referrers API for <c>with.subject</c>, checking nothing: the tag-schema
/// fallback scenarios run on every registry, and their message says whether the API is there too.
/// </summary>
public sealed class NoteReferrersApiAction : IScenarioAction
{
    public string Name => "note-referrers-api";

    public IReadOnlyList<ActionCheck> Checks { get; } = [];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        await AskAsync(run, step, cancellationToken);
        return null;
    }

    /// <summary>Asks for the referrers of <c>with.subject</c> and notes whether the API answered.</summary>
    internal static async Task<RegistryResponse> AskAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var subject = run.Render(Actions.Argument(step, "subject"));
        var response = await ReferrersApi.GetAsync(run, ReferrersApi.Url(run, run.Repository, subject, null), cancellationToken);
        run.Note(response.Status == 200 ? "referrers API: offered" : $"referrers API: not supported (GET /v2/<name>/referrers/<digest> answers {With.Answer(response)})");
        return response;
    }
}
