using System.Globalization;
using System.Text;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>A short Markdown summary for CI job pages such as <c>$GITHUB_STEP_SUMMARY</c>.</summary>
public static class MarkdownWriter
{
    public const string FileName = "summary.md";

    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var header = report.Header;
        var text = new StringBuilder();
        text.AppendLine($"## {Markdown.Icon(Overall(report))} OCI conformance: {Markdown.Escape(header.Product?.Name ?? header.Target.Name)}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{header.Tool} {header.ToolVersion} · run `{header.RunId}` · {header.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC · {(header.FinishedAt - header.StartedAt).TotalSeconds:0.0} s · {report.Cases.Count} cases{(report.Throttling.Requests > 0 ? $" · rate-limited: {report.Throttling.Describe()}" : "")}");
        text.AppendLine();
        text.AppendLine("| Profile | Verdict | Passed | Warnings | Failed | Blocked | Not supported | Not applicable | Not run |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var p in report.Profiles.Where(p => p.Counts.Values.Sum() > 0 || !p.Enabled))
        {
            var verdict = p.Enabled ? p.Verdict.ToText() : "not tested (switched off)";
            text.AppendLine($"| {p.Profile} | {Markdown.Icon(p.Enabled ? p.Verdict : Outcome.NotRun)} {verdict} | {p.Counts["passed"]} | {p.Counts["warning"]} | {p.Counts["failed"] + p.Counts["error"]} | {p.Counts["blocked"]} | {p.Counts["notSupported"]} | {p.Counts["notApplicable"]} | {p.Counts["notRun"]} |");
        }

        var broken = report.Requirements.Where(r => r.Outcome is Outcome.Failed or Outcome.Warning).ToList();
        if (broken.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("### Requirements not met");
            text.AppendLine();
            foreach (var r in broken.OrderByDescending(r => r.Outcome).ThenBy(r => r.Id, StringComparer.Ordinal))
            {
                text.AppendLine($"- {Markdown.Icon(r.Outcome)} **[{r.Id}]({r.Link})** ({r.Level}) {Markdown.Escape(r.Title)}: {Markdown.Escape(r.Message ?? "")} (cases: {string.Join(", ", r.FailedCases)})");
            }
        }

        var errors = report.Cases.Where(c => c.Outcome == Outcome.Error).ToList();
        if (errors.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("### Cases the suite could not run");
            text.AppendLine();
            foreach (var c in errors)
            {
                text.AppendLine($"- ❌ `{c.Id}`: {Markdown.Escape(c.Message ?? "")}");
            }
        }

        if (report.Cleanup is { } cleanup)
        {
            text.AppendLine();
            text.AppendLine($"Cleanup: {Markdown.Escape(cleanup.Describe())}.");
        }

        var coverage = report.Coverage;
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Coverage: {coverage.Covered} of {coverage.Testable} testable registry requirements have a check ({coverage.Uncovered.Count} without). Full detail: `{HtmlWriter.FileName}`.");
        return text.ToString();
    }

    public static Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, Render(report), cancellationToken);

    private static Outcome Overall(RunReport report) =>
        report.Profiles.Where(p => p.Enabled && p.Counts.Values.Sum() > 0).Select(p => p.Verdict).Worst();
}
