using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Referrers.Tests;

/// <summary>Each referrers fault of the reference registry is caught, as a failure, by the check meant for it.</summary>
[Parallelizable(ParallelScope.All)]
public class FaultTests
{
    [TestCase("referrers-404-when-empty", "referrers-empty", "dist.referrers.no-404")]
    [TestCase("referrers-wrong-content-type", "referrers-image-subject", "dist.referrers.content-type")]
    [TestCase("referrers-no-artifact-type", "referrers-image-subject", "dist.referrers.artifact-type")]
    [TestCase("referrers-no-artifact-type", "referrers-index-subject", "dist.referrers.artifact-type")]
    [TestCase("referrers-no-artifact-type", "referrers-artifact-type-filter", "dist.referrers.artifact-type")]
    [TestCase("referrers-no-annotations", "referrers-image-subject", "dist.referrers.annotations")]
    [TestCase("referrers-ignore-filter", "referrers-artifact-type-filter", "dist.referrers.filters-applied-header")]
    [TestCase("referrers-keeps-deleted", "referrers-delete", "dist.referrers.descriptors-match-subject")]
    [TestCase("referrers-invalid-digest-accepted", "referrers-invalid-digest", "dist.referrers.invalid-digest-400")]
    [TestCase("subject-no-oci-subject-header", "referrers-oci-subject-header", "dist.referrers.oci-subject-header")]
    [TestCase("manifest-get-reserialized", "referrers-fallback-push-update", "dist.referrers.fallback-tag-roundtrip")]
    public async Task The_fault_fails_the_case_on_its_requirement(string fault, string scenario, string requirement)
    {
        var run = await EmbeddedRun.StartAsync(Options(fault), [scenario]);
        var result = run.Case(scenario);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Failed), run.Describe());
            Assert.That(result.FailedChecks.Select(c => c.Requirement), Does.Contain(requirement), run.Describe());
        });
    }

    [Test]
    public async Task A_truncated_referrers_list_without_Link_fails_the_paging_case()
    {
        var options = Options("referrers-no-pagination-link") with { ReferrersPageSize = 7 };

        var run = await EmbeddedRun.StartAsync(options, ["referrers-pagination"]);
        var result = run.Case("referrers-pagination");

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Failed), run.Describe());
            Assert.That(result.FailedChecks.Select(c => c.Requirement), Does.Contain("dist.referrers.pagination-link"));
        });
    }

    private static RegistryOptions Options(string fault) => new()
    {
        ReferrersApi = true,
        ArtifactManifest = true,
        OrasArtifacts = true,
        Faults = new HashSet<string>(StringComparer.Ordinal) { fault },
    };
}
