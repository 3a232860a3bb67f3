using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>
/// A registry is blamed only for what a sentence of the spec demands: a behaviour only the endpoint table points to
/// warns, names its basis, and never sets the exit code of a broken MUST; nor does a success answer earn error-body
/// verdicts on top of its status.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class InferredRequirementTests
{
    private static readonly string[] UnknownRepositoryCases = ["tags-unknown-repository", "error-name-unknown"];

    [Test]
    public async Task A_tags_list_of_an_unknown_repository_that_succeeds_is_one_warning_on_the_inferred_rule()
    {
        var report = await SuiteRuns.AgainstAsync(
            new RegistryOptions { Faults = new HashSet<string>(StringComparer.Ordinal) { "tags-unknown-repository-listed" } },
            options => options with { Run = options.Run with { Scenarios = UnknownRepositoryCases } });

        Assert.Multiple(() =>
        {
            foreach (var id in UnknownRepositoryCases)
            {
                var result = report.Cases.Single(c => c.Id == id);
                var failed = result.Checks.Where(c => c.Counts).ToList();
                Assert.That(result.Outcome, Is.EqualTo(Outcome.Warning), $"{id}: {result.Message}");
                Assert.That(result.Message, Does.StartWith("dist.discovery.tags-list-unknown-repository (MUST, no sentence demands it"));
                Assert.That(failed.Select(c => c.Requirement), Is.EqualTo(new[] { "dist.discovery.tags-list-unknown-repository" }), $"{id}: the 200 answer is judged once, on its status");
            }

            Assert.That(report.HasMandatoryFailure, Is.False);
        });
    }
}
