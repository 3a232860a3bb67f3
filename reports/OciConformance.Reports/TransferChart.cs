using System.Globalization;
using System.Text;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>
/// The cases that moved real amounts of data (the scale profile, the large blobs) as an inline SVG bar chart of their
/// throughput, each bar labelled with the bytes and the time, so a slow registry shows at a glance; no script, no
/// external asset, so the chart survives being mailed or archived.
/// </summary>
public static class TransferChart
{
    /// <summary>Cases that moved less than this are left out: their throughput is mostly latency.</summary>
    public const long MinimumBytes = 1024 * 1024;

    private const int LabelWidth = 340;
    private const int BarWidth = 360;
    private const int FigureWidth = 260;
    private const int RowHeight = 22;

    public static IReadOnlyList<CaseResult> Charted(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return [.. report.Cases.Where(c => c.TransferredBytes >= MinimumBytes && c.ThroughputBytesPerSecond > 0)];
    }

    /// <summary>The section, or nothing when no case moved enough to chart.</summary>
    public static void Append(StringBuilder html, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(html);
        var cases = Charted(report);
        if (cases.Count == 0)
        {
            return;
        }

        var fastest = cases.Max(c => c.ThroughputBytesPerSecond!.Value);
        var width = LabelWidth + BarWidth + FigureWidth;
        var height = (cases.Count * RowHeight) + 4;
        html.Append(CultureInfo.InvariantCulture, $"""<section id="transfers"><h2>Transfers</h2><p class="muted">Cases that moved at least 1 MiB: throughput as bars (the longest is {E(Rate(fastest))}), with bytes moved and time taken.</p>""");
        html.Append(CultureInfo.InvariantCulture, $"""<svg id="transfer-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="Throughput per case" font-size="12" font-family="system-ui,sans-serif">""");
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var y = i * RowHeight;
            var bar = Math.Max(1, (int)Math.Round(BarWidth * c.ThroughputBytesPerSecond!.Value / fastest));
            var figures = $"{Bytes(c.TransferredBytes)} in {c.DurationMs / 1000:0.0} s, {Rate(c.ThroughputBytesPerSecond.Value)}";
            html.Append(CultureInfo.InvariantCulture, $"""<g class="transfer" data-case="{E(c.Id)}"><title>{E(c.Id)}: {E(figures)}</title><text x="{LabelWidth - 8}" y="{y + 15}" text-anchor="end">{E(c.Id)}</text><rect class="{c.Outcome.ToKey()}" x="{LabelWidth}" y="{y + 4}" width="{bar}" height="{RowHeight - 8}" rx="3"/><text x="{LabelWidth + bar + 6}" y="{y + 15}" fill="#556">{E(figures)}</text></g>""");
        }

        html.Append("</svg></section>");
    }

    private static string Bytes(long bytes) => bytes >= 1L << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.00} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.0} MiB");

    private static string Rate(double bytesPerSecond) => string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond / (1 << 20):0.0} MiB/s");

    private static string E(string text) => HtmlWriter.E(text);
}
