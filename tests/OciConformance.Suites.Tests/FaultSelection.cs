using System.Security.Cryptography;
using System.Text;
using OciConformance.Engine;
using OciConformance.Scenarios;

namespace OciConformance.Suites.Tests;

/// <summary>
/// Which scenarios each fault's run covers. Every scenario faults.json relates to the fault runs, so every catch and
/// every listed side effect is checked. Of the rest, a fixed sample runs, to show the fault moves nothing unrelated:
/// each light scenario under <see cref="LightSample"/> faults' runs and each heavy one (large blobs, the scale profile) under
/// <see cref="HeavySample"/>, chosen by a stable hash so that the same faults sample the same scenarios every run and
/// the samples spread over all scenarios. <c>FAULT_MATRIX=full</c> runs every scenario under every fault instead.
/// </summary>
public sealed class FaultSelection
{
    public const string Variable = "FAULT_MATRIX";

    /// <summary>How many faults' runs check each light scenario for unrelated movement.</summary>
    public const int LightSample = 10;

    /// <summary>How many faults' runs check each heavy scenario; each such run streams tens of MiB both ways.</summary>
    public const int HeavySample = 2;

    /// <summary>A blob this large makes a scenario heavy.</summary>
    public const long HeavyBytes = 8L * 1024 * 1024;

    private readonly Dictionary<string, HashSet<string>> _samples;

    public FaultSelection(FaultCatalog catalog, IReadOnlyList<Scenario> scenarios, bool full)
    {
        Full = full;
        _samples = catalog.Faults.ToDictionary(f => f.Fault, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var scenario in scenarios)
        {
            var quota = IsHeavy(scenario) ? HeavySample : LightSample;
            var samplers = catalog.Faults.Where(f => !f.RelatedScenarios.Contains(scenario.Id, StringComparer.Ordinal))
                .OrderBy(f => Rank(f.Fault, scenario.Id))
                .Take(quota);
            foreach (var fault in samplers)
            {
                _samples[fault.Fault].Add(scenario.Id);
            }
        }

        All = [.. scenarios.Select(s => s.Id)];
    }

    public bool Full { get; }

    private IReadOnlyList<string> All { get; }

    public static FaultSelection FromEnvironment() =>
        new(FaultCatalog.Shipped, SuiteData.Shipped.Scenarios, Environment.GetEnvironmentVariable(Variable) == "full");

    /// <summary>The scenarios run under this fault: related ones and its sample, or all of them in a full matrix.</summary>
    public IReadOnlyList<string> ScenariosFor(FaultEntry entry) =>
        Full ? All : [.. entry.RelatedScenarios.Concat(_samples[entry.Fault]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The faults whose runs check this scenario for movement it has no reason to show.</summary>
    public IEnumerable<string> SamplersOf(string scenario) => _samples.Where(s => s.Value.Contains(scenario)).Select(s => s.Key);

    public static bool IsHeavy(Scenario scenario) => scenario.Profile == Configuration.Profiles.Scale || scenario.Blobs.Values.Any(b => b.Size >= HeavyBytes);

    private static ulong Rank(string fault, string scenario) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{fault}\n{scenario}")));
}
