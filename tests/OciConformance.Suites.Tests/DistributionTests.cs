using System.Text.Json;
using OciConformance.Engine;
using OciConformance.Results;
using OciConformance.Testing;

namespace OciConformance.Suites.Tests;

/// <summary>
/// The whole suite against a real, independent registry. Its known deviations are data
/// (fixtures/expectations/distribution-2.8.json); any difference in either direction fails: a new failure, or an
/// expected failure that now passes. The run cleans up after itself, as a runner's run does: what it pushed must be
/// gone afterwards, and the cleanup moves no outcome.
/// </summary>
[NonParallelizable]
public sealed class DistributionTests
{
    private DistributionRegistry _registry = null!;
    private RunReport _report = null!;

    [OneTimeSetUp]
    public async Task RunSuite()
    {
        _registry = await DistributionRegistry.StartAsync();
        _report = await ConformanceEngine.RunAsync(SuiteRuns.Options(_registry.BaseAddress), SuiteData.Shipped);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _registry.DisposeAsync();

    private sealed record Expected(string Scenario, string Outcome, string? Requirement);

    private static List<Expected> Expectations()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SuitePaths.Fixtures, "expectations", "distribution-2.8.json")));
        var validation = SuiteData.Shipped.Schemas.Validate("expectations.v1", document.RootElement);
        Assert.That(validation.Violations, Is.Empty, "distribution-2.8.json must match schemas/expectations.v1.schema.json");
        return [.. document.RootElement.GetProperty("expectations").EnumerateArray().Select(e => new Expected(
            e.GetProperty("scenario").GetString()!,
            e.GetProperty("outcome").GetString()!,
            e.TryGetProperty("requirement", out var r) ? r.GetString() : null))];
    }

    [Test]
    public void Every_case_has_exactly_its_expected_outcome()
    {
        var expected = Expectations().ToDictionary(e => e.Scenario);
        var differences = new List<string>();
        foreach (var result in _report.Cases)
        {
            var want = expected.TryGetValue(result.Id, out var entry) ? entry.Outcome : "passed";
            if (result.Outcome.ToKey() != want)
            {
                differences.Add($"{result.Id}: expected {want}, got {result.Outcome.ToKey()} ({result.Message})");
            }
            else if (entry?.Requirement is { } requirement && result.FailedChecks.All(c => c.Requirement != requirement))
            {
                differences.Add($"{result.Id}: expected to break {requirement}, but broke {string.Join(", ", result.FailedChecks.Select(c => c.Requirement))}");
            }
        }

        differences.AddRange(expected.Keys.Except(_report.Cases.Select(c => c.Id)).Select(id => $"{id}: listed in the expectations but no such case ran"));
        differences.AddRange(SuiteData.Shipped.Scenarios.Select(s => s.Id).Except(_report.Cases.Select(c => c.Id)).Select(id => $"{id}: no result in the report (the case crashed instead of reporting)"));
        Assert.That(differences, Is.Empty);
    }

    [Test]
    public void The_report_says_a_mandatory_requirement_failed()
    {
        var mandatoryFailure = Expectations().Any(e => e.Outcome == "failed");
        Assert.That(_report.HasMandatoryFailure, Is.EqualTo(mandatoryFailure));
    }

    [Test]
    public async Task After_the_run_nothing_it_pushed_can_still_be_fetched()
    {
        var cleanup = _report.Cleanup!;

        var fetchable = await RegistryProbe.FetchableAsync(_registry.BaseAddress, cleanup.Items.Select(i => (i.Kind.ToString().ToLowerInvariant(), i.Repository, i.Reference)));

        Assert.Multiple(() =>
        {
            Assert.That(cleanup.Enabled, Is.True);
            Assert.That(cleanup.Created.Repositories, Is.GreaterThan(50), cleanup.Describe());
            Assert.That(cleanup.Created.Tags, Is.GreaterThan(50));
            Assert.That(cleanup.Created.Manifests, Is.GreaterThan(50));
            Assert.That(cleanup.Created.Bytes, Is.GreaterThan(90L * 1024 * 1024), "the large blobs are the bulk of what a run leaves");
            Assert.That(cleanup.Left.IsEmpty, Is.True, cleanup.Describe());
            Assert.That(fetchable, Is.Empty);
        });
    }
}
