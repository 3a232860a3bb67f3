using System.Text;
using System.Text.Json;
using OciConformance.Engine.ActionSteps.Referrers;
using OciConformance.Fixtures;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Auth;

/// <summary>
/// Asks the token server a Bearer challenge names (<c>with.challenge</c>, its realm and service) for a token, in one of
/// the token protocol's forms: GET with Basic credentials, or the OAuth2 POST with a password or a refresh_token
/// grant. The answer is the token server's; the step's <c>expect</c> judges its status and fields, and this action
/// checks what needs logic: a bearer token under a name the protocol knows, the two names agreeing, a lifetime of at
/// least a minute. The token goes to <c>with.as</c> for later steps. The token server is not the registry API, so its
/// answers are not held to the distribution-spec's error format.
/// </summary>
public sealed class FetchTokenAction : IScenarioAction
{
    public static readonly ActionCheck Token = new("token", "a 2xx answer holds the bearer token: token or access_token (the POST form: access_token), a non-empty string");
    public static readonly ActionCheck SameToken = new("same-token", "when the answer holds both token and access_token, they are the same");
    public static readonly ActionCheck ExpiresIn = new("expires-in", "expires_in, when present, is a whole number of seconds, at least 60");

    /// <summary>How clients name themselves to token servers that audit them (client_id).</summary>
    public const string ClientId = "oci-conformance";

    private const int MinimumLifetime = 60;

