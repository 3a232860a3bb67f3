namespace OciConformance.Suites.Tests;

/// <summary>
/// The suite proves itself: each fault of the reference registry, which breaks one rule, is caught by the scenario
/// meant for that rule, with the outcome the rule's level calls for, and moves no scenario that has nothing to do with it.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class FaultTests
{
    private static IEnumerable<string> FaultNames => FaultCatalog.Shipped.Faults.Select(f => f.Fault);

    [TestCaseSource(nameof(FaultNames))]
    public async Task The_fault_is_caught_and_nothing_else_moves(string fault)
    {
        var matrix = await FaultMatrix.GetAsync();
        var entry = FaultCatalog.Shipped.Entry(fault);
        var run = matrix.ByFault[fault];
        var verdict = FaultVerdict.Of(entry, run, matrix.Baseline(entry));

        Assert.Multiple(() =>
        {
            Assert.That(string.Join(Environment.NewLine, verdict.MissedCatches), Is.Empty, $"{fault} was not caught where faults.json says it must be:{Environment.NewLine}{run.Describe(entry.RelatedScenarios)}");
            Assert.That(string.Join(Environment.NewLine, verdict.UnrelatedChanges), Is.Empty, $"{fault} changed scenarios faults.json does not relate to it");
            Assert.That(string.Join(Environment.NewLine, verdict.StaleSideEffects), Is.Empty, $"{fault}: remove side effects that no longer happen from faults.json");
        });
    }

    [Test]
    public async Task The_clean_registry_fails_no_scenario()
    {
        var matrix = await FaultMatrix.GetAsync();

        Assert.Multiple(() =>
        {
            foreach (var baseline in matrix.Baselines.Values)
            {
                var broken = baseline.Cases.Values.Where(c => c.Outcome is Results.Outcome.Failed or Results.Outcome.Error or Results.Outcome.Blocked).Select(c => c.Id);
                Assert.That(broken, Is.Empty, $"{baseline.Label}:{Environment.NewLine}{baseline.Describe()}");
            }
        });
    }

    [Test]
    public async Task Every_scenario_is_watched_for_unrelated_movement_under_several_faults()
    {
        var matrix = await FaultMatrix.GetAsync();
        var thin = Engine.SuiteData.Shipped.Scenarios
            .Select(s => (s.Id, Quota: FaultSelection.IsHeavy(s) ? FaultSelection.HeavySample : FaultSelection.LightSample,
                Unrelated: FaultCatalog.Shipped.Faults.Where(f => !f.RelatedScenarios.Contains(s.Id)).Select(f => f.Fault).ToList()))
            .Select(s => (s.Id, s.Quota, s.Unrelated.Count, Watched: s.Unrelated.Count(f => matrix.ByFault[f].Cases.ContainsKey(s.Id))))
            .Where(s => s.Watched < Math.Min(s.Quota, s.Count))
            .Select(s => $"{s.Id}: run under {s.Watched} of the {s.Count} faults it has no reason to move with");

        Assert.That(thin, Is.Empty);
    }
}
