using System.Text.Json;
using OciConformance.Results;

namespace OciConformance.Reports.Tests;

/// <summary>What a run left in the registry, in every format that reports it.</summary>
public sealed class CleanupReportTests
{
    private static RunReport WithCleanup() => Sample.Report() with { Cleanup = Sample.Cleanup() };

    [Test]
    public void The_tallies_count_what_was_deleted_and_what_is_left_by_kind_and_bytes()
    {
        var cleanup = Sample.Cleanup();

        Assert.Multiple(() =>
        {
            Assert.That(cleanup.Created, Is.EqualTo(new CleanupTally(3, 1, 2, 2, 512 + 300 + (3 * 1024 * 1024) + 1024)));
            Assert.That(cleanup.Removed, Is.EqualTo(new CleanupTally(2, 1, 2, 0, 812)));
            Assert.That(cleanup.Left, Is.EqualTo(new CleanupTally(1, 0, 0, 2, (3 * 1024 * 1024) + 1024)));
            Assert.That(cleanup.Describe(), Is.EqualTo(
                "deleted 1 tag, 2 manifests, 0 blobs (812 B) in 2 repositories; left 0 tags, 0 manifests, 2 blobs (3.0 MiB) in 1 repository: DELETE answered 405 UNSUPPORTED: blob deletion is disabled (2)"));
        });
    }

    [Test]
    public void A_run_with_cleanup_off_says_so_and_one_that_created_nothing_says_that()
    {
        var off = new CleanupReport { Enabled = false, Items = [.. Sample.Cleanup().Items.Select(i => i with { State = CleanupState.Left, Reason = CleanupReport.SwitchedOff })] };
        var nothing = new CleanupReport { Enabled = true, Items = [] };

        Assert.Multiple(() =>
        {
            Assert.That(off.Describe(), Is.EqualTo("off (run.cleanup is off); left 1 tag, 2 manifests, 2 blobs (3.0 MiB) in 3 repositories"));
            Assert.That(nothing.Describe(), Is.EqualTo("the run created nothing in the registry"));
        });
    }

    [Test]
    public void Results_json_holds_every_item_validates_against_the_schema_and_reads_back()
    {
        var json = ResultsJson.ToJson(WithCleanup()).ToJsonString();
        using var document = JsonDocument.Parse(json);

        var validation = Repo.Schemas.Validate(ResultsJson.SchemaKey, document.RootElement);
        var read = ResultsJson.Parse(document.RootElement);

        Assert.Multiple(() =>
        {
            Assert.That(validation.Violations.Select(v => $"{v.InstancePath}: {v.Message}"), Is.Empty);
            Assert.That(read.Cleanup, Is.Not.Null);
            Assert.That(read.Cleanup!.Items, Is.EqualTo(Sample.Cleanup().Items));
            Assert.That(json, Does.Contain("\"state\":\"alreadyGone\"").And.Not.Contain("\"isLeft\"").And.Not.Contain("\"refusals\""), "states in camel case; derived values not written");
        });
    }

    [Test]
    public void A_cleanup_item_the_schema_does_not_know_is_refused()
    {
        var node = ResultsJson.ToJson(WithCleanup());
        node["cleanup"]!["items"]![0]!["state"] = "vanished";
        using var document = JsonDocument.Parse(node.ToJsonString());

        var validation = Repo.Schemas.Validate(ResultsJson.SchemaKey, document.RootElement);

        Assert.That(validation.Violations.Select(v => v.InstancePath), Has.Some.StartsWith("/cleanup/items/0"));
    }

    [Test]
    public void The_html_page_has_the_figures_and_each_item_left_with_its_reason()
    {
        var html = HtmlWriter.Render(WithCleanup());

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<section id=\"cleanup\"><h2>Cleanup</h2><p>Deleted 1 tag, 2 manifests, 0 blobs (812 B) in 2 repositories; left"));
            Assert.That(html, Does.Contain("<tr data-row=\"left\"><td>left</td><td>1</td><td>0</td><td>0</td><td>2</td><td>3.0 MiB</td></tr>"));
            Assert.That(html, Does.Contain("<summary>2 items left in the registry</summary>"));
            Assert.That(html, Does.Contain($"<code>sha256:{new string('c', 64)}</code></td><td>3.0 MiB</td><td>DELETE answered 405 UNSUPPORTED: blob deletion is disabled</td>"));
            Assert.That(html, Does.Not.Contain($"<code>sha256:{new string('a', 64)}</code>"), "deleted items are in results.json, not in the list of what is left");
            Assert.That(HtmlWriter.Render(Sample.Report()), Does.Not.Contain("id=\"cleanup\""), "a run that did not clean up has no such section");
        });
    }

    [Test]
    public void The_markdown_summary_has_one_line_on_it()
    {
        var markdown = MarkdownWriter.Render(WithCleanup());

        Assert.That(markdown, Does.Contain("\nCleanup: deleted 1 tag, 2 manifests, 0 blobs (812 B) in 2 repositories; left 0 tags, 0 manifests, 2 blobs (3.0 MiB) in 1 repository: DELETE answered 405 UNSUPPORTED: blob deletion is disabled (2).\n"));
    }
}
