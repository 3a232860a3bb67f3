using OciConformance.Configuration;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>What the report says with each of the reference registry's switches on and off.</summary>
[Parallelizable(ParallelScope.All)]
public class ReferrersSwitchTests
{
    private static readonly RegistryOptions Everything = new() { ReferrersApi = true, ArtifactManifest = true, OrasArtifacts = true };

    [Test]
    public async Task With_everything_on_every_case_passes_and_only_paging_is_not_offered()
    {
        var run = await EmbeddedRun.StartAsync(Everything);

        Assert.Multiple(() =>
        {
            foreach (var profile in EmbeddedRun.ReferrersProfiles)
            {
                Assert.That(run.Verdict(profile), Is.EqualTo(Outcome.Passed), $"{profile}:{Environment.NewLine}{run.Describe()}");
            }

            Assert.That(run.Report.Cases.Where(c => c.Id != "referrers-pagination").Select(c => c.Outcome), Has.All.EqualTo(Outcome.Passed), run.Describe());
            Assert.That(run.Case("referrers-pagination").Outcome, Is.EqualTo(Outcome.NotSupported));
            Assert.That(run.Case("referrers-pagination").Message, Does.Contain("'referrers-pagination' is not offered"));
            Assert.That(run.Case("referrers-image-subject").Message, Is.EqualTo("referrers API: offered"));
        });
    }

    [Test]
    public async Task A_registry_that_pages_its_referrers_passes_the_paging_case()
    {
        var run = await EmbeddedRun.StartAsync(Everything with { ReferrersPageSize = 7 }, ["referrers-pagination", "referrers-image-subject"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.Case("referrers-pagination").Outcome, Is.EqualTo(Outcome.Passed), run.Describe());
            Assert.That(run.Case("referrers-pagination").Message, Does.Contain("referrers list of 40: 6 page(s)"));
            Assert.That(run.Case("referrers-image-subject").Outcome, Is.EqualTo(Outcome.Passed), run.Describe());
        });
    }

    [Test]
    public async Task Without_the_referrers_API_the_API_is_not_supported_and_the_fallback_works()
    {
        var run = await EmbeddedRun.StartAsync(Everything with { ReferrersApi = false });

        Assert.Multiple(() =>
        {
            Assert.That(run.Verdict(Profiles.Referrers), Is.EqualTo(Outcome.NotSupported), run.Describe());
            Assert.That(run.Verdict(Profiles.ReferrersFallback), Is.EqualTo(Outcome.Passed), run.Describe());
            foreach (var referrers in run.CasesOf(Profiles.Referrers))
            {
                Assert.That(referrers.Outcome, Is.EqualTo(Outcome.NotSupported), referrers.Id);
                Assert.That(referrers.Message, Does.StartWith("referrers API: not supported"), referrers.Id);
            }

            foreach (var fallback in run.CasesOf(Profiles.ReferrersFallback))
            {
                Assert.That(fallback.Message, Does.Match("^referrers API: not supported .*; tag-schema fallback: works "), fallback.Id);
            }

            // Without the referrers API the drafts document no answer that tells the artifact manifest from opaque JSON.
            Assert.That(run.Verdict(Profiles.ArtifactManifest), Is.EqualTo(Outcome.NotSupported), run.Describe());
            foreach (var artifact in run.CasesOf(Profiles.ArtifactManifest))
            {
                Assert.That(artifact.Message, Does.EndWith("(got its push was accepted without OCI-Subject, and the referrers API answers 404 UNSUPPORTED)"), artifact.Id);
            }

            Assert.That(run.Verdict(Profiles.OrasArtifacts), Is.EqualTo(Outcome.Passed), run.Describe());
        });
    }

    [Test]
    public async Task Without_the_artifact_manifest_proposal_its_cases_say_the_push_was_rejected()
    {
        var run = await EmbeddedRun.StartAsync(Everything with { ArtifactManifest = false });

        Assert.Multiple(() =>
        {
            Assert.That(run.Verdict(Profiles.ArtifactManifest), Is.EqualTo(Outcome.NotSupported), run.Describe());
            foreach (var proposal in run.CasesOf(Profiles.ArtifactManifest))
            {
                Assert.That(proposal.Message, Does.StartWith("rejects the OCI artifact manifest: 400 MANIFEST_INVALID"), proposal.Id);
            }

            Assert.That(run.Verdict(Profiles.Referrers), Is.EqualTo(Outcome.Passed), run.Describe());
            Assert.That(run.Verdict(Profiles.OrasArtifacts), Is.EqualTo(Outcome.Passed), run.Describe());
        });
    }

    [Test]
    public async Task Without_the_ORAS_extension_its_cases_say_it_shows_no_signal_of_it()
    {
        var run = await EmbeddedRun.StartAsync(Everything with { OrasArtifacts = false });

        Assert.Multiple(() =>
        {
            Assert.That(run.Verdict(Profiles.OrasArtifacts), Is.EqualTo(Outcome.NotSupported), run.Describe());
            foreach (var proposal in run.CasesOf(Profiles.OrasArtifacts))
            {
                Assert.That(proposal.Message, Does.StartWith("feature beyond the spec 'oras-artifacts' is not offered"), proposal.Id);
                Assert.That(proposal.Message, Does.EndWith("(got the referrers endpoint answers 404 UNSUPPORTED, the extension discovery answers 404 UNSUPPORTED)"), proposal.Id);
            }

            Assert.That(run.Verdict(Profiles.ArtifactManifest), Is.EqualTo(Outcome.Passed), run.Describe());
        });
    }
}
