using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OciConformance.Reference.Http;

namespace OciConformance.Reference.Faults;

// Faults of --auth token: the registry's challenges and refusals, and the token service's answers. The rules they
// break are those of distribution's token authentication documents (docs/content/spec/auth), not the distribution-spec.

/// <summary>Where the token service's answers are: <c>/token</c>, and for the OAuth2 form its POST.</summary>
internal static class TokenAnswers
{
    public static bool Any(Exchange x) => x.Request.Path == "/token" && x.Status == StatusCodes.Status200OK;

    public static bool OAuth(Exchange x) => x.Request.Path == "/token" && HttpMethods.IsPost(x.Request.Method);

    /// <summary>Changes every token answer the handler wrote.</summary>
    public static void Rewrite(FaultLayer layer, Func<Exchange, bool> when, Action<Exchange, JsonObject> rewrite) =>
        layer.RewriteJson(x => Any(x) && when(x), (x, body) =>
        {
            if (body is JsonObject answer)
            {
                rewrite(x, answer);
            }

            return body;
        });
}

internal sealed class TokenIgnoresScope() : RegistryFault(
    "token-ignores-scope",
    "Any valid bearer token is accepted for any repository and action.",
    "Token scope: a token only grants the scopes (repository and actions) it was issued for.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<ITokenService>((tokens, _) => new Tokens(tokens));

    private sealed class Tokens(ITokenService inner) : TokenServiceDecorator(inner)
    {
        public override bool Allows(TokenGrant grant, Access access) => true;
    }
}

internal sealed class UnknownTokenAccepted() : RegistryFault(
    "unknown-token-accepted",
    "A bearer token the token service never issued is taken as the first user's, with every right.",
    "Token scope: a token the token service did not issue grants nothing.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<ITokenService>((tokens, services) => new Tokens(tokens, services.Options.Users[0]));

    private sealed class Tokens(ITokenService inner, RegistryUser anyone) : TokenServiceDecorator(inner)
    {
        private readonly TokenGrant _everything = new(anyone, new Dictionary<string, IReadOnlySet<string>>(), Catalog: true, DateTime.MaxValue);

        public override TokenGrant? Find(string token) => base.Find(token) ?? _everything;

        public override bool Allows(TokenGrant grant, Access access) => ReferenceEquals(grant, _everything) || base.Allows(grant, access);
    }
}

internal sealed class RepositoryChallengeMissing() : RegistryFault(
    "repository-challenge-missing",
    "A 401 on a repository comes without WWW-Authenticate (GET /v2/ still challenges).",
    "A 401 MUST carry a WWW-Authenticate challenge (RFC 6750 section 3, adopted by the token protocol).")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(x => x.Status == StatusCodes.Status401Unauthorized && x.Name.Length > 0, "WWW-Authenticate");
}

internal sealed partial class ChallengeWithoutScope() : RegistryFault(
    "challenge-without-scope",
    "Bearer challenges leave out the scope the request needs.",
    "A Bearer challenge names realm, service and the scope the request needs.")
{
    public override void Apply(FaultLayer layer) => layer.RewriteHeaders(
        x => x.Status == StatusCodes.Status401Unauthorized && x.Response.Headers.WWWAuthenticate.ToString().Contains("scope=", StringComparison.Ordinal),
        x => x.Response.Headers.WWWAuthenticate = Scope().Replace(x.Response.Headers.WWWAuthenticate.ToString(), ""));

    [GeneratedRegex(",scope=\"[^\"]*\"")]
    private static partial Regex Scope();
}

internal sealed class UnauthorizedAsDenied() : RegistryFault(
    "unauthorized-as-denied",
    "401 error bodies carry the code DENIED instead of UNAUTHORIZED.",
    "A 401 carries the error code UNAUTHORIZED, a 403 DENIED.")
{
    public override void Apply(FaultLayer layer) => ErrorBodies.RewriteEntries(layer, (x, entry) =>
    {
        if (x.Status == StatusCodes.Status401Unauthorized)
        {
            entry["code"] = "DENIED";
        }
    });
}

internal sealed class OfflineTokenOnlyRefresh() : RegistryFault(
    "offline-token-only-refresh",
    "Asked for offline_token=true, the GET answer holds the refresh token but neither token nor access_token.",
    "A token answer MUST hold the bearer token as token or access_token.")
{
    public override void Apply(FaultLayer layer) => TokenAnswers.Rewrite(layer, x => x.Query["offline_token"] == "true", (_, answer) =>
    {
        answer.Remove("token");
        answer.Remove("access_token");
    });
}

internal sealed class AccessTokenDiffers() : RegistryFault(
    "access-token-differs",
    "Token answers give access_token a value other than token.",
    "When a token answer holds both token and access_token they are the same token.")
{
    public override void Apply(FaultLayer layer) => TokenAnswers.Rewrite(layer, _ => true, (_, answer) =>
    {
        if (answer["token"] is not null && answer["access_token"] is not null)
        {
            answer["access_token"] = "other-" + answer["token"]!.GetValue<string>();
        }
    });
}

