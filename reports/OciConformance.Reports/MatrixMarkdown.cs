using System.Text;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>The impact matrix as a Markdown table, for CI job pages and pull-request comments.</summary>
public static class MatrixMarkdown
{
    public static string Render(ImpactMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var text = new StringBuilder();
        text.AppendLine("## OCI conformance impact matrix");
        text.AppendLine();
        var heads = string.Join(" | ", matrix.Columns.Select(c => Markdown.Escape(c.Label)));
        var rule = string.Concat(matrix.Columns.Select(_ => "---|"));
        text.AppendLine($"| Profile | {heads} |");
        text.AppendLine($"|---|{rule}");
        foreach (var profile in matrix.Profiles)
        {
            text.AppendLine($"| **{profile.Profile}** | {string.Join(" | ", profile.Verdicts.Select(v => $"{Markdown.Icon(v)} {v.ToText()}"))} |");
        }

        text.AppendLine();
        text.AppendLine($"| Scenario | {heads} |");
        text.AppendLine($"|---|{rule}");
        foreach (var row in matrix.Rows)
        {
            var cells = row.Cells.Select(c => c is null ? "—" : $"{Markdown.Icon(c.Outcome)} {c.Outcome.ToText()}");
            text.AppendLine($"| {row.Profile}/`{row.CaseId}` | {string.Join(" | ", cells)} |");
        }

        return text.ToString();
    }
}
