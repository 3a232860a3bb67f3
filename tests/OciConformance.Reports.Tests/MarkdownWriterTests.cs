namespace OciConformance.Reports.Tests;

public sealed class MarkdownWriterTests
{
    [Test]
    public void The_summary_has_a_row_per_profile_and_lists_broken_requirements_with_links()
    {
        var markdown = MarkdownWriter.Render(Sample.Report());

        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.StartWith("## ❌ OCI conformance"));
            Assert.That(markdown, Does.Contain("| pull | ❌ failed |"));
            Assert.That(markdown, Does.Contain("| discovery | ➖ not tested (switched off) |"));
            Assert.That(markdown, Does.Contain($"**[dist.pull.manifest-get]({Sample.Link})** (MUST)"));
            Assert.That(markdown, Does.Contain("`blob-mount`"));
            Assert.That(markdown, Does.Contain("Coverage: 5 of 8"));
        });
    }

    [Test]
    public void The_summary_says_how_much_the_registry_throttled_the_run()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MarkdownWriter.Render(Sample.Throttled()), Does.Contain(" · 2 cases · rate-limited: 3 requests answered 429, 2.0 s waited\n"));
            Assert.That(MarkdownWriter.Render(Sample.Report()), Does.Not.Contain("rate-limited"));
        });
    }

    [Test]
    public void A_table_cell_cannot_be_broken_by_a_pipe_in_a_title() =>
        Assert.That(Markdown.Escape("a|b\nc"), Is.EqualTo("a\\|b c"));
}
