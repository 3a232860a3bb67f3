using System.Text;

namespace OciConformance.Artifacts;

/// <summary>Artifact names as cases and repositories use them: lower-case letters and digits, separated by single dashes.</summary>
public static class Names
{
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }

        var result = name.ToString().Trim('-');
        return result.Length == 0 ? "artifact" : result[..Math.Min(result.Length, 48)].Trim('-');
    }
}
