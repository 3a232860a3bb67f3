using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Referrers.Tests;

/// <summary>
/// Runs the referrers-related profiles in-process against a reference registry set up for the test (switches,
/// page size, one injected fault) through the suite's own engine, and builds the report a user would get.
/// </summary>
public sealed record EmbeddedRun(RunReport Report)
{
    public static readonly string[] ReferrersProfiles = [Profiles.Referrers, Profiles.ReferrersFallback, Profiles.ArtifactManifest, Profiles.OrasArtifacts];

    public static async Task<EmbeddedRun> StartAsync(RegistryOptions registry, IReadOnlyCollection<string>? scenarioIds = null)
    {
        await using var target = await ReferenceRegistry.StartAsync(registry);
        var data = SuiteData.Shipped;
        var options = new ConformanceOptions
        {
            Target = new TargetOptions { Url = target.BaseAddress, Namespace = "conformance" },
            Profiles = Profiles.All.ToDictionary(p => p, ReferrersProfiles.Contains, StringComparer.Ordinal),
            Run = new RunOptions(),
            Embedded = new EmbeddedOptions(),
        };
        var environment = SuiteEnvironment.Create(options, data, target.BaseAddress, $"reference registry ({target.BaseAddress})");
        using var client = environment.Client;
        var runner = new ScenarioRunner(environment, Actions.All);
        var scenarios = data.Scenarios.Where(s => ReferrersProfiles.Contains(s.Profile) && (scenarioIds is null || scenarioIds.Contains(s.Id))).ToList();
        var started = DateTimeOffset.UtcNow;
        var results = await Task.WhenAll(scenarios.Select(s => runner.RunAsync(s, CancellationToken.None)));
        var header = new RunHeader
        {
            Tool = "oci-conformance",
            ToolVersion = "test",
            RunId = environment.RunId,
            Target = new TargetInfo(environment.TargetName, target.BaseAddress.ToString(), true),
            Specs = data.Requirements.Specs,
            Configuration = options.Redacted(),
            StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow,
        };
        return new EmbeddedRun(ReportBuilder.Build(header, results, data.Requirements, scenarios, options));
    }

    public CaseResult Case(string id) => Report.Cases.Single(c => c.Id == id);

    public Outcome Verdict(string profile) => Report.Profiles.Single(p => p.Profile == profile).Verdict;

    public IEnumerable<CaseResult> CasesOf(string profile) => Report.Cases.Where(c => c.Profile == profile);

    /// <summary>Each case's outcome and message, for assertion messages.</summary>
    public string Describe() => string.Join(Environment.NewLine, Report.Cases.Select(c => $"{c.Id}: {c.Outcome.ToText()} {c.Message}"));
}
