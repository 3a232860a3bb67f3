using OciConformance.Configuration;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>
/// The referrers-related profiles against a reference registry set up for the test (switches, page size), and the
/// report a user would get from it.
/// </summary>
public sealed record EmbeddedRun(RunReport Report)
{
    public static readonly string[] ReferrersProfiles = [Profiles.Referrers, Profiles.ReferrersFallback, Profiles.ArtifactManifest, Profiles.OrasArtifacts];

    public static async Task<EmbeddedRun> StartAsync(RegistryOptions registry, IReadOnlyList<string>? scenarioIds = null) =>
        new(await SuiteRuns.AgainstAsync(registry, options => options with
        {
            Profiles = Profiles.All.ToDictionary(p => p, ReferrersProfiles.Contains, StringComparer.Ordinal),
            Run = options.Run with
            {
                Scenarios = scenarioIds ?? [.. Engine.SuiteData.Shipped.Scenarios.Where(s => ReferrersProfiles.Contains(s.Profile)).Select(s => s.Id)],
            },
        }));

    public CaseResult Case(string id) => Report.Cases.Single(c => c.Id == id);

    public Outcome Verdict(string profile) => Report.Profiles.Single(p => p.Profile == profile).Verdict;

    public IEnumerable<CaseResult> CasesOf(string profile) => Report.Cases.Where(c => c.Profile == profile);

    /// <summary>Each case's outcome and message, for assertion messages.</summary>
    public string Describe() => string.Join(Environment.NewLine, Report.Cases.Select(c => $"{c.Id}: {c.Outcome.ToText()} {c.Message}"));
}
