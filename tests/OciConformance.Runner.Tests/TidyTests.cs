using OciConformance.Reference;
using OciConformance.Reports;
using OciConformance.Results;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>
/// <c>tidy</c> removes what runs with <c>--cleanup false</c> left behind, found through the catalog or by run id;
/// <c>--dry-run</c> removes nothing; a registry that refuses deletes makes it exit 1 with the registry's answer.
/// </summary>
public sealed class TidyTests
{
    /// <summary>Tags, a referrer with its subject, a mount with its source repository, a chunked upload, a manifest without blobs, a nested repository.</summary>
    private static readonly string[] Pushing = ["manifest-put-by-tag", "referrers-image-subject", "blob-mount-from", "blob-chunked", "manifest-no-blobs", "name-grammar"];

    private sealed record KeptRun(string RunId, IReadOnlyList<CleanupItem> Items, string Output)
    {
        public IEnumerable<(string, string, string)> Probes => Items.Select(i => (i.Kind.ToString().ToLowerInvariant(), i.Repository, i.Reference));
    }

    /// <summary>The runner against <paramref name="target"/> with cleanup off: what it left, as its results.json lists it.</summary>
    private static async Task<KeptRun> RunKeepingAsync(Uri target, params string[] scenarios)
    {
        var output = TestFolders.Temp("tidy-run");
        var run = await RunnerInProcess.RunAsync("--target", target.ToString(), "--cleanup", "false", "--scenarios", string.Join(',', scenarios), "--output", output);
        Assert.That(run.Code, Is.Zero, run.Output + run.Errors);
        var report = await ResultsJson.ReadAsync(Path.Combine(output, ResultsJson.FileName), CancellationToken.None);
        Assert.That(report.Cleanup!.Items, Is.Not.Empty);
        return new KeptRun(report.Header.RunId, report.Cleanup.Items, run.Output);
    }

    [Test]
    public async Task Tidy_removes_what_runs_with_cleanup_off_left_a_dry_run_removes_nothing_and_run_ids_narrow_it()
    {
        await using var registry = await ReferenceRegistry.StartAsync(new RegistryOptions());
        var target = registry.BaseAddress.ToString();
        var first = await RunKeepingAsync(registry.BaseAddress, Pushing);
        var second = await RunKeepingAsync(registry.BaseAddress, "blob-chunked");

        var dry = await RunnerInProcess.RunAsync("tidy", "--target", target, "--dry-run");
        var keptAfterDryRun = await RegistryProbe.FetchableAsync(registry.BaseAddress, first.Probes.Concat(second.Probes));
        var onlyFirst = await RunnerInProcess.RunAsync("tidy", "--target", target, "--run-id", first.RunId);
        var firstAfter = await RegistryProbe.FetchableAsync(registry.BaseAddress, first.Probes);
        var secondAfter = await RegistryProbe.FetchableAsync(registry.BaseAddress, second.Probes);
        var rest = await RunnerInProcess.RunAsync("tidy", "--target", target);
        var secondAfterRest = await RegistryProbe.FetchableAsync(registry.BaseAddress, second.Probes);
        var again = await RunnerInProcess.RunAsync("tidy", "--target", target, "--dry-run");

        Assert.Multiple(() =>
        {
            Assert.That(first.Output, Does.Contain("\nCleanup: off (run.cleanup is off); left ").And.Contain($"  remove it later with: oci-conformance tidy --target {target} --run-id {first.RunId}"));
            Assert.That(dry.Code, Is.Zero, dry.Output + dry.Errors);
            Assert.That(dry.Output, Does.StartWith($"tidy {target} · namespace conformance · listed by /v2/_catalog: "));
            Assert.That(dry.Output, Does.Contain($"2 runs ({string.Join(", ", new[] { first.RunId, second.RunId }.Order(StringComparer.Ordinal))})"));
            foreach (var item in first.Items.Where(i => i.Kind != ContentKind.Tag))
            {
                Assert.That(dry.Output, Does.Contain($"{item.Kind.ToString().ToLowerInvariant(),-8} {item.Reference}"), "the dry run lists every item");
            }

            Assert.That(dry.Output, Does.Contain("conformance/name-grammar-").And.Contain("/x.y_z__w---v/n9:"), "a repository below the case's own belongs to the run");
            Assert.That(dry.Output, Does.EndWith("nothing was deleted" + Environment.NewLine));
            Assert.That(keptAfterDryRun, Has.Count.EqualTo(first.Items.Count + second.Items.Count), "a dry run deletes nothing");

            Assert.That(onlyFirst.Code, Is.Zero, onlyFirst.Output + onlyFirst.Errors);
            Assert.That(onlyFirst.Output, Does.Contain($"of 1 run ({first.RunId})").And.EndWith("; nothing left" + Environment.NewLine));
            Assert.That(firstAfter, Is.Empty, "tidy removed everything the first run left");
            Assert.That(secondAfter, Has.Count.EqualTo(second.Items.Count), "--run-id spared the other run");

            Assert.That(rest.Code, Is.Zero, rest.Output + rest.Errors);
            Assert.That(secondAfterRest, Is.Empty);
            Assert.That(again.Output, Does.Contain(": 0 repositories of no runs").And.Contain("dry run: would delete nothing"));
        });
    }