internal sealed class TokenShortLived() : RegistryFault(
    "token-short-lived",
    "Token answers say expires_in 30.",
    "A token is never handed out with less than 60 seconds to live.")
{
    public override void Apply(FaultLayer layer) => TokenAnswers.Rewrite(layer, _ => true, (_, answer) => answer["expires_in"] = 30);
}

internal sealed class IssuedAtUnixSeconds() : RegistryFault(
    "issued-at-unix-seconds",
    "Token answers give issued_at in Unix seconds instead of an RFC 3339 time.",
    "issued_at, when given, is an RFC 3339 UTC timestamp.")
{
    public override void Apply(FaultLayer layer) => TokenAnswers.Rewrite(layer, _ => true, (_, answer) =>
        answer["issued_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
}

internal sealed class PartialScopeRefused() : RegistryFault(
    "partial-scope-refused",
    "A token request for actions the user does not all hold is refused (403) instead of narrowed.",
    "Asking for more than one holds MUST NOT be an error: the token carries the actions held.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<ITokenService>((tokens, _) => new Tokens(tokens));

    private sealed class Tokens(ITokenService inner) : TokenServiceDecorator(inner)
    {
        public override (string Token, TokenGrant Grant)? Issue(RegistryUser user, IEnumerable<string> scopes)
        {
            var asked = scopes.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(s => s.Split(':'))
                .Where(parts => parts.Length == 3 && parts[0] == "repository" && parts[2] != "*")
                .SelectMany(parts => parts[2].Split(','));
            return asked.All(user.Actions.Contains) ? base.Issue(user, scopes) : null;
        }
    }
}

internal sealed class WrongPasswordAccepted() : RegistryFault(
    "wrong-password-accepted",
    "A known user name gets a token (and past Basic auth) with any password.",
    "Credentials that fail to authenticate get 401 from the token service, not a token.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<ITokenService>((tokens, services) => new Tokens(tokens, services.Options.Users));

    private sealed class Tokens(ITokenService inner, IReadOnlyList<RegistryUser> users) : TokenServiceDecorator(inner)
    {
        public override RegistryUser? Authenticate(string name, string password) =>
            base.Authenticate(name, password) ?? users.FirstOrDefault(u => u.Name == name);
    }
}

internal sealed class AnonymousTokenRefused() : RegistryFault(
    "anonymous-token-refused",
    "Token requests without credentials are refused (401) although --anonymous-pull is on.",
    "Optional: a token server may hand anonymous clients pull tokens (a refusal reads as not offered).")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<ITokenService>((tokens, _) => new Tokens(tokens));

    private sealed class Tokens(ITokenService inner) : TokenServiceDecorator(inner)
    {
        public override RegistryUser? Anonymous => null;
    }
}

internal sealed class OAuthPostUnsupported() : RegistryFault(
    "oauth-post-unsupported",
    "The token service answers the OAuth2 POST with 404, as token servers without OAuth2 do.",
    "Optional: a token server may take the OAuth2 POST form (a 404 reads as not offered).")
{
    public override void Apply(FaultLayer layer)
    {
        layer.RewriteHeaders(TokenAnswers.OAuth, x => x.Response.StatusCode = StatusCodes.Status404NotFound);
        layer.RewriteJson(TokenAnswers.OAuth, (_, _) => new JsonObject { ["error"] = "not_found", ["error_description"] = "no OAuth2 here" });
    }
}

internal sealed class OAuthAnswerWithoutScope() : RegistryFault(
    "oauth-answer-without-scope",
    "OAuth2 token answers leave out scope.",
    "An OAuth2 token answer MUST hold access_token, scope and expires_in.")
{
    public override void Apply(FaultLayer layer) => TokenAnswers.Rewrite(layer, TokenAnswers.OAuth, (_, answer) => answer.Remove("scope"));
}

internal sealed class RefreshTokenWithheld() : RegistryFault(
    "refresh-token-withheld",
    "Token answers never carry a refresh token, whatever offline access is asked for.",
    "Optional: asked for offline access, a token server may add a refresh token (its absence reads as not offered).")
{
    public override void Apply(FaultLayer layer) => TokenAnswers.Rewrite(layer, _ => true, (_, answer) => answer.Remove("refresh_token"));
}

internal sealed class RefreshGrantRefused() : RegistryFault(
    "refresh-grant-refused",
    "Refresh tokens are handed out, but a refresh_token grant is refused (400 invalid_grant).",
    "A refresh token the server issued gets further access tokens for the same subject.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<ITokenService>((tokens, _) => new Tokens(tokens));

    private sealed class Tokens(ITokenService inner) : TokenServiceDecorator(inner)
    {
        public override RegistryUser? Redeem(string refreshToken, string? service) => null;
    }
}
