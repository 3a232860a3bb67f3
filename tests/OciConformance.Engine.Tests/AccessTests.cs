using System.Net;
using OciConformance.Results;

namespace OciConformance.Engine.Tests;

/// <summary>
/// The registry is blamed only for what it did: a refusal of access or a throttled request blocks the case, with
/// the reason and what to do, and counts against no requirement; a step that asks for such an answer is judged as
/// written; a target that refuses the suite at its door stops the run before any case.
/// </summary>
public sealed class AccessTests
{
    private const string Challenge = "Bearer realm=\"http://127.0.0.1:9/token\",service=\"stub\"";

    /// <summary>A registry that lets <c>/v2/</c> through and answers everything else with <paramref name="status"/>.</summary>
    private static StubServer Refusing(int status, params (string Name, string Value)[] headers) => new(context =>
        context.Request.Url!.AbsolutePath == "/v2/"
            ? StubServer.Respond(context, 200, "{}", ("Content-Type", "application/json"))
            : StubServer.Respond(context, status, """{"errors":[{"code":"DENIED","message":"no"}]}""", [("Content-Type", "application/json"), .. headers]));

    private const string ListTags = """
        { "name": "list the tags", "requirement": "dist.discovery.tags-list",
          "request": { "method": "GET", "path": "/v2/{repo}/tags/list" },
          "expect": [ { "status": 200 }, { "errorCode": "NAME_UNKNOWN" } ] }
        """;

    private static async Task<RunReport> RunAsync(Uri target, string steps) =>
        await ConformanceEngine.RunAsync(Harness.Options(target), Harness.DataWith(Harness.Scenario(steps, "\"dist.discovery.tags-list\"")));

    [TestCase(401, AccessBlock.Authentication, "WWW-Authenticate", "target.username")]
    [TestCase(403, AccessBlock.Authorization, "answered 403", "may not do this")]
    [TestCase(429, AccessBlock.RateLimit, "Retry-After: 3600", "throttles")]
    public async Task An_unasked_refusal_blocks_the_case_and_fails_no_requirement(int status, string reason, string shows, string advice)
    {
        await using var stub = Refusing(status, status == 401 ? ("WWW-Authenticate", Challenge) : ("Retry-After", "3600"));

        var report = await RunAsync(stub.BaseAddress, ListTags);

        var result = report.Cases.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Blocked), result.Message);
            Assert.That(result.BlockedBy, Is.EqualTo(reason));
            Assert.That(result.Message, Does.StartWith($"blocked by {reason} in step 'list the tags'").And.Contain(shows).And.Contain(advice));
            Assert.That(result.FailedChecks.Select(c => c.BlockedBy), Is.All.EqualTo(reason), "every check the refusal spoiled says why");
            Assert.That(report.HasMandatoryFailure, Is.False, "a refusal is no broken MUST");
            Assert.That(report.Requirements.Single(r => r.Id == "dist.discovery.tags-list").Outcome, Is.Not.EqualTo(Outcome.Failed));
        });
    }

    [Test]
    public async Task A_step_that_asks_for_the_refusal_is_judged_as_written()
    {
        await using var refuses = Refusing(401, ("WWW-Authenticate", Challenge));
        await using var forbids = Refusing(403);
        const string steps = """
            { "name": "ask without access", "requirement": "dist.discovery.tags-list",
              "request": { "method": "GET", "path": "/v2/{repo}/tags/list" },
              "expect": [ { "status": 401 } ] }
            """;

        var asked = (await RunAsync(refuses.BaseAddress, steps)).Cases.Single();
        var other = (await RunAsync(forbids.BaseAddress, steps)).Cases.Single();

        Assert.Multiple(() =>
        {
            Assert.That(asked.Outcome, Is.EqualTo(Outcome.Passed), asked.Message);
            Assert.That(other.Outcome, Is.EqualTo(Outcome.Blocked), "a 403 where a 401 was asked for still says access was refused");
            Assert.That(other.BlockedBy, Is.EqualTo(AccessBlock.Authorization));
        });
    }

    [Test]
    public async Task A_registry_that_refuses_the_suite_at_v2_stops_the_run_naming_scheme_realm_and_setting()
    {
        await using var stub = new StubServer(context => StubServer.Respond(context, 401, "", ("WWW-Authenticate", Challenge)));

        var refused = await Assert.ThrowsAsync<RegistryAccessException>(() => RunAsync(stub.BaseAddress, ListTags));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.Contain("401").And.Contain("Bearer").And.Contain("realm \"http://127.0.0.1:9/token\"").And.Contain("service \"stub\""));
            Assert.That(refused.Message, Does.Contain("no credentials are configured").And.Contain("target.username").And.Contain("OCI_USERNAME"));
            Assert.That(stub.Requests.Select(r => r.Path), Has.None.Contains("/tags/"), "no case ran");
        });
    }

    [Test]
    public async Task Rejected_credentials_are_named_as_such()
    {
        await using var stub = new StubServer(context => StubServer.Respond(context, 401, "", ("WWW-Authenticate", "Basic realm=\"stub\"")));
        var options = Harness.Options(stub.BaseAddress, username: "ci", password: "wrong");

        var refused = await Assert.ThrowsAsync<RegistryAccessException>(() => ConformanceEngine.RunAsync(options, Harness.DataWith(Harness.Scenario(ListTags, "\"dist.discovery.tags-list\""))));

        Assert.That(refused!.Message, Does.Contain("Basic challenge (realm \"stub\")").And.Contain("user 'ci' were not accepted").And.Not.Contain("wrong"));
    }

    [Test]
    public void A_refused_status_maps_to_its_reason()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AccessBlock.ForStatus((int)HttpStatusCode.Unauthorized), Is.EqualTo(AccessBlock.Authentication));
            Assert.That(AccessBlock.ForStatus((int)HttpStatusCode.Forbidden), Is.EqualTo(AccessBlock.Authorization));
            Assert.That(AccessBlock.ForStatus((int)HttpStatusCode.TooManyRequests), Is.EqualTo(AccessBlock.RateLimit));
            Assert.That(AccessBlock.ForStatus(404), Is.Null);
        });
    }
}
