using System.Collections.Concurrent;
using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Engine.ActionSteps.ReadOnly;
using OciConformance.Http;
using OciConformance.Reference;
using OciConformance.Results;
using OciConformance.Testing;

namespace OciConformance.Suites.Tests;

/// <summary>
/// The read-only profile against content pushed beforehand (skopeo copies a two-platform index; 40 more tags and an
/// SBOM referrer follow) into a reference registry with persistent storage, then restarted read-only. The registry
/// reports every request it receives, so the tests see that only GET and HEAD arrive.
/// </summary>
[NonParallelizable]
public sealed class ReadOnlyReferenceTests
{
    private const string Repository = "readonly/app";
    private const int LargeLayerBytes = 256 * 1024;
    private const int Budget = 64 * 1024;
    private static readonly string[] ExtraTags = [.. Enumerable.Range(1, 40).Select(i => $"release-{i:D2}")];

    private readonly ConcurrentQueue<string> _methods = new();
    private string _folder = "";
    private string _storage = "";
    private ReadOnlyContent _content = null!;
    private LayoutItem _referrer = null!;
    private ReferenceRegistry _registry = null!;

    [OneTimeSetUp]
    public async Task PushThenRestartReadOnly()
    {
        _folder = TestFolders.Temp("read-only-reference");
        _storage = Path.Combine(_folder, "storage");
        _content = await ReadOnlyContent.WriteAsync(_folder, "v1", LargeLayerBytes);
        await using (var writable = await ReferenceRegistry.StartAsync(new RegistryOptions { StoragePath = _storage }))
        {
            await _content.CopyWithSkopeoAsync(writable.BaseAddress, Repository, "v1");
            await _content.TagAsync(writable.BaseAddress, Repository, ExtraTags);
            _referrer = await ReadOnlyContent.PushReferrerAsync(writable.BaseAddress, Repository, _content.Index.Digest, _content.Index.Bytes.Length);
        }

        _registry = await ReferenceRegistry.StartAsync(new RegistryOptions { StoragePath = _storage, ReadOnly = true, OnRequest = (method, _) => _methods.Enqueue(method) });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task The_profile_passes_on_content_pushed_before_and_only_GET_and_HEAD_reach_the_registry()
    {
        _methods.Clear();

        var report = await RunAsync(new ReadOnlyOptions { References = [$"{Repository}:v1"], ByteBudget = Budget });

        var cases = report.Cases.Where(c => c.Profile == Profiles.ReadOnly).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(cases.Select(c => c.Id), Is.EquivalentTo(SuiteData.Shipped.Scenarios.Where(s => s.Profile == Profiles.ReadOnly).Select(s => s.Id)));
            Assert.That(cases.Where(c => c.Outcome != Outcome.Passed).Select(c => $"{c.Id}: {c.Outcome.ToText()} {c.Message}"), Is.Empty);
            Assert.That(_methods, Is.Not.Empty);
            Assert.That(_methods.Distinct(), Is.SubsetOf(new[] { "GET", "HEAD" }), "the registry received a write");
            Assert.That(cases.SelectMany(c => c.Exchanges).Select(e => e.Method).Distinct(), Is.SubsetOf(new[] { "GET", "HEAD" }));
            Assert.That(Case(report, "read-only-manifests").Exchanges.Select(e => e.Url), Has.Some.Contains(_referrer.Digest), "discovery found the referrer, and its manifest was read");
            Assert.That(Case(report, "read-only-referrers").Message, Does.Contain("referrers API: 1 referrer listed for 4 manifests"));
            Assert.That(Case(report, "read-only-blobs").Checks.Count(c => c.Passed), Is.GreaterThan(20));
        });
    }

    [Test]
    public async Task A_layer_larger_than_the_byte_budget_is_checked_by_HEAD_and_Range_samples_only()
    {
        var sampled = Case(await RunAsync(new ReadOnlyOptions { References = [$"{Repository}:v1"], ByteBudget = Budget }), "read-only-blobs");
        var whole = Case(await RunAsync(new ReadOnlyOptions { References = [$"{Repository}:v1"], ByteBudget = Budget, WholeDownloads = true }), "read-only-blobs");

        var large = LargeLayerExchanges(sampled);
        var gets = large.Where(e => e.Method == "GET").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sampled.Outcome, Is.EqualTo(Outcome.Passed), sampled.Message);
            Assert.That(sampled.Message, Does.Contain("1 blob larger than readOnly.byteBudget (65536 bytes) checked by HEAD and Range samples").And.Contain("not verified"));
            Assert.That(large.Where(e => e.Method == "HEAD"), Is.Not.Empty);
            Assert.That(gets.Select(Range), Is.EqualTo(new[] { "bytes=0-1023", $"bytes={LargeLayerSize - 1024}-{LargeLayerSize - 1}" }), "each GET of the large layer asks for a Range");
            Assert.That(gets.Select(e => e.ResponseLength), Has.All.EqualTo(SampleLargeBlobsAction.SampleBytes));
            Assert.That(whole.Outcome, Is.EqualTo(Outcome.Passed), whole.Message);
            Assert.That(LargeLayerExchanges(whole).Where(e => e.Method == "GET" && Range(e) is null).Select(e => e.ResponseLength), Is.EqualTo(new[] { LargeLayerSize }));
        });
    }

    [Test]
    public async Task A_tags_list_of_41_tags_is_read_in_pages_asked_for_with_n()
    {
        var paged = Case(await RunAsync(new ReadOnlyOptions { References = [$"{Repository}:v1"] }), "read-only-tags-pages");

        Assert.Multiple(() =>
        {
            Assert.That(paged.Outcome, Is.EqualTo(Outcome.Passed), paged.Message);
            Assert.That(paged.Message, Does.Contain($"{Repository}: 41 tags read 14 at a time"));
            Assert.That(paged.Exchanges.Count(e => e.Url.Contains("/tags/list?n=14", StringComparison.Ordinal)), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task The_distribution_spec_suites_variables_name_the_same_content()
    {
        var environment = new Dictionary<string, string?>
        {
            ["OCI_ROOT_URL"] = _registry.BaseAddress.ToString(),
            ["OCI_NAMESPACE"] = Repository,
            ["OCI_TAG_NAME"] = "v1",
            ["OCI_MANIFEST_DIGEST"] = _content.Manifests[0].Digest,
            ["OCI_BLOB_DIGEST"] = _content.Blobs[0].Digest,
            ["OCI_TAG_LIST"] = "release-01,release-02",
        };
        var options = ConfigurationLoader.Load(new ConfigurationSources { Environment = environment, Flags = [new("--read-only", "true")], WorkingDirectory = _folder, BaseDirectory = _folder });

        var report = await ConformanceEngine.RunAsync(options, SuiteData.Shipped);

        var manifests = Case(report, "read-only-manifests");
        Assert.Multiple(() =>
        {
            Assert.That(report.Cases.Where(c => c.Profile == Profiles.ReadOnly && c.Outcome != Outcome.Passed).Select(c => $"{c.Id}: {c.Message}"), Is.Empty);
            Assert.That(manifests.Exchanges.Select(e => e.Url), Has.Some.EndsWith($"/v2/{Repository}/manifests/release-02"));
            Assert.That(Case(report, "read-only-blobs").Exchanges.Select(e => e.Url), Has.Some.EndsWith($"/blobs/{_content.Blobs[0].Digest}"));
        });
    }

    /// <summary>
    /// The read-only checks can fail: each fault, over the same content, is caught by the scenario for its rule (a fault
    /// that breaks both HEAD and GET of unknown content is caught at the HEAD, the first step).
    /// </summary>
    [TestCase("manifest-get-no-digest-header", "read-only-manifests", "failed", "dist.pull.digest-header")]
    [TestCase("manifest-head-no-digest-header", "read-only-manifests", "failed", "dist.pull.head-digest-header")]
    [TestCase("manifest-get-wrong-content-type", "read-only-manifests", "warning", "dist.pull.manifest-content-type")]
    [TestCase("manifest-content-type-parameters", "read-only-manifests", "warning", "dist.pull.manifest-content-type-no-params")]
    [TestCase("blob-get-corrupt-body", "read-only-blobs", "failed", "dist.general.content-addressable")]
    [TestCase("blob-get-wrong-digest-header", "read-only-blobs", "failed", "dist.pull.blob-digest-header-matches")]
    [TestCase("blob-get-no-digest-header", "read-only-blobs", "failed", "dist.pull.digest-header")]
    [TestCase("blob-head-wrong-length", "read-only-blobs", "failed", "dist.pull.head-content-length")]
    [TestCase("range-ignored", "read-only-blob-range", "warning", null)]
    [TestCase("tags-unsorted", "read-only-tags-list", "failed", "dist.discovery.tags-lexical-order")]
    [TestCase("tags-ignore-n", "read-only-tags-pages", "failed", "dist.discovery.tags-page-size")]
    [TestCase("tags-page-reversed", "read-only-tags-pages", "failed", "dist.discovery.tags-paginated-order")]
    [TestCase("referrers-wrong-content-type", "read-only-referrers", "failed", "dist.referrers.content-type")]
    [TestCase("manifest-unknown-wrong-status", "read-only-manifest-unknown", "failed", "dist.pull.head-unknown")]
    [TestCase("blob-unknown-wrong-status", "read-only-blob-unknown", "failed", "dist.pull.head-unknown")]
    [TestCase("repository-unknown-wrong-status", "read-only-repository-unknown", "failed", "dist.pull.repository-unknown")]
    public async Task A_fault_is_caught_by_the_read_only_scenario_for_its_rule(string fault, string scenario, string outcome, string? requirement)
    {
        var caught = await UnderFaultAsync(fault, scenario);

        Assert.Multiple(() =>
        {
            Assert.That(caught.Outcome.ToKey(), Is.EqualTo(outcome), caught.Message);
            Assert.That(caught.FailedChecks.Select(c => c.Requirement), requirement is null ? Is.Not.Empty : Does.Contain(requirement));
        });
    }

    [Test]
    public async Task A_registry_that_ignores_Range_gets_no_Range_request_on_a_large_blob()
    {
        var blobs = await UnderFaultAsync("range-ignored", "read-only-blobs");

        Assert.Multiple(() =>
        {
            Assert.That(blobs.Outcome, Is.EqualTo(Outcome.Passed), blobs.Message);
            Assert.That(blobs.Message, Does.Contain("checked by HEAD only, digest not verified: a Range request on"));
            Assert.That(LargeLayerExchanges(blobs).Select(e => e.Method), Is.All.EqualTo("HEAD"));
        });
    }

    /// <summary>The case of <paramref name="scenario"/> against the same content, served read-only with <paramref name="fault"/>.</summary>
    private async Task<CaseResult> UnderFaultAsync(string fault, string scenario)
    {
        await using var faulty = await ReferenceRegistry.StartAsync(new RegistryOptions { StoragePath = _storage, ReadOnly = true, Faults = new HashSet<string>(StringComparer.Ordinal) { fault } });
        return Case(await RunAsync(new ReadOnlyOptions { References = [$"{Repository}:v1"], ByteBudget = Budget }, faulty.BaseAddress), scenario);
    }

    private long LargeLayerSize => _content.LargeLayer.Bytes.Length;

    private static CaseResult Case(RunReport report, string id) => report.Cases.Single(c => c.Id == id);

    private List<HttpExchange> LargeLayerExchanges(CaseResult result) =>
        [.. result.Exchanges.Where(e => e.Url.EndsWith($"/blobs/{_content.LargeLayer.Digest}", StringComparison.Ordinal))];

    private static string? Range(HttpExchange exchange) =>
        exchange.RequestHeaders.FirstOrDefault(h => h.Name.Equals("Range", StringComparison.OrdinalIgnoreCase))?.Value;

    private Task<RunReport> RunAsync(ReadOnlyOptions readOnly, Uri? registry = null)
    {
        var options = SuiteRuns.Options(registry ?? _registry.BaseAddress);
        return ConformanceEngine.RunAsync(options with { Profiles = Profiles.All.ToDictionary(p => p, p => p == Profiles.ReadOnly, StringComparer.Ordinal), ReadOnly = readOnly }, SuiteData.Shipped);
    }
}
