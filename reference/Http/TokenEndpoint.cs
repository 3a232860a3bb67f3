using System.Globalization;
using System.Text.Json.Nodes;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Http;

/// <summary><c>GET /token?service=…&amp;scope=…</c>: Basic credentials in, an opaque scoped bearer token out.</summary>
internal static class TokenEndpoint
{
    public static Task HandleAsync(HttpContext context, RegistryServices services)
    {
        if (services.Options.Auth != RegistryAuthMode.Token)
        {
            return Responses.ErrorAsync(context, new RegistryError(404, ErrorCode.Unsupported, "this registry issues no tokens"));
        }

        var user = services.Tokens.Authenticate(context.Request.Headers.Authorization);
        if (user is null)
        {
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{AuthGate.Realm}\"";
            return Responses.ErrorAsync(context, new RegistryError(401, ErrorCode.Unauthorized, "token service needs valid Basic credentials"));
        }

        var scopes = context.Request.Query["scope"].Where(s => s is not null).Select(s => s!);
        var (token, grant) = services.Tokens.Issue(user, scopes);
        var body = new JsonObject
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = (int)TokenService.Lifetime.TotalSeconds,
            ["issued_at"] = (grant.Expires - TokenService.Lifetime).ToString("o", CultureInfo.InvariantCulture),
        };
        return Responses.JsonAsync(context, body, MediaTypes.Json);
    }
}
