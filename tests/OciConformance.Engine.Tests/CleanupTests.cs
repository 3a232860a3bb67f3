using OciConformance.Reference;
using OciConformance.Results;
using OciConformance.Testing;

namespace OciConformance.Engine.Tests;

/// <summary>
/// A run deletes what it created once its last case has ended, and only that: after it nothing it pushed can be
/// fetched; a registry that refuses deletes keeps it, and the report says what and why; outcomes never change.
/// </summary>
public sealed class CleanupTests
{
    /// <summary>Tags, referrers with their subjects, a mount with its source repository, a chunked upload, tags set by OCI-Tag.</summary>
    private static readonly string[] Pushing = ["manifest-put-by-tag", "referrers-image-subject", "blob-mount-from", "blob-chunked", "manifest-put-tag-params"];

    private static async Task<(RunReport Report, IReadOnlyList<string> Fetchable)> RunAsync(RegistryOptions registry, bool cleanup)
    {
        await using var target = await ReferenceRegistry.StartAsync(registry);
        var options = Harness.Options(target.BaseAddress);
        var report = await ConformanceEngine.RunAsync(options with { Run = options.Run with { Scenarios = Pushing, Cleanup = cleanup } }, SuiteData.Shipped);
        var fetchable = await RegistryProbe.FetchableAsync(target.BaseAddress, report.Cleanup!.Items.Select(Probe));
        return (report, fetchable);
    }

    private static (string, string, string) Probe(CleanupItem item) => (item.Kind.ToString().ToLowerInvariant(), item.Repository, item.Reference);

    [Test]
    public async Task After_a_run_nothing_it_pushed_can_be_fetched_and_the_report_says_nothing_is_left()
    {
        var (report, fetchable) = await RunAsync(new RegistryOptions(), cleanup: true);
        var cleanup = report.Cleanup!;

        Assert.Multiple(() =>
        {
            Assert.That(cleanup.Enabled, Is.True);
            Assert.That(cleanup.Created.Tags, Is.GreaterThanOrEqualTo(3), "the tags of manifest-put-by-tag and the OCI-Tag ones of manifest-put-tag-params");
            Assert.That(cleanup.Created.Manifests, Is.GreaterThanOrEqualTo(3));
            Assert.That(cleanup.Items.Where(i => i.Subject is not null), Is.Not.Empty, "the referrer is recorded with its subject");
            Assert.That(cleanup.Items.Select(i => i.Repository), Has.Some.Contains("blob-mount-from-source-"), "the mount's source repository is cleaned too");
            Assert.That(cleanup.Items.Where(i => i.Kind != ContentKind.Tag).Select(i => i.Size), Has.None.Null);
            Assert.That(cleanup.Left.IsEmpty, Is.True, cleanup.Describe());
            Assert.That(fetchable, Is.Empty);
            Assert.That(report.Cases.Select(c => c.Outcome), Is.All.EqualTo(Outcome.Passed), string.Join("\n", report.Cases.Select(c => $"{c.Id}: {c.Message}")));
        });
    }

    [Test]
    public async Task A_registry_that_refuses_deletes_keeps_everything_and_the_report_gives_its_answer_and_outcomes_do_not_move()
    {
        var refused = await RunAsync(new RegistryOptions { DeleteEnabled = false }, cleanup: true);
        var kept = await RunAsync(new RegistryOptions { DeleteEnabled = false }, cleanup: false);

        Assert.Multiple(() =>
        {
            Assert.That(refused.Report.Cleanup!.Items, Is.Not.Empty);
            Assert.That(refused.Report.Cleanup.Items.Select(i => i.State), Is.All.EqualTo(CleanupState.Left));
            Assert.That(refused.Report.Cleanup.Items.Select(i => i.Reason), Is.All.StartWith("DELETE answered 405 UNSUPPORTED: "));
            Assert.That(refused.Report.Cleanup.Describe(), Does.Contain("left ").And.Contain("405 UNSUPPORTED"));
            Assert.That(refused.Fetchable, Has.Count.EqualTo(refused.Report.Cleanup.Items.Count), "everything is still there");
            Assert.That(refused.Report.HasMandatoryFailure, Is.False, "a refused delete is no broken requirement");
            Assert.That(refused.Report.Cases.Select(c => (c.Id, c.Outcome)), Is.EqualTo(kept.Report.Cases.Select(c => (c.Id, c.Outcome))));
        });
    }

    [Test]
    public async Task With_cleanup_off_nothing_is_deleted_and_every_item_is_reported_left_for_that_reason()
    {
        var (report, fetchable) = await RunAsync(new RegistryOptions(), cleanup: false);

        Assert.Multiple(() =>
        {
            Assert.That(report.Cleanup!.Enabled, Is.False);
            Assert.That(report.Cleanup.Items.Select(i => i.Reason), Is.All.EqualTo(CleanupReport.SwitchedOff));
            Assert.That(fetchable, Has.Count.EqualTo(report.Cleanup.Items.Count));
            Assert.That(report.Cleanup.Describe(), Does.StartWith("off (run.cleanup is off); left "));
        });
    }

    [Test]
    public async Task A_run_that_created_nothing_sends_no_delete()
    {
        await using var stub = new StubServer(context => StubServer.Respond(context, 200, """{"name":"x","tags":[]}""", ("Content-Type", "application/json")));
        const string steps = """
            { "name": "list the tags", "requirement": "dist.discovery.tags-list",
              "request": { "method": "GET", "path": "/v2/{repo}/tags/list" }, "expect": [ { "status": 200 } ] }
            """;

        var report = await ConformanceEngine.RunAsync(Harness.Options(stub.BaseAddress), Harness.DataWith(Harness.Scenario(steps, "\"dist.discovery.tags-list\"")));

        Assert.Multiple(() =>
        {
            Assert.That(report.Cleanup!.Items, Is.Empty);
            Assert.That(report.Cleanup.Describe(), Is.EqualTo("the run created nothing in the registry"));
            Assert.That(stub.Requests.Select(r => r.Method), Has.None.EqualTo("DELETE"));
        });
    }
}
