using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Discovers the referrers of <c>with.subject</c> the way a client does on a registry without the API: it reads the
/// index under the referrers tag and expects exactly the descriptors of <c>with.expect</c> (manifest names).
/// </summary>
public sealed class ReadReferrersTagAction : IScenarioAction
{
    public string Name => "read-referrers-tag";

    public static readonly ActionCheck Lists = new("served", "the referrers tag answers 200 with an image index listing exactly the expected referrers");

    public IReadOnlyList<ActionCheck> Checks { get; } = [Lists];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var subject = run.Render(Actions.Argument(step, "subject"));
        var expected = Actions.Arguments(step, "expect").Select(name => Referrer.Of(run, name)).ToList();
        var tag = ReferrersTag.For(subject);
        var response = await ReferrersTagIndex.GetAsync(run, tag, cancellationToken);
        if (!run.Check(Lists, response.Status == 200, $"referrers tag {tag} answers 200", "200", ExpectationEvaluator.StatusLine(response), response)
            || ReferrersTagIndex.Entries(run, response, tag) is not { } entries)
        {
            return response;
        }

        var listed = entries.Select(ReferrersTagIndex.DigestOf).ToList();
        var wanted = expected.Select(e => e.Digest).ToList();
        var holds = listed.Count == wanted.Count && listed.ToHashSet(StringComparer.Ordinal).SetEquals(wanted);
        if (run.Check(Lists, holds, $"referrers tag {tag} lists exactly the referrers pushed for {subject}: {string.Join(", ", expected.Select(e => e.Name))}",
            string.Join(", ", wanted), listed.Count == 0 ? "an empty list" : string.Join(", ", listed), response))
        {
            run.Note($"tag-schema fallback: works ({tag} lists {listed.Count} referrer(s))");
        }

        return response;
    }
}
