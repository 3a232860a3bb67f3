using System.Text.RegularExpressions;

namespace OciConformance.Http;

/// <summary>The RFC 5988 <c>Link</c> header of a paginated response.</summary>
public static partial class LinkHeader
{
    [GeneratedRegex("""<(?<target>[^>]*)>(?<params>(?:\s*;\s*[^;,]+)*)""")]
    private static partial Regex LinkValue();

    [GeneratedRegex("""(?:^|;)\s*rel\s*=\s*(?:"(?<rel>[^"]*)"|(?<rel>[^\s;"]+))""", RegexOptions.IgnoreCase)]
    private static partial Regex RelParameter();

    /// <summary>The target of the <c>rel="next"</c> link, or null when the header has none in RFC 5988 form.</summary>
    public static string? Next(string header)
    {
        foreach (Match link in LinkValue().Matches(header))
        {
            var rel = RelParameter().Match(link.Groups["params"].Value);
            if (rel.Success && rel.Groups["rel"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("next", StringComparer.OrdinalIgnoreCase))
            {
                return link.Groups["target"].Value;
            }
        }

        return null;
    }
}