    public string Name => "fetch-token";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Token, SameToken, ExpiresIn];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var challenge = AuthChallenge.Parse(run.Render(Actions.Argument(step, "challenge")));
        if (challenge is not { IsBearer: true, Realm: { } realmText } || !Uri.TryCreate(run.Environment.Client.BaseAddress, realmText, out var realm))
        {
            throw new MissingValueException($"step '{step.Name}': the challenge names no token server (a Bearer challenge with a realm URL); gate the step that reads it on one");
        }

        var form = With.String(step, "form") ?? "get";
        var request = form == "get"
            ? GetRequest(run, step, realm, challenge.Service)
            : PostRequest(run, step, realm, challenge.Service, form);
        var answer = await run.Environment.Client.SendAsync(request, run.Log, cancellationToken);
        Judge(run, step, answer, form);
        return answer;
    }

    private static RegistryRequest GetRequest(CaseRun run, Step step, Uri realm, string? service)
    {
        var query = new List<KeyValuePair<string, string>>();
        if (service is not null)
        {
            query.Add(new("service", service));
        }

        query.AddRange(Scopes(run, step).Select(scope => new KeyValuePair<string, string>("scope", scope)));
        query.Add(new("client_id", ClientId));
        if (With.Flag(step, "offline", false))
        {
            query.Add(new("offline_token", "true"));
        }

        var url = new UriBuilder(realm) { Query = string.Join('&', query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")) }.Uri;
        var credentials = Credentials(run, step);
        return new RegistryRequest(HttpMethod.Get, url)
        {
            Credentials = RequestCredentials.None,
            Headers = credentials is null ? [] : [new("Authorization", credentials.BasicAuthorization)],
        };
    }

    /// <summary>The OAuth2 form (oauth.md): every parameter in a form-encoded body, several scopes in one, space-separated.</summary>
    private static RegistryRequest PostRequest(CaseRun run, Step step, Uri realm, string? service, string form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (form == "refresh")
        {
            var refreshToken = run.Render(Actions.Argument(step, "refreshToken"));
            run.Environment.Client.Redactor.AddSecret(refreshToken);
            fields.Add(new("grant_type", "refresh_token"));
            fields.Add(new("refresh_token", refreshToken));
        }
        else
        {
            var credentials = Credentials(run, step)
                ?? throw new FixtureException($"step '{step.Name}': the password grant needs credentials; with.credentials is none.");
            fields.Add(new("grant_type", "password"));
            fields.Add(new("username", credentials.Username));
            fields.Add(new("password", credentials.Password));
        }

        if (service is not null)
        {
            fields.Add(new("service", service));
        }

        fields.Add(new("client_id", ClientId));
        if (Scopes(run, step) is { Count: > 0 } scopes)
        {
            fields.Add(new("scope", string.Join(' ', scopes)));
        }

        if (With.Flag(step, "offline", false))
        {
            fields.Add(new("access_type", "offline"));
        }

        var body = Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")));
        return new RegistryRequest(HttpMethod.Post, realm)
        {
            Credentials = RequestCredentials.None,
            Headers = [new("Content-Type", "application/x-www-form-urlencoded")],
            Body = RequestBody.FromBytes(body, $"form: {string.Join('&', fields.Select(f => f.Key))}"),
        };
    }

    private static List<string> Scopes(CaseRun run, Step step) =>
        step.With is { ValueKind: JsonValueKind.Object } with && with.TryGetProperty("scope", out _) ? [.. Actions.Arguments(step, "scope").Select(run.Render)] : [];

    /// <summary>
    /// What the token server is shown: the configured user, the pull-only account, nothing, or the configured user
    /// with a password that is surely wrong.
    /// </summary>
    private static RegistryCredentials? Credentials(CaseRun run, Step step)
    {
        var client = run.Environment.Client;
        return (With.String(step, "credentials") ?? "configured") switch
        {
            "none" => null,
            "pull-only" => client.CredentialsFor(RequestCredentials.PullOnly),
            "wrong-password" => client.CredentialsFor(RequestCredentials.Configured) is { } user
                ? user with { Password = $"not-{user.Password}-{run.Environment.RunId}" }
                : throw new MissingCredentialsException(RequestCredentials.Configured),
            _ => client.CredentialsFor(RequestCredentials.Configured),
        };
    }

    private static void Judge(CaseRun run, Step step, RegistryResponse answer, string form)
    {
        var name = With.String(step, "as");
        if (!answer.IsSuccess)
        {
            if (name is not null)
            {
                run.SetMissing(name, $"the token server answered {ExpectationEvaluator.StatusLine(answer)}");
            }

            return;
        }

        if (!ExpectationEvaluator.TryParse(answer, out var document, out var problem))
        {
            run.Check(Token, false, "the token answer is a JSON object holding the token", "a JSON object", problem, answer);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                run.Check(Token, false, "the token answer is a JSON object holding the token", "a JSON object", $"JSON {Kind(root)}", answer);
                return;
            }

            var token = Text(root, "token");
            var accessToken = Text(root, "access_token");
            foreach (var secret in new[] { token, accessToken, Text(root, "refresh_token") })
            {
                run.Environment.Client.Redactor.AddSecret(secret);
            }

            var bearer = form == "get" ? token ?? accessToken : accessToken;
            var names = form == "get" ? "token or access_token" : "access_token";
            run.Check(Token, !string.IsNullOrEmpty(bearer), $"the answer holds the bearer token as {names}", $"{names}, a non-empty string", Fields(root), answer);
            if (token is not null && accessToken is not null)
            {
                run.Check(SameToken, token == accessToken, "token and access_token are the same token", "equal values", "two different values", answer);
            }

            if (root.TryGetProperty("expires_in", out var expiresIn))
            {
                var seconds = expiresIn.ValueKind == JsonValueKind.Number && expiresIn.TryGetInt64(out var whole) ? whole : (long?)null;
                run.Check(ExpiresIn, seconds >= MinimumLifetime, $"expires_in is a whole number of seconds, at least {MinimumLifetime}",
                    $"a number >= {MinimumLifetime}", expiresIn.GetRawText(), answer);
            }

            if (name is not null && !string.IsNullOrEmpty(bearer))
            {
                run.Set(name, bearer);
            }
            else if (name is not null)
            {
                run.SetMissing(name, $"the token server's answer holds no {names}");
            }
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The answer's field names and kinds, never its values (they are secrets).</summary>
    private static string Fields(JsonElement root) =>
        "{" + string.Join(", ", root.EnumerateObject().Select(p => $"{p.Name}: {Kind(p.Value)}")) + "}";

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
