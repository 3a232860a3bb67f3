using OciConformance.Http;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>Pieces every Markdown report shares.</summary>
internal static class Markdown
{
    public static string Icon(Outcome outcome) => outcome switch
    {
        Outcome.Passed => "✅",
        Outcome.Warning => "⚠️",
        Outcome.Failed or Outcome.Error => "❌",
        Outcome.Blocked => "⛔",
        _ => "➖",
    };

    /// <summary>Text for a table cell or list item: one line, pipes escaped, unprintable characters as visible escapes.</summary>
    public static string Escape(string text) => WireText.Escape(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
