using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Http;

/// <summary>
/// Basic and bearer-token authentication. A missing or unknown credential answers 401 with a challenge.
/// A valid token lacking the scope answers 401 with error="insufficient_scope" when its user could get a
/// wider token (the client should fetch one) or is anonymous, and 403 DENIED when the user holds no such right at all.
/// </summary>
internal static class AuthGate
{
    public const string Realm = "oci-conformance-reference";
    private const string PrincipalKey = "oci.reference.principal";

    /// <summary>Returns null when the request may go on, else the error already prepared (headers set).</summary>
    public static RegistryError? Check(HttpContext context, RegistryServices services, Access access)
    {
        switch (services.Options.Auth)
        {
            case RegistryAuthMode.Basic:
                var user = TokenService.BasicCredentials(context.Request.Headers.Authorization) is { } given
                    ? services.Tokens.Authenticate(given.Name, given.Password)
                    : null;
                if (user is null)
                {
                    context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\"";
                    return new RegistryError(401, ErrorCode.Unauthorized, "authentication required");
                }

                context.Items[PrincipalKey] = user;
                return TokenService.Holds(user, access) ? null : Denied(access);

            case RegistryAuthMode.Token:
                var grant = Bearer(context, services);
                if (grant is null)
                {
                    context.Response.Headers.WWWAuthenticate = Challenge(context, access, insufficient: false);
                    return new RegistryError(401, ErrorCode.Unauthorized, "authentication required");
                }

                context.Items[PrincipalKey] = grant;
                if (services.Tokens.Allows(grant, access))
                {
                    return null;
                }

                // An anonymous caller is asked to authenticate: credentials may hold the right its token lacks.
                if (TokenService.Holds(grant.User, access) || ReferenceEquals(grant.User, TokenService.AnonymousUser))
                {
                    context.Response.Headers.WWWAuthenticate = Challenge(context, access, insufficient: true);
                    return new RegistryError(401, ErrorCode.Unauthorized, "token lacks the scope " + access.Scope);
                }

                return Denied(access);

            default:
                return null;
        }
    }

    /// <summary>Whether the current caller may read <paramref name="repository"/> (used to decide a cross-repository mount).</summary>
    public static bool MayPull(HttpContext context, RegistryServices services, string repository)
    {
        var access = new Access(repository, "pull");
        return context.Items[PrincipalKey] switch
        {
            RegistryUser user => TokenService.Holds(user, access),
            TokenGrant grant => services.Tokens.Allows(grant, access),
            _ => services.Options.Auth == RegistryAuthMode.None,
        };
    }

    public static string TokenRealm(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}/token";

    private static TokenGrant? Bearer(HttpContext context, RegistryServices services)
    {
        const string prefix = "Bearer ";
        string? header = context.Request.Headers.Authorization;
        return header is not null && header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            ? services.Tokens.Find(header[prefix.Length..].Trim())
            : null;
    }

    private static string Challenge(HttpContext context, Access access, bool insufficient)
    {
        var challenge = $"Bearer realm=\"{TokenRealm(context)}\",service=\"{TokenService.Service}\"";
        if (access.Scope is { } scope)
        {
            // A mount reads the source repository too, so its token must cover pulling from there (as distribution asks).
            var request = context.Request;
            var source = access.Action == "push" && request.Query.ContainsKey("mount") && request.Query["from"].FirstOrDefault() is { Length: > 0 } from
                ? $" repository:{from}:pull"
                : "";
            challenge += $",scope=\"{scope}{source}\"";
        }

        return insufficient ? challenge + ",error=\"insufficient_scope\"" : challenge;
    }

    private static RegistryError Denied(Access access) =>
        new(403, ErrorCode.Denied, $"requested access is denied: {access.Scope ?? "registry"}");
}
