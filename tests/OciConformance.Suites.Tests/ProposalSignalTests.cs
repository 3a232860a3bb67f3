using OciConformance.Configuration;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>
/// A proposal's rules bind only a registry that offers the proposal: one that shows the proposal's own signal, or whose
/// operator declares it in <c>run.proposals</c>. A registry that stores the proposal's manifests as opaque JSON is
/// told "not supported", never "failed".
/// </summary>
[Parallelizable(ParallelScope.All)]
public class ProposalSignalTests
{
    private static readonly string[] ProposalProfiles = [Profiles.ArtifactManifest, Profiles.OrasArtifacts];

    /// <summary>Keeps any JSON manifest it does not understand, with neither proposal switched on.</summary>
    private static readonly RegistryOptions Opaque = new() { ReferrersApi = true, OpaqueManifests = true };

    [Test]
    public async Task A_registry_that_stores_proposal_manifests_opaquely_does_not_support_the_proposals()
    {
        var run = await RunAsync(Opaque);

        Assert.Multiple(() =>
        {
            foreach (var profile in ProposalProfiles)
            {
                Assert.That(run.Verdict(profile), Is.EqualTo(Outcome.NotSupported), $"{profile}:{Environment.NewLine}{run.Describe()}");
            }

            Assert.That(run.Report.Cases.SelectMany(c => c.Checks).Where(k => k.Counts), Is.Empty, run.Describe());
            foreach (var oras in run.CasesOf(Profiles.OrasArtifacts))
            {
                Assert.That(oras.Message, Does.StartWith("feature beyond the spec 'oras-artifacts' is not offered: the registry shows a signal of the ORAS artifacts extension"), oras.Id);
                Assert.That(oras.Message, Does.EndWith("(got the referrers endpoint answers 404 UNSUPPORTED, the extension discovery answers 404 UNSUPPORTED)"), oras.Id);
            }

            foreach (var artifact in run.CasesOf(Profiles.ArtifactManifest))
            {
                Assert.That(artifact.Message, Does.StartWith("feature beyond the spec 'oci-artifact-manifest' is not offered: the registry shows a signal of the OCI artifact manifest"), artifact.Id);
                Assert.That(artifact.Message, Does.EndWith("(got its push was accepted without OCI-Subject, and the referrers API answers 200 without it)"), artifact.Id);
            }
        });
    }

    [Test]
    public async Task Declared_proposals_bind_their_rules_on_a_registry_that_only_stores_their_manifests()
    {
        var run = await RunAsync(Opaque, Proposals.All);

        Assert.Multiple(() =>
        {
            foreach (var profile in ProposalProfiles)
            {
                Assert.That(run.Verdict(profile), Is.EqualTo(Outcome.Failed), $"{profile}:{Environment.NewLine}{run.Describe()}");
            }

            Assert.That(FailedRequirements(run, "oras-artifacts-push-discover-pull"), Is.EqualTo(new[] { "oras.referrers.list-endpoint" }), run.Describe());
            Assert.That(FailedRequirements(run, "oras-artifacts-subject-missing"), Is.EqualTo(new[] { "oras.push.subject-missing-400" }), run.Describe());
            Assert.That(FailedRequirements(run, "artifact-manifest-referrers"), Is.EqualTo(new[] { "artifact.referrers.listed" }), run.Describe());
            // Storing the bytes and serving them back is all this case asks, and an opaque store does that.
            Assert.That(run.Case("artifact-manifest-push-pull").Outcome, Is.EqualTo(Outcome.Passed), run.Describe());
            Assert.That(run.Case("artifact-manifest-push-pull").Message, Does.StartWith("the OCI artifact manifest: declared in run.proposals, so its rules bind"));
        });
    }

    [Test]
    public async Task A_registry_that_implements_both_proposals_signals_them_and_passes()
    {
        var run = await RunAsync(Opaque with { ArtifactManifest = true, OrasArtifacts = true });

        Assert.Multiple(() =>
        {
            foreach (var profile in ProposalProfiles)
            {
                Assert.That(run.Verdict(profile), Is.EqualTo(Outcome.Passed), $"{profile}:{Environment.NewLine}{run.Describe()}");
            }

            Assert.That(run.Case("oras-artifacts-subject-missing").Message, Does.Contain("the ORAS artifacts extension: signalled by its referrers endpoint"));
            Assert.That(run.Case("artifact-manifest-push-pull").Message, Does.Contain("the OCI artifact manifest: signalled by OCI-Subject on its push"));
        });
    }

    [Test]
    public async Task Without_OCI_Subject_the_referrers_listing_is_the_artifact_manifest_signal()
    {
        var run = await RunAsync(Opaque with { ArtifactManifest = true, Faults = new HashSet<string>(StringComparer.Ordinal) { "subject-no-oci-subject-header" } }, [], ["artifact-manifest-push-pull"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.Case("artifact-manifest-push-pull").Outcome, Is.EqualTo(Outcome.Passed), run.Describe());
            Assert.That(run.Case("artifact-manifest-push-pull").Message, Does.Contain("the OCI artifact manifest: signalled by the referrers API listing it"));
        });
    }

    [Test]
    public async Task A_registry_that_signals_the_ORAS_extension_but_refuses_its_manifest_fails()
    {
        var run = await RunAsync(Opaque with { OrasArtifacts = true, Faults = new HashSet<string>(StringComparer.Ordinal) { "oras-manifest-refused" } }, [], ["oras-artifacts-subject-missing"]);

        Assert.That(FailedRequirements(run, "oras-artifacts-subject-missing"), Is.EqualTo(new[] { "oras.push.manifest-accepted" }), run.Describe());
    }

    /// <summary>The proposal profiles alone (or the named scenarios) against a reference registry with these switches.</summary>
    private static async Task<EmbeddedRun> RunAsync(RegistryOptions registry, IReadOnlyList<string>? declared = null, IReadOnlyList<string>? scenarios = null) =>
        new(await SuiteRuns.AgainstAsync(registry, options => options with
        {
            Profiles = Profiles.All.ToDictionary(p => p, ProposalProfiles.Contains, StringComparer.Ordinal),
            Run = options.Run with
            {
                Proposals = declared ?? [],
                Scenarios = scenarios ?? [.. Engine.SuiteData.Shipped.Scenarios.Where(s => ProposalProfiles.Contains(s.Profile)).Select(s => s.Id)],
            },
        }));

    private static string[] FailedRequirements(EmbeddedRun run, string scenario) =>
        [.. run.Case(scenario).Checks.Where(k => k.Counts).Select(k => k.Requirement).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
