using System.Text;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>A short Markdown summary for CI job pages such as <c>$GITHUB_STEP_SUMMARY</c>.</summary>
public static class MarkdownWriter
{
    public const string FileName = "summary.md";

    public static string Render(RunReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"## OCI conformance: {report.Header.Target.Name}");
        text.AppendLine();
        text.AppendLine("| Profile | Verdict | Passed | Warnings | Failed | Blocked | Not supported | Not run |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var p in report.Profiles.Where(p => p.Counts.Values.Sum() > 0 || !p.Enabled))
        {
            var verdict = p.Enabled ? p.Verdict.ToText() : "not tested (switched off)";
            text.AppendLine($"| {p.Profile} | {Icon(p.Verdict)} {verdict} | {p.Counts["passed"]} | {p.Counts["warning"]} | {p.Counts["failed"] + p.Counts["error"]} | {p.Counts["blocked"]} | {p.Counts["notSupported"]} | {p.Counts["notRun"]} |");
        }

        var broken = report.Requirements.Where(r => r.Outcome is Outcome.Failed or Outcome.Warning).ToList();
        if (broken.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("### Requirements not met");
            text.AppendLine();
            foreach (var r in broken.OrderByDescending(r => r.Outcome))
            {
                text.AppendLine($"- {Icon(r.Outcome)} **[{r.Id}]({r.Link})** ({r.Level}) {Escape(r.Title)}: {Escape(r.Message ?? "")} (cases: {string.Join(", ", r.FailedCases)})");
            }
        }

        return text.ToString();
    }

    public static Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, Render(report), cancellationToken);

    private static string Icon(Outcome outcome) => outcome switch
    {
        Outcome.Passed => "✅",
        Outcome.Warning => "⚠️",
        Outcome.Failed or Outcome.Error => "❌",
        Outcome.Blocked => "⛔",
        _ => "➖",
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
