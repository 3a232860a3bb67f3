using System.Text.RegularExpressions;
using OciConformance.Results;
using OciConformance.Testing;

namespace OciConformance.Reports.Tests;

public sealed partial class HtmlWriterTests
{
    [Test]
    public void The_page_fetches_nothing_from_the_network()
    {
        var html = HtmlWriter.Render(Sample.Report());

        Assert.That(ExternalAsset().IsMatch(html), Is.False, "no src= or stylesheet link to another host");
    }

    [Test]
    public void The_transfer_chart_has_one_bar_per_case_that_moved_a_mebibyte_scaled_to_the_fastest()
    {
        const long MiB = 1024 * 1024;
        var report = Sample.Report(cases:
        [
            Sample.Case("scale-blob-chunked", "scale", Outcome.Passed) with { TransferredBytes = 100 * MiB, DurationMs = 2000, ThroughputBytesPerSecond = 50.0 * MiB },
            Sample.Case("blob-streamed-large", "push", Outcome.Failed) with { TransferredBytes = 10 * MiB, DurationMs = 1000, ThroughputBytesPerSecond = 10.0 * MiB },
            Sample.Case("blob-get", "pull", Outcome.Passed) with { TransferredBytes = 1024, DurationMs = 1, ThroughputBytesPerSecond = 1024.0 * 1000 },
        ]);

        var html = HtmlWriter.Render(report);

        Assert.Multiple(() =>
        {
            Assert.That(Regex.Count(html, "<g class=\"transfer\""), Is.EqualTo(2), "the 1 KiB case is left out");
            Assert.That(html, Does.Contain("""<rect class="passed" x="340" y="4" width="360" """));
            Assert.That(html, Does.Contain("""<rect class="failed" x="340" y="26" width="72" """));
            Assert.That(html, Does.Contain("100.0 MiB in 2.0 s, 50.0 MiB/s"));
            Assert.That(html, Does.Not.Contain("data-case=\"blob-get\""));
        });
    }

    [Test]
    public void A_run_that_moved_little_has_no_transfer_chart() =>
        Assert.That(HtmlWriter.Render(Sample.Report()), Does.Not.Contain("id=\"transfers\""));

    [Test]
    public void The_page_has_badges_failures_with_expected_and_actual_filters_coverage_and_the_run_id()
    {
        var html = HtmlWriter.Render(Sample.Report(runId: "runid042"));

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("""<meta name="oci-conformance-run-id" content="runid042">"""));
            Assert.That(html, Does.Contain("""<div class="badge failed" data-profile="pull">"""));
            Assert.That(html, Does.Contain("""data-profile="discovery"><span class="name">discovery</span><span class="verdict">not tested (switched off)</span>"""));
            Assert.That(html, Does.Contain("""<article class="failure failed" data-requirement="dist.pull.manifest-get">"""));
            Assert.That(html, Does.Contain("""<dd class="expected">200</dd><dt>actual</dt><dd class="actual">404</dd>"""));
            Assert.That(html, Does.Contain("id=\"filter-outcome\"").And.Contain("id=\"filter-level\"").And.Contain("id=\"filter-profile\"").And.Contain("id=\"search\""));
            Assert.That(html, Does.Contain("dist.push.chunk-order").And.Contain("no scenario checks it yet"));
            Assert.That(html, Does.Contain("Scenario blob-get &lt;checks &amp; more&gt;"), "text is escaped");
        });
    }

    [Test]
    public void The_page_shows_how_much_the_registry_throttled_the_run_and_each_case()
    {
        var throttled = HtmlWriter.Render(Sample.Throttled());
        var calm = HtmlWriter.Render(Sample.Report());

        Assert.Multiple(() =>
        {
            Assert.That(throttled, Does.Contain("<span id=\"throttling\">rate-limited: 3 requests answered 429, 2.0 s waited</span>"));
            Assert.That(throttled, Does.Contain("ms, 2 requests answered 429, 2.0 s waited)").And.Contain("ms, 1 request answered 429, 0.0 s waited)"));
            Assert.That(throttled, Does.Contain("* waited 1 s (as Retry-After asked), then sent it again"), "the 429 exchange shows what the client did");
            Assert.That(calm, Does.Not.Contain("rate-limited").And.Not.Contain("answered 429"));
        });
    }

    [Test]
    public async Task Chromium_runs_the_script_without_errors_and_shows_every_section()
    {
        var folder = TestFolders.Temp("html");
        var path = Path.Combine(folder, HtmlWriter.FileName);
        await HtmlWriter.WriteAsync(Sample.Report(), path, CancellationToken.None);

        var result = await Chromium.DumpDomAsync(path);

        Chromium.AssertRendered(result);
        Assert.That(result.Dom, Does.Contain("<span id=\"shown\" class=\"muted\">7 shown</span>"), "the filter script counted the rows");
        foreach (var id in new[] { "profiles", "failures", "requirements", "coverage", "cases", "configuration" })
        {
            Assert.That(result.Dom, Does.Contain($"<section id=\"{id}\""), id);
        }
    }

    [Test]
    public async Task Chromium_renders_the_impact_matrix_page()
    {
        var folder = TestFolders.Temp("matrix-html");
        var path = Path.Combine(folder, "matrix.html");
        var a = Sample.Report("aaaa0001", [Sample.Case("x", "pull", Outcome.Passed)]);
        var b = Sample.Report("bbbb0001", [Sample.Case("x", "pull", Outcome.Failed, message: "broken")]);
        await File.WriteAllTextAsync(path, HtmlWriter.RenderMatrix(ImpactMatrix.Build([a, b])));

        var result = await Chromium.DumpDomAsync(path);
        await Chromium.ScreenshotAsync(path, Path.Combine(folder, "matrix.png"), 1000, 700);
        TestContext.AddTestAttachment(Path.Combine(folder, "matrix.png"), "the impact matrix as Chromium shows it");

        Chromium.AssertRendered(result);
        Assert.That(result.Dom, Does.Contain("""<tr class="matrix-row" data-differs="true" """.TrimEnd()));
    }

    [GeneratedRegex("""(src|href)="(https?:)?//[^"]*\.(js|css|png|svg|woff2?)"|<link[^>]+stylesheet""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalAsset();
}
