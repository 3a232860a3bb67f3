using System.Text.RegularExpressions;

namespace OciConformance.Http;

/// <summary>
/// A parsed <c>WWW-Authenticate</c> challenge (RFC 7235), as registries send it for Basic and for the Bearer token
/// flow (https://distribution.github.io/distribution/spec/auth/token/): scheme plus realm, service and scope.
/// </summary>
public sealed partial record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.GetValueOrDefault("realm");
    public string? Service => Parameters.GetValueOrDefault("service");
    public string? Scope => Parameters.GetValueOrDefault("scope");

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var trimmed = header.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? trimmed : trimmed[..space];
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (space > 0)
        {
            foreach (Match match in Parameter().Matches(trimmed[(space + 1)..]))
            {
                var value = match.Groups["quoted"].Success ? match.Groups["quoted"].Value.Replace("\\\"", "\"", StringComparison.Ordinal) : match.Groups["token"].Value;
                parameters[match.Groups["name"].Value] = value;
            }
        }

        return new AuthChallenge(scheme, parameters);
    }

    [GeneratedRegex("(?<name>[A-Za-z0-9_-]+)\\s*=\\s*(?:\"(?<quoted>(?:[^\"\\\\]|\\\\.)*)\"|(?<token>[^\\s,]+))")]
    private static partial Regex Parameter();
}