    [Test]
    public async Task Where_the_registry_offers_no_catalog_tidy_says_so_and_finds_the_runs_repositories_by_run_id()
    {
        await using var registry = await ReferenceRegistry.StartAsync(new RegistryOptions());
        await using var proxy = await CatalogHidingProxy.StartAsync(registry.BaseAddress);
        var kept = await RunKeepingAsync(registry.BaseAddress, "manifest-put-by-tag", "referrers-image-subject", "blob-mount-from", "blob-chunked");

        var refused = await RunnerInProcess.RunAsync("tidy", "--target", proxy.BaseAddress.ToString());
        var tidy = await RunnerInProcess.RunAsync("tidy", "--target", proxy.BaseAddress.ToString(), "--run-id", kept.RunId);
        var fetchable = await RegistryProbe.FetchableAsync(registry.BaseAddress, kept.Probes);

        Assert.Multiple(() =>
        {
            Assert.That(refused.Code, Is.EqualTo(RunnerApp.ExitUsage));
            Assert.That(refused.Errors, Does.Contain("tidy: the registry does not offer /v2/_catalog (GET /v2/_catalog answered 404)").And.Contain("--run-id ID"));
            Assert.That(tidy.Code, Is.Zero, tidy.Output + tidy.Errors);
            Assert.That(tidy.Output, Does.Contain($"looked for the repositories of run {kept.RunId} by name"));
            Assert.That(fetchable, Is.Empty);
        });
    }

    [Test]
    public async Task A_registry_that_refuses_deletes_makes_tidy_exit_1_with_its_answer_and_the_run_report_what_is_left()
    {
        await using var registry = await ReferenceRegistry.StartAsync(new RegistryOptions { DeleteEnabled = false });
        var output = TestFolders.Temp("tidy-refused");
        var run = await RunnerInProcess.RunAsync("--target", registry.BaseAddress.ToString(), "--scenarios", "manifest-put-by-tag,blob-chunked", "--output", output);

        var tidy = await RunnerInProcess.RunAsync("tidy", "--target", registry.BaseAddress.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Zero, "a refused delete is no broken requirement: " + run.Output);
            Assert.That(run.Output, Does.Contain("\nCleanup: deleted nothing; left ").And.Contain("DELETE answered 405 UNSUPPORTED: manifest and tag deletion is disabled (2)"));
            Assert.That(tidy.Code, Is.EqualTo(RunnerApp.ExitMandatoryFailure), tidy.Output + tidy.Errors);
            Assert.That(tidy.Output, Does.Contain("deleted nothing; left ").And.Contain("DELETE answered 405 UNSUPPORTED: blob deletion is disabled ("));
        });
    }

    [TestCase("tidy: --run-id 'xyz': expected a run id of 8 lowercase hex digits, e.g. 1a2b3c4d", "--run-id", "xyz")]
    [TestCase("tidy: --run-id '1A2B3C4D': expected a run id of 8 lowercase hex digits", "--run-id", "1a2b3c4d,1A2B3C4D")]
    [TestCase("tidy: no registry to tidy: set target.url (--target URL, OCI_ROOT_URL)", "--dry-run")]
    public async Task Bad_usage_exits_2_naming_the_flag_and_the_expected_form(string message, params string[] args)
    {
        var run = await RunnerInProcess.RunAsync(["tidy", .. args]);

        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.EqualTo(RunnerApp.ExitUsage));
            Assert.That(run.Errors, Does.Contain(message));
        });
    }
}
