using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Lists the referrers of <c>with.subject</c> through every page and checks the list holds exactly the descriptors of
/// <c>with.expect</c> (manifest names), each with its artifactType and annotations. <c>with.repository</c> lists
/// another repository; <c>with.schema</c> overrides the body schema (the artifact manifest proposal predates it).
/// </summary>
public sealed class ListReferrersAction : IScenarioAction
{
    public string Name => "list-referrers";

    public IReadOnlyList<ActionCheck> Checks { get; } = [ReferrersApi.Status, .. ReferrersApi.PageChecks, .. ReferrersApi.DescriptorChecks];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var subject = run.Render(Actions.Argument(step, "subject"));
        var repository = With.String(step, "repository") is { } other ? run.Render(other) : run.Repository;
        var expected = Actions.Arguments(step, "expect").Select(name => Referrer.Of(run, name)).ToList();
        var url = ReferrersApi.Url(run, repository, subject, null);
        var listing = await ReferrersApi.ReadAsync(run, url, ReferrersApi.Status, With.String(step, "schema") ?? ReferrersApi.DefaultSchema, cancellationToken);
        if (listing is null)
        {
            return null;
        }

        ReferrersApi.Verify(run, listing.Descriptors, expected, subject, listing.Last, ReferrersApi.Descriptor,
            $"every descriptor listed is a manifest of {repository} whose subject is {subject}");
        return listing.Last;
    }
}
