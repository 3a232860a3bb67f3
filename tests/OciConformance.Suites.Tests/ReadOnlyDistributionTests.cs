using System.Text.Json;
using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Results;
using OciConformance.Testing;

namespace OciConformance.Suites.Tests;

/// <summary>
/// The read-only profile against Debian's CNCF distribution 2.8 in read-only maintenance mode, holding a real
/// multi-platform image index that skopeo copied in (with 40 more tags) before the restart. Its outcomes must be
/// exactly those of fixtures/expectations/distribution-2.8-read-only.json, in both directions, and the suite must
/// send nothing but GET and HEAD.
/// </summary>
[NonParallelizable]
public sealed class ReadOnlyDistributionTests
{
    private const string Repository = "readonly/multi";
    private const int Budget = 64 * 1024;
    private static readonly string ExpectationsFile = Path.Combine(SuitePaths.Fixtures, "expectations", "distribution-2.8-read-only.json");

    private string _folder = "";
    private DistributionRegistry _registry = null!;
    private RunReport _report = null!;

    [OneTimeSetUp]
    public async Task PushThenRestartReadOnlyAndRun()
    {
        _folder = TestFolders.Temp("read-only-distribution");
        var storage = Path.Combine(_folder, "storage");
        var content = await ReadOnlyContent.WriteAsync(_folder, "v1", largeLayerBytes: 4 * Budget);
        await using (var writable = await DistributionRegistry.StartAsync(storage))
        {
            await content.CopyWithSkopeoAsync(writable.BaseAddress, Repository, "v1");
            await content.TagAsync(writable.BaseAddress, Repository, Enumerable.Range(1, 40).Select(i => $"release-{i:D2}"));
        }

        _registry = await DistributionRegistry.StartAsync(storage, readOnly: true);
        var options = SuiteRuns.Options(_registry.BaseAddress) with
        {
            Profiles = Profiles.All.ToDictionary(p => p, p => p == Profiles.ReadOnly, StringComparer.Ordinal),
            ReadOnly = new ReadOnlyOptions { References = [$"{Repository}:v1", $"{Repository}@{content.Manifests[1].Digest}"], ByteBudget = Budget },
        };
        _report = await ConformanceEngine.RunAsync(options, SuiteData.Shipped);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task The_registry_refuses_writes()
    {
        using var http = new HttpClient { BaseAddress = _registry.BaseAddress };

        using var response = await http.PostAsync(new Uri($"/v2/{Repository}/blobs/uploads/", UriKind.Relative), null);

        Assert.That((int)response.StatusCode, Is.GreaterThanOrEqualTo(400), "read-only maintenance mode should refuse an upload");
    }

    [Test]
    public void The_suite_sends_only_GET_and_HEAD() =>
        Assert.That(_report.Cases.SelectMany(c => c.Exchanges).Select(e => e.Method).Distinct(), Is.SubsetOf(new[] { "GET", "HEAD" }));

    [Test]
    public void Every_read_only_case_has_exactly_its_expected_outcome()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ExpectationsFile));
        var validation = SuiteData.Shipped.Schemas.Validate("expectations.v1", document.RootElement);
        Assert.That(validation.Violations, Is.Empty, "distribution-2.8-read-only.json must match schemas/expectations.v1.schema.json");
        var expected = document.RootElement.GetProperty("expectations").EnumerateArray().ToDictionary(
            e => e.GetProperty("scenario").GetString()!,
            e => (Outcome: e.GetProperty("outcome").GetString()!, Requirement: e.TryGetProperty("requirement", out var r) ? r.GetString() : null));

        var cases = _report.Cases.Where(c => c.Profile == Profiles.ReadOnly).ToList();
        var differences = new List<string>();
        foreach (var result in cases)
        {
            var want = expected.TryGetValue(result.Id, out var entry) ? entry : ("passed", null);
            if (result.Outcome.ToKey() != want.Outcome)
            {
                differences.Add($"{result.Id}: expected {want.Outcome}, got {result.Outcome.ToKey()} ({result.Message})");
            }
            else if (want.Requirement is { } requirement && result.FailedChecks.All(c => c.Requirement != requirement))
            {
                differences.Add($"{result.Id}: expected to break {requirement}, but broke {string.Join(", ", result.FailedChecks.Select(c => c.Requirement))}");
            }
        }

        differences.AddRange(expected.Keys.Except(cases.Select(c => c.Id)).Select(id => $"{id}: listed in the expectations but no such read-only case ran"));
        Assert.That(differences, Is.Empty);
    }
}
