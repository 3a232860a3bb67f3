using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>
/// The scale profile at the tests' small sizes (64 MiB blob in 8 MiB chunks, 300 tags, 60 referrers, 4 at once)
/// against reference registries that page tags and referrers on their own, and switched on by <c>--scale</c> alone.
/// The three faults that break it are proven by the fault matrix; distribution 2.8 by <see cref="DistributionTests"/>.
/// </summary>
public sealed class ScaleProfileTests
{
    private static IEnumerable<string> ScaleScenarios => SuiteData.Shipped.Scenarios.Where(s => s.Profile == Profiles.Scale).Select(s => s.Id);

    [Test]
    public async Task Every_scale_case_passes_against_a_registry_that_pages_on_its_own()
    {
        var report = await SuiteRuns.AgainstAsync(new RegistryOptions { ReferrersPageSize = 16, TagsPageSize = 50 }, options => options with
        {
            Profiles = Profiles.All.ToDictionary(p => p, p => p == Profiles.Scale, StringComparer.Ordinal),
        });
        var chunked = report.Cases.Single(c => c.Id == "scale-blob-chunked");
        var referrers = report.Cases.Single(c => c.Id == "scale-referrers");

        Assert.Multiple(() =>
        {
            Assert.That(report.Cases.Where(c => c.Profile == Profiles.Scale).Select(c => c.Id), Is.EquivalentTo(ScaleScenarios));
            Assert.That(report.Cases.Where(c => c.Profile == Profiles.Scale && c.Outcome != Outcome.Passed).Select(c => $"{c.Id}: {c.Outcome.ToText()} {c.Message}"), Is.Empty);
            Assert.That(report.Profiles.Single(p => p.Profile == Profiles.Scale).Verdict, Is.EqualTo(Outcome.Passed));
            Assert.That(chunked.Exchanges.Count(e => e.Method == "PATCH"), Is.EqualTo(ScaleOptions.Small.BlobSize / ScaleOptions.Small.ChunkSize), "one PATCH per scale.chunkSize");
            Assert.That(chunked.Exchanges.Where(e => e.Method == "GET").Select(e => e.ResponseLength), Is.EquivalentTo(new[] { ScaleOptions.Small.BlobSize, ScaleOptions.Small.BlobSize / 2 }), "pulled whole, then its second half");
            Assert.That(referrers.Message, Does.Contain("60 referrers listed in 4 pages"), "16 a page");
            Assert.That(referrers.Exchanges.Count(e => e.Method == "PUT"), Is.LessThan(10), "the bulk pushes stay out of the case's record");
        });
    }

    [Test]
    public void The_scale_switch_runs_the_scale_profile_alone_at_the_configured_sizes()
    {
        var options = ConfigurationLoader.Load(new ConfigurationSources
        {
            Flags = [new FlagValue("--scale", "true"), new FlagValue("--scale-blob-size", "8589934592"), new FlagValue("--scale-tags", "300")],
        });

        Assert.Multiple(() =>
        {
            Assert.That(options.Profiles.Where(p => p.Value).Select(p => p.Key), Is.EqualTo(new[] { Profiles.Scale }));
            Assert.That(options.Scale.BlobSize, Is.EqualTo(8L * 1024 * 1024 * 1024), "sizes past 2 GiB");
            Assert.That(options.Scale.Tags, Is.EqualTo(300));
            Assert.That(options.Scale.Referrers, Is.EqualTo(new ScaleOptions().Referrers));
        });
    }
}
