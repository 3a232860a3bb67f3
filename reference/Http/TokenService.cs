using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OciConformance.Reference.Http;

/// <summary>What a request needs: an action on a repository, the catalog, or only a known identity.</summary>
internal sealed record Access(string? Repository, string? Action, bool Catalog = false)
{
    public static Access AuthenticatedOnly { get; } = new(null, null);

    /// <summary>The scope a client should ask the token service for (docker clients ask pull,push to push).</summary>
    public string? Scope => Catalog
        ? "registry:catalog:*"
        : Repository is null || Action is null ? null : $"repository:{Repository}:{(Action == "push" ? "pull,push" : Action)}";
}

/// <summary>A token's grants: actions per repository, and the catalog.</summary>
internal sealed record TokenGrant(RegistryUser User, IReadOnlyDictionary<string, IReadOnlySet<string>> Repositories, bool Catalog, DateTime Expires)
{
    public DateTime IssuedAt => Expires - TokenService.Lifetime;

    /// <summary>What the token grants, in the scope grammar (one entry per repository, space-separated), as OAuth2 answers report it.</summary>
    public string Scope => string.Join(' ', Repositories.Where(r => r.Value.Count > 0)
        .Select(r => $"repository:{r.Key}:{string.Join(',', r.Value.Order(StringComparer.Ordinal))}")
        .Concat(Catalog ? ["registry:catalog:*"] : []));
}

/// <summary>Users and their passwords, and the bearer and refresh tokens of the built-in token service.</summary>
internal interface ITokenService
{
    /// <summary>The user of that name whose password matches, else null.</summary>
    RegistryUser? Authenticate(string name, string password);

    /// <summary>Who a caller without credentials gets a token as; null when anonymous pulls are off.</summary>
    RegistryUser? Anonymous { get; }

    /// <summary>A token for the requested scopes, narrowed to what the user holds; null when the service declines to issue one.</summary>
    (string Token, TokenGrant Grant)? Issue(RegistryUser user, IEnumerable<string> scopes);

    /// <summary>The grant of a token this service issued and that has not expired, else null.</summary>
    TokenGrant? Find(string token);

    /// <summary>Whether the token's grant covers the access.</summary>
    bool Allows(TokenGrant grant, Access access);

    /// <summary>A refresh token for the user, good for further tokens of <paramref name="service"/> only.</summary>
    string IssueRefreshToken(RegistryUser user, string? service);

    /// <summary>The user a refresh token this service issued for <paramref name="service"/> stands for, else null.</summary>
    RegistryUser? Redeem(string refreshToken, string? service);
}

internal sealed class TokenService(RegistryOptions options) : ITokenService
{
    public const string Service = "oci-conformance-reference";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>The subject of anonymous tokens: it holds pull, on every repository.</summary>
    public static readonly RegistryUser AnonymousUser = new("", "", ["pull"]);

    private readonly ConcurrentDictionary<string, TokenGrant> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (RegistryUser User, string? Service)> _refreshTokens = new(StringComparer.Ordinal);

    public RegistryUser? Anonymous => options.AnonymousPull ? AnonymousUser : null;

    public RegistryUser? Authenticate(string name, string password)
    {
        var given = Encoding.UTF8.GetBytes(password);
        return options.Users.FirstOrDefault(u => u.Name == name && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(u.Password), given));
    }

    public (string Token, TokenGrant Grant)? Issue(RegistryUser user, IEnumerable<string> scopes)
    {
        var held = user.Actions.ToHashSet(StringComparer.Ordinal);
        var repositories = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var catalog = false;
        foreach (var scope in scopes.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var parts = scope.Split(':');
            if (parts.Length == 3 && parts[0] == "registry" && parts[1] == "catalog")
            {
                catalog |= held.Contains("pull");
                continue;
            }

            if (parts.Length != 3 || parts[0] != "repository")
            {
                continue;
            }

            var wanted = parts[2] == "*" ? held : parts[2].Split(',').ToHashSet(StringComparer.Ordinal);
            var granted = wanted.Where(held.Contains).ToHashSet(StringComparer.Ordinal);
            if (repositories.TryGetValue(parts[1], out var earlier))
            {
                granted.UnionWith(earlier);
            }

            repositories[parts[1]] = granted;
        }

        var token = NewSecret();
        var grant = new TokenGrant(user, repositories, catalog, DateTime.UtcNow + Lifetime);
        _tokens[token] = grant;
        return (token, grant);
    }

    public TokenGrant? Find(string token) =>
        _tokens.TryGetValue(token, out var grant) && grant.Expires > DateTime.UtcNow ? grant : null;

    public bool Allows(TokenGrant grant, Access access) =>
        access.Catalog ? grant.Catalog
        : access.Repository is null || access.Action is null
        || (grant.Repositories.TryGetValue(access.Repository, out var actions) && actions.Contains(access.Action));

    public string IssueRefreshToken(RegistryUser user, string? service)
    {
        var refreshToken = NewSecret();
        _refreshTokens[refreshToken] = (user, service);
        return refreshToken;
    }

    public RegistryUser? Redeem(string refreshToken, string? service) =>
        _refreshTokens.TryGetValue(refreshToken, out var issued) && issued.Service == service ? issued.User : null;

    /// <summary>Whether the user holds the right at all, whatever the token asked for.</summary>
    public static bool Holds(RegistryUser user, Access access) =>
        access.Catalog ? user.Actions.Contains("pull")
        : access.Action is null || user.Actions.Contains(access.Action);

    /// <summary>The name and password of a Basic Authorization header, or null when it is none.</summary>
    public static (string Name, string Password)? BasicCredentials(string? authorization)
    {
        const string prefix = "Basic ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[prefix.Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
    }

    private static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
