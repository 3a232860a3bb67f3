using System.Text;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>The comparison of two runs as plain text for a terminal or CI log: regressions first.</summary>
public static class ComparisonText
{
    public static string Render(ReportComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var text = new StringBuilder();
        text.AppendLine($"Before: {ReportCompatibility.Describe(comparison.Before)}");
        text.AppendLine($"After:  {ReportCompatibility.Describe(comparison.After)}");
        Section(text, "Regressions", comparison.Regressions, withMessage: true);
        Section(text, "Fixes", comparison.Fixes, withMessage: false);
        Section(text, "New cases", comparison.Added, withMessage: true);
        Section(text, "Removed cases", comparison.Removed, withMessage: false);
        Section(text, "Other changes", comparison.OtherChanges, withMessage: true);
        text.AppendLine();
        text.AppendLine($"{comparison.Regressions.Count} regressions, {comparison.Fixes.Count} fixes, {comparison.Added.Count} new, {comparison.Removed.Count} removed, {comparison.Unchanged} unchanged.");
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IReadOnlyList<CaseChange> changes, bool withMessage)
    {
        if (changes.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine($"{title} ({changes.Count}):");
        foreach (var change in changes)
        {
            var line = $"  {change.Profile}/{change.Id}: {Text(change.Before)} -> {Text(change.After)}  [{string.Join(", ", change.Requirements)}]";
            if (withMessage && change.Message is { } message && change.After is not (null or Outcome.Passed))
            {
                line += $"  {message}";
            }

            text.AppendLine(line);
        }
    }

    private static string Text(Outcome? outcome) => outcome?.ToText() ?? "(absent)";
}
