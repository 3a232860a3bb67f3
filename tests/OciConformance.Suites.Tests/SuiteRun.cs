using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>The outcome of the selected shipped scenarios against one in-process reference registry.</summary>
public sealed record SuiteRun(string Label, IReadOnlyDictionary<string, CaseResult> Cases)
{
    /// <summary>Starts a registry on a free port with these settings, runs the scenarios (as <see cref="AuthTarget"/>'s accounts on a token-auth registry), stops it.</summary>
    public static async Task<SuiteRun> StartAsync(string label, RegistryOptions registry, IReadOnlyList<string> scenarios, CancellationToken cancellationToken)
    {
        var report = await SuiteRuns.AgainstAsync(registry, options =>
        {
            var adjusted = options with
            {
                Target = options.Target with { Namespace = "faults" },

                // Many registries share two cores during the fault run; a slow answer is not what is under test.
                Run = options.Run with { RequestTimeout = TimeSpan.FromMinutes(2), Scenarios = scenarios },
            };
            return registry.Auth == RegistryAuthMode.Token ? AuthTarget.Accounts(adjusted) : adjusted;
        }, cancellationToken);
        return new SuiteRun(label, report.Cases.ToDictionary(r => r.Id, StringComparer.Ordinal));
    }

    public CaseResult Case(string id) => Cases[id];

    /// <summary>Every case's outcome and message, for assertion messages.</summary>
    public string Describe(IEnumerable<string>? ids = null) => string.Join(
        Environment.NewLine,
        (ids ?? Cases.Keys).Where(Cases.ContainsKey).Order(StringComparer.Ordinal).Select(id => $"  {id}: {Cases[id].Outcome.ToText()} {Cases[id].Message}"));
}
