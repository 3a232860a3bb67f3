using System.Text;
using OciConformance.Results;

namespace OciConformance.Engine.Tests;

/// <summary>
/// fetch-token speaks both forms of the token protocol as written (GET with Basic credentials, the OAuth2 POST with a
/// form), judges the answer's fields, hands the token on and keeps every secret out of the report; a case that needs
/// an account the configuration lacks is not run and names the settings.
/// </summary>
public sealed class TokenFormTests
{
    private const string User = "ci";
    private const string Password = "ci-secret-value";
    private const string Requirements = "\"auth.token.token-answer\", \"auth.token.same-token\", \"auth.token.expires-in\"";
    private const string Checks = """ "checks": { "token": "auth.token.token-answer", "same-token": "auth.token.same-token", "expires-in": "auth.token.expires-in" } """;

    private const string Challenge = """
        { "name": "read the challenge", "request": { "method": "GET", "path": "/v2/", "credentials": "none" },
          "expect": [ { "status": 401 } ], "capture": { "challenge": { "header": "WWW-Authenticate" } } }
        """;

    private sealed record TokenRequest(string Method, string PathAndQuery, string? Authorization, string? ContentType, string Body);

    /// <summary>
    /// A token registry whose token server answers the suite's own client (which names no client_id) with a working
    /// token, and fetch-token's requests with <paramref name="status"/> and <paramref name="answer"/>; each of those is recorded.
    /// </summary>
    private static StubServer Registry(string answer, List<TokenRequest> asked, int status = 200)
    {
        StubServer? server = null;
        server = new StubServer(async context =>
        {
            var request = context.Request;
            if (request.Url!.AbsolutePath == "/token")
            {
                using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var fromAction = request.Url.Query.Contains("client_id=", StringComparison.Ordinal) || body.Contains("client_id=", StringComparison.Ordinal);
                if (fromAction)
                {
                    lock (asked)
                    {
                        asked.Add(new TokenRequest(request.HttpMethod, request.Url.PathAndQuery, request.Headers["Authorization"], request.ContentType, body));
                    }
                }

                await (fromAction
                    ? StubServer.Respond(context, status, answer, ("Content-Type", "application/json"))
                    : StubServer.Respond(context, 200, """{"token":"suite-token-value"}""", ("Content-Type", "application/json")));
                return;
            }

            var authorization = request.Headers["Authorization"];
            await (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal)
                ? StubServer.Respond(context, 200, "{}", ("Content-Type", "application/json"))
                : StubServer.Respond(context, 401, """{"errors":[{"code":"UNAUTHORIZED","message":"token needed"}]}""",
                    ("Content-Type", "application/json"), ("WWW-Authenticate", $"Bearer realm=\"{new Uri(server!.BaseAddress, "/token")}\",service=\"stub\"")));
        });
        return server;
    }

    private static async Task<RunReport> RunAsync(StubServer server, string steps, string requirements = Requirements) =>
        await ConformanceEngine.RunAsync(Harness.Options(server.BaseAddress, username: User, password: Password), Harness.DataWith(Harness.Scenario(steps, requirements)));

    private static string Transcript(RunReport report) => string.Join("\n", report.Cases.SelectMany(c => c.Exchanges).Select(e => e.ToTranscript()));

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Test]
    public async Task The_get_form_sends_service_scopes_and_client_with_basic_credentials_and_hands_the_token_on()
    {
        var asked = new List<TokenRequest>();
        await using var server = Registry("""{"token":"token-value-1","access_token":"token-value-1","expires_in":300,"refresh_token":"refresh-value-1"}""", asked);

        var report = await RunAsync(server, $$"""
            {{Challenge}},
            { "name": "fetch a token", "action": "fetch-token",
              "with": { "challenge": "{challenge}", "scope": ["repository:a/b:pull", "repository:c/d:pull,push"], "offline": true, "as": "token" },
              {{Checks}}, "expect": [ { "status": 200 } ] },
            { "name": "use it", "request": { "method": "GET", "path": "/v2/a/b/manifests/v1", "credentials": "none", "headers": { "Authorization": "Bearer {token}" } },
              "expect": [ { "status": 200 } ] }
            """);

        var result = report.Cases.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Passed), result.Message);
            Assert.That(asked.Single().Method, Is.EqualTo("GET"));
            Assert.That(asked.Single().PathAndQuery, Is.EqualTo("/token?service=stub&scope=repository%3Aa%2Fb%3Apull&scope=repository%3Ac%2Fd%3Apull%2Cpush&client_id=oci-conformance&offline_token=true"));
            Assert.That(asked.Single().Authorization, Is.EqualTo(Basic(User, Password)));
            Assert.That(server.Requests.Last().Authorization, Is.EqualTo("Bearer token-value-1"), "the token reached the next step");
            Assert.That(Transcript(report), Does.Not.Contain("token-value-1").And.Not.Contain("refresh-value-1").And.Not.Contain(Password));
        });
    }

    [TestCase("""{"token":"token-value-1","access_token":"token-value-2"}""", Outcome.Warning, "auth.token.same-token")]
    [TestCase("""{"token":"token-value-1","expires_in":30}""", Outcome.Warning, "auth.token.expires-in")]
    [TestCase("""{"token":"token-value-1","expires_in":"3600"}""", Outcome.Warning, "auth.token.expires-in")]
    [TestCase("""{"expires_in":3600,"refresh_token":"refresh-value-1"}""", Outcome.Failed, "auth.token.token-answer")]
    [TestCase("""{"token":""}""", Outcome.Failed, "auth.token.token-answer")]
    [TestCase("""["token-value-1"]""", Outcome.Failed, "auth.token.token-answer")]
    public async Task A_token_answer_that_breaks_a_rule_fails_that_rule_at_its_level(string answer, Outcome outcome, string requirement)
    {
        await using var server = Registry(answer, []);

        var report = await RunAsync(server, $$"""
            {{Challenge}},
            { "name": "fetch a token", "action": "fetch-token", "with": { "challenge": "{challenge}", "scope": "repository:a/b:pull" }, {{Checks}} }
            """);

        var result = report.Cases.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(outcome), result.Message);
            Assert.That(result.FailedChecks.Select(c => c.Requirement), Is.EqualTo(new[] { requirement }));
            Assert.That(result.Message, Does.Not.Contain("token-value"), "the answer is described by its fields, never its values");
        });
    }

    [Test]
    public async Task The_oauth_form_posts_the_password_grant_then_the_refresh_grant_as_a_form()
    {
        var asked = new List<TokenRequest>();
        await using var server = Registry("""{"access_token":"token-value-1","scope":"repository:a/b:pull","expires_in":300,"refresh_token":"refresh-value-1"}""", asked);

        var report = await RunAsync(server, $$"""
            {{Challenge}},
            { "name": "password grant", "action": "fetch-token",
              "with": { "challenge": "{challenge}", "form": "password", "scope": ["repository:a/b:pull", "repository:c/d:pull"], "offline": true },
              {{Checks}}, "expect": [ { "status": 200 } ], "capture": { "refresh": { "json": "/refresh_token" } } },
            { "name": "refresh grant", "action": "fetch-token",
              "with": { "challenge": "{challenge}", "form": "refresh", "refreshToken": "{refresh}", "scope": "repository:a/b:pull,push" },
              {{Checks}}, "expect": [ { "status": 200 } ] }
            """);

        var result = report.Cases.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Passed), result.Message);
            Assert.That(asked.Select(a => (a.Method, a.PathAndQuery, a.ContentType, a.Authorization)),
                Is.All.EqualTo(("POST", "/token", "application/x-www-form-urlencoded", (string?)null)));
            Assert.That(asked[0].Body, Is.EqualTo($"grant_type=password&username={User}&password={Password}&service=stub&client_id=oci-conformance&scope=repository%3Aa%2Fb%3Apull%20repository%3Ac%2Fd%3Apull&access_type=offline"));
            Assert.That(asked[1].Body, Is.EqualTo("grant_type=refresh_token&refresh_token=refresh-value-1&service=stub&client_id=oci-conformance&scope=repository%3Aa%2Fb%3Apull%2Cpush"));
            Assert.That(Transcript(report), Does.Not.Contain(Password).And.Not.Contain("refresh-value-1").And.Not.Contain("token-value-1"));
        });
    }

    [Test]
    public async Task A_wrong_password_is_the_configured_user_with_a_password_that_is_not_theirs()
    {
        var asked = new List<TokenRequest>();
        await using var server = Registry("""{"token":"token-value-1"}""", asked);

        await RunAsync(server, $$"""
            {{Challenge}},
            { "name": "fetch with a wrong password", "action": "fetch-token", "with": { "challenge": "{challenge}", "credentials": "wrong-password" }, {{Checks}} },
            { "name": "fetch with none", "action": "fetch-token", "with": { "challenge": "{challenge}", "credentials": "none" }, {{Checks}} }
            """);

        var wrong = Encoding.UTF8.GetString(Convert.FromBase64String(asked[0].Authorization!["Basic ".Length..]));
        Assert.Multiple(() =>
        {
            Assert.That(wrong, Does.StartWith($"{User}:").And.Not.EqualTo($"{User}:{Password}"));
            Assert.That(asked[1].Authorization, Is.Null);
        });
    }

    [TestCase("""{ "name": "push as the reader", "request": { "method": "GET", "path": "/v2/a/b/tags/list", "credentials": "pull-only" }, "expect": [ { "status": 401 } ] }""")]
    [TestCase("""{ "name": "push as the reader", "action": "fetch-token", "with": { "challenge": "{challenge}", "credentials": "pull-only" }, "checks": { "token": "auth.token.token-answer", "same-token": "auth.token.same-token", "expires-in": "auth.token.expires-in" } }""")]
    public async Task A_step_that_needs_the_pull_only_account_is_not_run_without_one_and_names_the_settings(string step)
    {
        await using var server = Registry("""{"token":"token-value-1"}""", []);

        var report = await RunAsync(server, $"{Challenge}, {step}");

        var result = report.Cases.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.NotRun), result.Message);
            Assert.That(result.Message, Does.StartWith("step 'push as the reader' needs the pull-only account, which is not configured: set auth.pullOnlyUsername and auth.pullOnlyPassword")
                .And.Contain("--pull-only-username, --pull-only-password").And.Contain("CONFORMANCE__AUTH__PULLONLYPASSWORD"));
            Assert.That(server.Requests.Select(r => r.Path), Has.None.Contains("/v2/a/b"), "nothing was sent as an account that does not exist");
        });
    }

    [Test]
    public async Task A_token_server_refusal_is_not_held_to_the_registry_error_format()
    {
        await using var server = Registry("""{"error":"invalid_grant","error_description":"no"}""", [], status: 400);

        var report = await RunAsync(server, $$"""
            {{Challenge}},
            { "name": "refresh with a bad token", "action": "fetch-token",
              "with": { "challenge": "{challenge}", "form": "refresh", "refreshToken": "not-a-refresh-token" }, {{Checks}},
              "expect": [ { "status": 400 } ] }
            """);

        var result = report.Cases.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Passed), result.Message);
            Assert.That(result.Checks.Select(c => c.Requirement), Has.None.StartWith("dist.errors."), "an OAuth2 error is the token server's format");
        });
    }
}
