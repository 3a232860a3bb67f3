using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Engine.Tests;

/// <summary>How the engine turns what a registry did into verdicts, against the embedded reference registry and stubs.</summary>
public sealed class EngineTests
{
    private ReferenceRegistry _registry = null!;

    [OneTimeSetUp]
    public async Task StartRegistry() => _registry = await ReferenceRegistry.StartAsync(new RegistryOptions());

    [OneTimeTearDown]
    public async Task StopRegistry() => await _registry.DisposeAsync();

    private async Task<CaseResult> RunAsync(string scenarioFile, Uri? target = null) =>
        (await Harness.RunAsync(target ?? _registry.BaseAddress, Harness.DataWith(scenarioFile))).Single();

    [Test]
    public async Task A_wrong_expectation_fails_the_case_citing_the_requirement_and_the_exchange()
    {
        var result = await RunAsync(Harness.Scenario("""{ "name": "GET /v2/", "request": { "method": "GET", "path": "/v2/" }, "expect": [ { "status": 418 } ] }"""));
        var message = result.Explain();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Failed));
            Assert.That(result.Message, Does.Contain("dist.base.v2-ok").And.Contain("expected 418, got 200"));
            Assert.That(message, Does.Contain("> GET ").And.Contain("/v2/").And.Contain("< 200"), "the failure carries the HTTP exchange");
        });
    }

    [Test]
    public async Task The_same_scenario_with_the_right_expectation_passes()
    {
        var result = await RunAsync(Harness.Scenario("""{ "name": "GET /v2/", "request": { "method": "GET", "path": "/v2/" }, "expect": [ { "status": 200 } ] }"""));
        Assert.That(result.Outcome, Is.EqualTo(Outcome.Passed), result.Message);
    }

    [Test]
    public async Task A_failed_setup_step_blocks_the_case_instead_of_failing_it()
    {
        var result = await RunAsync(Harness.Scenario("""
            { "name": "prepare", "setup": true, "request": { "method": "GET", "path": "/v2/" }, "expect": [ { "status": 204 } ] },
            { "name": "GET /v2/", "request": { "method": "GET", "path": "/v2/" }, "expect": [ { "status": 200 } ] }
            """));
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Blocked));
            Assert.That(result.Message, Does.StartWith("blocked by dist.base.v2-ok"));
        });
    }

    [TestCase("tag-query-param", Outcome.NotSupported, "optional feature 'tag-query-param' is not offered")]
    [TestCase("docker-manifest-list", Outcome.NotSupported, "feature beyond the spec 'docker-manifest-list' is not offered")]
    [TestCase("range-requests", Outcome.Warning, "dist.pull.range-requests (SHOULD): feature 'range-requests' is missing")]
    [TestCase("manifest-size-limit", Outcome.NotApplicable, "not applicable until the registry enforces a manifest size limit")]
    public async Task A_failed_gate_earns_what_its_features_kind_says(string feature, Outcome expected, string message)
    {
        var result = await RunAsync(Harness.Scenario($$"""{ "name": "GET /v2/", "request": { "method": "GET", "path": "/v2/" }, "expect": [ { "status": 200 }, { "header": "X-Never-Sent", "present": true, "gate": "{{feature}}" } ] }"""));
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(expected));
            Assert.That(result.Message, Does.Contain(message));
        });
    }

    [Test]
    public async Task A_gate_on_an_undeclared_feature_is_an_error_of_the_suite()
    {
        var result = await RunAsync(Harness.Scenario("""{ "name": "GET /v2/", "request": { "method": "GET", "path": "/v2/" }, "expect": [ { "header": "X-Never-Sent", "present": true, "gate": "imaginary-feature" } ] }"""));
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Error));
            Assert.That(result.Message, Does.Contain("imaginary-feature"));
        });
    }

    [Test]
    public async Task A_missing_optional_feature_never_hides_a_mandatory_failure()
    {
        var result = await RunAsync(Harness.Scenario("""{ "name": "GET /v2/", "request": { "method": "GET", "path": "/v2/" }, "expect": [ { "header": "X-Mandatory", "present": true }, { "header": "X-Never-Sent", "present": true, "gate": "tag-query-param" } ] }"""));
        Assert.That(result.Outcome, Is.EqualTo(Outcome.Failed));
    }

    [Test]
    public async Task A_scenario_that_checks_nothing_is_an_error_of_the_suite()
    {
        var result = await RunAsync(Harness.Scenario("""{ "name": "GET /v2/", "request": { "method": "GET", "path": "/v2/" } }"""));
        Assert.That(result.Outcome, Is.EqualTo(Outcome.Error));
    }

    [Test]
    public async Task A_registry_answering_garbage_fails_the_check_with_a_readable_message()
    {
        await using var stub = new StubServer(context => StubServer.Respond(context, 200, "<html>not json", ("Content-Type", "text/html")));
        var result = await RunAsync(Harness.Scenario(
            """{ "name": "list tags", "request": { "method": "GET", "path": "/v2/x/tags/list" }, "expect": [ { "status": 200 }, { "schema": "api/tags-list.v1" }, { "json": "/tags", "sorted": true } ] }""",
            "\"dist.discovery.tags-list\""), stub.BaseAddress);
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Failed));
            Assert.That(result.Message, Does.Contain("not JSON").And.Contain("<html>not json"));
        });
    }

    [Test]
    public async Task A_registry_that_hangs_fails_the_case_within_the_time_out()
    {
        await using var stub = new StubServer(async _ => await Task.Delay(TimeSpan.FromSeconds(30)));
        var data = Harness.DataWith(Harness.Scenario("""{ "name": "GET /v2/", "request": { "method": "GET", "path": "/v2/" }, "expect": [ { "status": 200 } ] }"""));
        var result = (await Harness.RunAsync(stub.BaseAddress, data, Harness.Options(stub.BaseAddress, timeoutSeconds: 1))).Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Failed));
            Assert.That(result.Message, Does.Contain("time-out"));
        });
    }

    [Test]
    public async Task A_switched_off_profile_is_not_run_and_sends_nothing()
    {
        var data = Harness.DataWith(Harness.Scenario("""{ "name": "GET /v2/", "request": { "method": "GET", "path": "/v2/" }, "expect": [ { "status": 200 } ] }"""));
        var options = Harness.Options(_registry.BaseAddress);
        options = options with { Profiles = options.Profiles.ToDictionary(p => p.Key, p => p.Key != "pull") };
        var result = (await Harness.RunAsync(_registry.BaseAddress, data, options)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.NotRun));
            Assert.That(result.Exchanges, Is.Empty);
        });
    }

    private const string ManifestScenario = """
        { "scenarios": [ { "id": "under-test", "title": "A scenario written by a test", "profile": "formats",
          "requirements": ["dist.push.manifest-put-created"],
          "blobs": { "config": { "text": "{}", "mediaType": "application/vnd.oci.image.config.v1+json" } },
          "manifests": { "m": { "mediaType": "application/vnd.oci.image.manifest.v1+json" MARK, "content": {
            "schemaVersion": SCHEMA, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": { "mediaType": "application/vnd.oci.image.config.v1+json", "digest": "{blob.config.digest}", "size": "{blob.config.size}" },
            "layers": [ { "mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "{blob.config.digest}", "size": "{blob.config.size}" } ] } } },
          "steps": [ { "name": "push it", "request": { "method": "PUT", "path": "/v2/{repo}/manifests/v1",
            "headers": { "Content-Type": "application/vnd.oci.image.manifest.v1+json" }, "body": { "manifest": "m" } },
            "expect": [ { "status": EXPECTED } ] } ] } ] }
        """;

    private static string Manifest(int schemaVersion, int expectedStatus, string mark = "") => ManifestScenario
        .Replace("SCHEMA", schemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("EXPECTED", expectedStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("MARK", mark, StringComparison.Ordinal);

    [Test]
    public async Task An_invalid_fixture_manifest_is_a_fixture_error_not_a_registry_failure()
    {
        var result = await RunAsync(Manifest(schemaVersion: 3, expectedStatus: 400));
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Error));
            Assert.That(result.Message, Does.Contain("not a valid oci-image-manifest").And.Contain("image.manifest.schema-version"));
            Assert.That(result.Exchanges, Is.Empty, "nothing invalid was sent");
        });
    }

    [Test]
    public async Task A_manifest_invalid_on_purpose_is_sent_and_the_registry_refusal_checked()
    {
        var result = await RunAsync(Manifest(schemaVersion: 3, expectedStatus: 400, mark: """, "invalidOnPurpose": "schemaVersion 3 does not exist; the registry must refuse it" """));
        Assert.That(result.Outcome, Is.EqualTo(Outcome.Passed), result.Message);
    }

    [Test]
    public async Task A_manifest_served_in_breach_of_its_format_fails_the_rule_it_breaks()
    {
        await using var stub = new StubServer(context => StubServer.Respond(context, 200, """{"schemaVersion":1,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}""",
            ("Content-Type", "application/vnd.oci.image.manifest.v1+json")));
        var result = await RunAsync(Harness.Scenario(
            """{ "name": "GET a manifest", "request": { "method": "GET", "path": "/v2/x/manifests/v1" }, "expect": [ { "status": 200 } ] }""",
            "\"dist.pull.manifest-get-by-tag\""), stub.BaseAddress);
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Failed));
            Assert.That(result.FailedChecks.Select(c => c.Requirement), Does.Contain("image.manifest.schema-version"));
        });
    }

    [Test]
    public async Task A_manifest_holding_a_lone_surrogate_escape_fails_a_check_instead_of_breaking_the_case()
    {
        await using var stub = new StubServer(context => StubServer.Respond(context, 200, """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","annotations":{"note":"\ud800"}}""",
            ("Content-Type", "application/vnd.oci.image.manifest.v1+json")));
        var result = await RunAsync(Harness.Scenario(
            """{ "name": "GET a manifest", "request": { "method": "GET", "path": "/v2/x/manifests/v1" }, "expect": [ { "status": 200 }, { "json": "/schemaVersion", "equals": 2 } ] }""",
            "\"dist.pull.manifest-get-by-tag\""), stub.BaseAddress);
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Failed), result.Message);
            Assert.That(result.FailedChecks.Select(c => c.Actual), Has.Some.Contain("lone UTF-16 surrogate").And.Some.Contain("/annotations/note"));
        });
    }

    [Test]
    public async Task An_error_body_of_the_wrong_shape_is_reported_under_the_distribution_requirement()
    {
        await using var stub = new StubServer(context => StubServer.Respond(context, 404, """{"error":"not here"}""", ("Content-Type", "application/json")));
        var result = await RunAsync(Harness.Scenario(
            """{ "name": "GET a missing blob", "request": { "method": "GET", "path": "/v2/x/blobs/{missing.digest}" }, "expect": [ { "status": 404 } ] }""",
            "\"dist.pull.blob-unknown\""), stub.BaseAddress);
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Failed));
            Assert.That(result.FailedChecks.Select(c => c.Requirement).Distinct(), Is.EqualTo(new[] { "dist.errors.body-shape" }));
        });
    }

    [Test]
    public async Task A_5xx_error_body_is_judged_by_its_status_not_by_the_4xx_body_rules()
    {
        await using var stub = new StubServer(context => StubServer.Respond(context, 500, """{"errors":[{"code":"UNKNOWN","message":"unknown error"}]}""", ("Content-Type", "application/json")));
        var result = await RunAsync(Harness.Scenario(
            """{ "name": "GET a blob by a malformed digest", "request": { "method": "GET", "path": "/v2/x/blobs/sha256:zz" }, "expect": [ { "status": [400, 404] } ] }""",
            "\"dist.general.malformed-reference-status\""), stub.BaseAddress);
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Warning));
            Assert.That(result.FailedChecks.Select(c => c.Requirement).Distinct(), Is.EqualTo(new[] { "dist.general.malformed-reference-status" }));
        });
    }

    [Test]
    public async Task A_body_shorter_than_its_Content_Length_fails_the_body_check_without_a_crash()
    {
        await using var stub = new StubServer(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentLength64 = 100;
            await context.Response.OutputStream.WriteAsync("{\"short\":"u8.ToArray());
            context.Response.Abort();
        });
        var result = await RunAsync(Harness.Scenario(
            """{ "name": "GET a blob", "request": { "method": "GET", "path": "/v2/x/blobs/{missing.digest}" }, "expect": [ { "status": 200 }, { "bodyLength": 100 } ] }""",
            "\"dist.pull.blob-get\""), stub.BaseAddress);
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Failed), result.Message);
            Assert.That(result.Message, Does.Contain("body is 100 bytes long"));
            Assert.That(result.Exchanges.Single().Error, Does.Contain("broke off"));
        });
    }
}
