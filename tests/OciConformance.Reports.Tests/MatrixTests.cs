using OciConformance.Results;

namespace OciConformance.Reports.Tests;

public sealed class MatrixTests
{
    private static readonly RunReport Reference = Sample.Report("ref00001", [Sample.Case("referrers-list", "push", Outcome.Passed), Sample.Case("blob-get", "pull", Outcome.Passed)], new ProductInfo("Reference", "1", null, null));
    private static readonly RunReport Distribution = Sample.Report("dist0001", [Sample.Case("blob-get", "pull", Outcome.Passed), Sample.Case("referrers-list", "push", Outcome.NotSupported, message: "referrers API not offered"), Sample.Case("tags", "pull", Outcome.Failed, message: "bad order")], new ProductInfo("Distribution", "3", null, null));

    [Test]
    public void Rows_are_scenarios_grouped_by_profile_and_columns_are_registries()
    {
        var matrix = ImpactMatrix.Build([Reference, Distribution]);

        Assert.Multiple(() =>
        {
            Assert.That(matrix.Columns.Select(c => c.Label), Is.EqualTo(new[] { "Reference", "Distribution" }));
            Assert.That(matrix.Rows.Select(r => $"{r.Profile}/{r.CaseId}"), Is.EqualTo(new[] { "pull/blob-get", "pull/tags", "push/referrers-list" }));
            Assert.That(matrix.Rows[1].Cells[0], Is.Null);
            Assert.That(matrix.Rows[2].Cells[1], Is.EqualTo(new MatrixCell(Outcome.NotSupported, "referrers API not offered")));
            Assert.That(matrix.Rows.Select(r => r.Differs), Is.EqualTo(new[] { false, true, true }));
        });
    }

    [Test]
    public void The_html_shows_the_message_on_hover_and_the_markdown_a_table()
    {
        var matrix = ImpactMatrix.Build([Reference, Distribution]);

        var html = HtmlWriter.RenderMatrix(matrix);
        var markdown = MatrixMarkdown.Render(matrix);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("""<td class="cell notSupported" title="referrers API not offered">not supported</td>"""));
            Assert.That(markdown, Does.Contain("| Scenario | Reference | Distribution |"));
            Assert.That(markdown, Does.Contain("| push/`referrers-list` | ✅ passed | ➖ not supported |"));
        });
    }
}
