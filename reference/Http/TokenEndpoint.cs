using System.Globalization;
using System.Text.Json.Nodes;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Http;

/// <summary>
/// <c>/token</c>, the token server of <c>--auth token</c>, in both forms of distribution's token protocol:
/// <c>GET ?service=…&amp;scope=…</c> with Basic credentials (or none, for an anonymous pull token when anonymous pulls
/// are on; <c>offline_token=true</c> adds a refresh token), and the OAuth2 <c>POST</c> with a form-encoded
/// <c>password</c> or <c>refresh_token</c> grant (<c>access_type=offline</c> adds a refresh token). Every answer
/// carries the token, its lifetime and its issue time; tokens only hold the actions the subject has.
/// </summary>
internal static class TokenEndpoint
{
    private const string FormType = "application/x-www-form-urlencoded";

    public static Task HandleAsync(HttpContext context, RegistryServices services)
    {
        if (services.Options.Auth != RegistryAuthMode.Token)
        {
            return Responses.ErrorAsync(context, new RegistryError(404, ErrorCode.Unsupported, "this registry issues no tokens"));
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            return GetAsync(context, services);
        }

        if (HttpMethods.IsPost(context.Request.Method))
        {
            return PostAsync(context, services);
        }

        context.Response.Headers.Allow = "GET, POST";
        return Responses.ErrorAsync(context, RegistryError.Unsupported($"{context.Request.Method} is not supported here"));
    }

    private static Task GetAsync(HttpContext context, RegistryServices services)
    {
        string? authorization = context.Request.Headers.Authorization;
        var subject = authorization is null
            ? services.Tokens.Anonymous
            : TokenService.BasicCredentials(authorization) is { } given ? services.Tokens.Authenticate(given.Name, given.Password) : null;
        if (subject is null)
        {
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{AuthGate.Realm}\"";
            var why = authorization is null ? "the token service needs credentials" : "the credentials are not valid";
            return Responses.ErrorAsync(context, new RegistryError(401, ErrorCode.Unauthorized, why));
        }

        var query = context.Request.Query;
        var offline = query["offline_token"] == "true" && subject != TokenService.AnonymousUser;
        return AnswerAsync(context, services, subject, [.. query["scope"].OfType<string>()], query["service"].FirstOrDefault(), oauth: false, offline);
    }

    private static async Task PostAsync(HttpContext context, RegistryServices services)
    {
        if (!context.Request.HasFormContentType)
        {
            await OAuthErrorAsync(context, "invalid_request", $"the OAuth2 form is {FormType}");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var service = form["service"].FirstOrDefault();
        if (string.IsNullOrEmpty(form["client_id"].FirstOrDefault()))
        {
            await OAuthErrorAsync(context, "invalid_request", "client_id is required");
            return;
        }

        var grantType = form["grant_type"].FirstOrDefault();
        string? refreshToken = form["refresh_token"].FirstOrDefault();
        var subject = grantType switch
        {
            "password" => services.Tokens.Authenticate(form["username"].FirstOrDefault() ?? "", form["password"].FirstOrDefault() ?? ""),
            "refresh_token" when refreshToken is not null => services.Tokens.Redeem(refreshToken, service),
            _ => null,
        };
        if (subject is null)
        {
            await (grantType switch
            {
                "password" => OAuthErrorAsync(context, "invalid_grant", "the username or password is not valid"),
                "refresh_token" => OAuthErrorAsync(context, "invalid_grant", "the refresh token is not valid for this service"),
                _ => OAuthErrorAsync(context, "unsupported_grant_type", "grant_type is password or refresh_token"),
            });
            return;
        }

        // A refresh grant hands back the refresh token it was given; offline access on a password grant mints one.
        var keep = grantType == "refresh_token" ? refreshToken : null;
        var offline = keep is not null || form["access_type"] == "offline";
        var scopes = form["scope"].OfType<string>().SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        await AnswerAsync(context, services, subject, scopes, service, oauth: true, offline, keep);
    }

    private static Task AnswerAsync(HttpContext context, RegistryServices services, RegistryUser subject, IReadOnlyList<string> scopes, string? service, bool oauth, bool offline, string? refreshToken = null)
    {
        if (services.Tokens.Issue(subject, scopes) is not var (token, grant))
        {
            return Responses.ErrorAsync(context, new RegistryError(403, ErrorCode.Denied, "the token service declines to issue this token"));
        }

        var body = new JsonObject();
        if (!oauth)
        {
            body["token"] = token;
        }

        body["access_token"] = token;
        if (oauth)
        {
            body["scope"] = grant.Scope;
        }

        body["expires_in"] = (int)TokenService.Lifetime.TotalSeconds;
        body["issued_at"] = grant.IssuedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (offline)
        {
            body["refresh_token"] = refreshToken ?? services.Tokens.IssueRefreshToken(subject, service);
        }

        return Responses.JsonAsync(context, body, MediaTypes.Json);
    }

    /// <summary>An OAuth2 error answer (RFC 6749 section 5.2): 400 with the error code and a description.</summary>
    private static Task OAuthErrorAsync(HttpContext context, string error, string description) =>
        Responses.JsonAsync(context, new JsonObject { ["error"] = error, ["error_description"] = description }, MediaTypes.Json, StatusCodes.Status400BadRequest);
}
