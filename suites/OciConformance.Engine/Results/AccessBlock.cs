using OciConformance.Http;

namespace OciConformance.Results;

/// <summary>
/// Why a check could not be judged: the registry refused the suite access (authentication, authorization) or
/// throttled it (rate limit). Such a check counts against no requirement and blocks its case: the registry is blamed
/// only for what it did, never for a missing password or a busy day.
/// </summary>
public static class AccessBlock
{
    public const string Authentication = "authentication";
    public const string Authorization = "authorization";
    public const string RateLimit = "rate-limit";

    /// <summary>The reason an answer with this status blocks a check that did not ask for it, or null.</summary>
    public static string? ForStatus(int? status) => status switch
    {
        401 => Authentication,
        403 => Authorization,
        429 => RateLimit,
        _ => null,
    };

    /// <summary>One line on what the registry answered and what the user can do about it.</summary>
    public static string Explain(string reason, HttpExchange exchange, bool hasCredentials)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var request = $"{exchange.Method} {exchange.Url} answered {exchange.Status}";
        return reason switch
        {
            Authentication => $"{request}{Header(exchange, "WWW-Authenticate")}: {(hasCredentials ? "the configured credentials were not accepted" : "the registry asks for credentials; set target.username and target.password (OCI_USERNAME, OCI_PASSWORD)")}",
            Authorization => $"{request}: the configured credentials may not do this here (a pull-only account, or a repository outside its scope)",
            _ => $"{request}{Header(exchange, "Retry-After")}: the registry throttles the suite{(exchange.RateLimit is { } note ? $"; {note}" : "")}",
        };
    }

    private static string Header(HttpExchange exchange, string name) =>
        exchange.ResponseHeaders.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } header ? $" ({header.Name}: {header.Value})" : "";
}
