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

    public static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
