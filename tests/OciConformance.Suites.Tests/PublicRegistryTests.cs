using System.Collections.Concurrent;
using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Reference;
using OciConformance.Results;
using OciConformance.Testing;

namespace OciConformance.Suites.Tests;

/// <summary>
/// The reference registry playing a public registry, as the nightly job meets Docker Hub: token authentication where
/// anyone gets a pull token without credentials, pushes only for its owner, and every 6th request throttled with
/// <c>Retry-After: 1</c>. Content is pushed by the owner beforehand; the suite comes with no credentials at all.
/// The registry is the fixture's own and its runs mostly wait, so it runs beside the other fixtures.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class PublicRegistryTests
{
    private const string Repository = "library/app";
    private static readonly RegistryUser Owner = new("owner", "owner-secret-1", ["pull", "push", "delete"]);
    private static readonly string[] ExtraTags = [.. Enumerable.Range(1, 12).Select(i => $"1.{i}")];

    private readonly ConcurrentQueue<string> _methods = new();
    private string _folder = "";
    private ReferenceRegistry _registry = null!;

    [OneTimeSetUp]
    public async Task PublishThenOpenToEveryone()
    {
        _folder = TestFolders.Temp("public-registry");
        var storage = Path.Combine(_folder, "storage");
        var content = await ReadOnlyContent.WriteAsync(_folder, "latest", 64 * 1024);
        await using (var owners = await ReferenceRegistry.StartAsync(new RegistryOptions { StoragePath = storage }))
        {
            await content.CopyWithSkopeoAsync(owners.BaseAddress, Repository, "latest");
            await content.TagAsync(owners.BaseAddress, Repository, ExtraTags);
        }

        _registry = await ReferenceRegistry.StartAsync(new RegistryOptions
        {
            StoragePath = storage,
            Auth = RegistryAuthMode.Token,
            Users = [Owner],
            AnonymousPull = true,
            RateLimitEvery = 6,
            RateLimitRetryAfterSeconds = 1,
            OnRequest = (method, _) => _methods.Enqueue(method),
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task The_read_only_profile_run_anonymously_gets_a_clean_verdict()
    {
        _methods.Clear();

        var report = await RunAsync(Profiles.ReadOnly, options => options with { ReadOnly = new ReadOnlyOptions { References = [$"{Repository}:latest"] } });

        var cases = report.Cases.Where(c => c.Profile == Profiles.ReadOnly).ToList();
        var exchanges = cases.SelectMany(c => c.Exchanges).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(cases, Has.Count.EqualTo(SuiteData.Shipped.Scenarios.Count(s => s.Profile == Profiles.ReadOnly)));
            Assert.That(cases.Where(c => c.Outcome is not (Outcome.Passed or Outcome.NotSupported)).Select(c => $"{c.Id}: {c.Outcome.ToText()} {c.Message}"), Is.Empty);
            Assert.That(report.Profiles.Single(v => v.Profile == Profiles.ReadOnly).Verdict, Is.EqualTo(Outcome.Passed));
            Assert.That(exchanges.Where(e => e.Status == 401), Is.Not.Empty, "the registry asked for a token");
            Assert.That(exchanges.Where(e => e.Url.Contains("/token", StringComparison.Ordinal)).SelectMany(e => e.RequestHeaders).Select(h => h.Name),
                Has.None.EqualTo("Authorization").IgnoreCase, "pull tokens were asked for without credentials");
            Assert.That(report.Throttling.Requests, Is.GreaterThan(0), "the registry throttled the run");
            Assert.That(cases.SelectMany(c => c.Checks).Where(c => c.BlockedBy is not null), Is.Empty);
            Assert.That(_methods.Distinct(), Is.SubsetOf(new[] { "GET", "HEAD" }), "the registry received a write");
        });
    }

    [Test]
    public async Task Pushes_refused_to_an_anonymous_client_block_their_cases_and_blame_the_registry_for_nothing()
    {
        var report = await RunAsync(Profiles.Push, options => options with { Run = options.Run with { Scenarios = ["blob-post-put", "manifest-put-by-tag"] } });

        var cases = report.Cases.Where(c => c.Profile == Profiles.Push).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(cases.Select(c => c.Id), Is.EquivalentTo(new[] { "blob-post-put", "manifest-put-by-tag" }));
            Assert.That(cases.Select(c => c.Outcome), Is.All.EqualTo(Outcome.Blocked));
            Assert.That(cases.Select(c => c.Message), Has.All.Match("blocked by (authentication|authorization)"));
            Assert.That(report.HasMandatoryFailure, Is.False);
            Assert.That(cases.SelectMany(c => c.Checks).Where(c => !c.Passed && c.BlockedBy is null), Is.Empty, "a refused push failed a requirement");
        });
    }

    private async Task<RunReport> RunAsync(string profile, Func<ConformanceOptions, ConformanceOptions> adjust)
    {
        var options = SuiteRuns.Options(_registry.BaseAddress);
        return await ConformanceEngine.RunAsync(adjust(options with { Profiles = Profiles.All.ToDictionary(p => p, p => p == profile, StringComparer.Ordinal) }), SuiteData.Shipped);
    }
}
