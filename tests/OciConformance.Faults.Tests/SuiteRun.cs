using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Faults.Tests;

/// <summary>The outcome of every shipped scenario against one in-process reference registry.</summary>
public sealed record SuiteRun(string Label, IReadOnlyDictionary<string, CaseResult> Cases)
{
    /// <summary>Starts a registry on a free port with these settings, runs all scenarios concurrently, stops it.</summary>
    public static async Task<SuiteRun> StartAsync(string label, RegistryOptions registry, CancellationToken cancellationToken)
    {
        await using var target = await ReferenceRegistry.StartAsync(registry, cancellationToken);
        var data = SuiteData.Shipped;
        var options = new ConformanceOptions
        {
            Target = new TargetOptions { Url = target.BaseAddress, Namespace = "faults" },
            Profiles = Profiles.All.ToDictionary(p => p, _ => true, StringComparer.Ordinal),
            // Many registries share two cores during the fault run; a slow answer is not what is under test.
            Run = new RunOptions { RequestTimeout = TimeSpan.FromMinutes(2) },
            Embedded = new EmbeddedOptions(),
        };
        var environment = SuiteEnvironment.Create(options, data, target.BaseAddress, $"reference registry ({label})");
        using var client = environment.Client;
        var runner = new ScenarioRunner(environment, Actions.All);
        var results = await Task.WhenAll(data.Scenarios.Select(s => runner.RunAsync(s, cancellationToken)));
        return new SuiteRun(label, results.ToDictionary(r => r.Id, StringComparer.Ordinal));
    }

    public CaseResult Case(string id) => Cases[id];

    /// <summary>Every case's outcome and message, for assertion messages.</summary>
    public string Describe(IEnumerable<string>? ids = null) => string.Join(
        Environment.NewLine,
        (ids ?? Cases.Keys).Order(StringComparer.Ordinal).Select(id => $"  {id}: {Cases[id].Outcome.ToText()} {Cases[id].Message}"));
}
