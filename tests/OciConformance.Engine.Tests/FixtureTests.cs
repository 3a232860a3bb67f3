using OciConformance.Fixtures;
using OciConformance.Testing;

namespace OciConformance.Engine.Tests;

/// <summary>The shipped fixtures are valid, and a broken one is reported by file and JSON path.</summary>
public sealed class FixtureTests
{
    private string _root = "";

    [SetUp]
    public void CopyShippedData() => _root = Harness.CreateDataRoot();

    [TearDown]
    public void Delete() => Directory.Delete(_root, recursive: true);

    private FixtureException LoadFails(string scenarioFile)
    {
        File.WriteAllText(Path.Combine(_root, "fixtures", "scenarios", "broken.json"), scenarioFile);
        return Assert.Throws<FixtureException>(() => SuiteData.Load(_root))!;
    }

    private static string Wrap(string scenario) => $$"""{ "scenarios": [ {{scenario}} ] }""";

    private const string Valid = """
        { "id": "ok", "title": "A valid scenario", "profile": "pull", "requirements": ["dist.base.v2-ok"],
          "steps": [ { "name": "GET /v2/", "request": { "method": "GET", "path": "/v2/" }, "expect": [ { "status": 200 } ] } ] }
        """;

    [Test]
    public void Every_shipped_fixture_loads()
    {
        var data = SuiteData.Shipped;
        Assert.Multiple(() =>
        {
            Assert.That(data.Scenarios, Is.Not.Empty);
            Assert.That(data.Requirements.All, Is.Not.Empty);
            Assert.That(data.Scenarios.SelectMany(s => s.Requirements), Is.All.Matches<string>(id => data.Requirements.Contains(id!)));
        });
    }

    [Test]
    public void A_valid_scenario_in_a_fresh_folder_loads()
    {
        File.WriteAllText(Path.Combine(_root, "fixtures", "scenarios", "ok.json"), Wrap(Valid));
        Assert.That(SuiteData.Load(_root).Scenarios.Single().Id, Is.EqualTo("ok"));
    }

    [Test]
    public void Broken_json_names_the_file_and_the_line()
    {
        var error = LoadFails("{ \"scenarios\": [ ");
        Assert.That(error.Message, Does.Contain("broken.json").Or.Contain("broken.json").And.Contain("not valid JSON"));
    }

    [Test]
    public void A_schema_violation_names_the_json_path()
    {
        var error = LoadFails(Wrap(Valid.Replace("\"status\": 200", "\"status\": \"two hundred\"", StringComparison.Ordinal)));
        Assert.That(error.Message, Does.Contain("broken.json").And.Contain("$.scenarios[0].steps[0].expect[0]"));
    }

    [Test]
    public void An_unknown_requirement_id_is_refused_with_its_path()
    {
        var error = LoadFails(Wrap(Valid.Replace("dist.base.v2-ok", "dist.base.no-such-thing", StringComparison.Ordinal)));
        Assert.That(error.Message, Does.Contain("$.scenarios[0].requirements[0]").And.Contain("dist.base.no-such-thing"));
    }

    [Test]
    public void A_placeholder_for_something_undefined_is_refused()
    {
        var error = LoadFails(Wrap(Valid.Replace("/v2/\" }", "/v2/{blob.nope.digest}\" }", StringComparison.Ordinal)));
        Assert.That(error.Message, Does.Contain("$.scenarios[0].steps[0]").And.Contain("{blob.nope.digest}"));
    }

    [Test]
    public void An_unknown_action_is_refused_with_the_known_ones()
    {
        var error = LoadFails(Wrap(Valid.Replace("\"request\": { \"method\": \"GET\", \"path\": \"/v2/\" }", "\"action\": \"teleport\"", StringComparison.Ordinal)));
        Assert.That(error.Message, Does.Contain("unknown action 'teleport'").And.Contain("push-blobs"));
    }

    /// <summary>A scenario whose one step pushes a blob with the action push-blobs.</summary>
    private static string PushBlob(string checks, string with = "{ \"blobs\": \"data\" }", string setup = "false", string requirements = "\"dist.push.upload-post-accepted\", \"dist.push.upload-put-created\"") => Wrap($$"""
        { "id": "pushes", "title": "A scenario with an action", "profile": "push", "requirements": [{{requirements}}], "blobs": { "data": { "text": "hello" } },
          "steps": [ { "name": "push the blob", "setup": {{setup}}, "action": "push-blobs", "with": {{with}}, "checks": {{checks}} } ] }
        """);

    private const string BothChecks = """{ "post": "dist.push.upload-post-accepted", "put": "dist.push.upload-put-created" }""";

    [Test]
    public void An_action_step_mapping_every_check_of_its_action_loads()
    {
        File.WriteAllText(Path.Combine(_root, "fixtures", "scenarios", "ok.json"), PushBlob(BothChecks));
        Assert.That(SuiteData.Load(_root).Scenarios.Single().Steps.Single().Checks, Has.Count.EqualTo(2));
    }

    [Test]
    public void An_action_step_leaving_out_a_check_key_is_refused()
    {
        var error = LoadFails(PushBlob("""{ "post": "dist.push.upload-post-accepted" }"""));
        Assert.That(error.Message, Does.Contain("broken.json: $.scenarios[0].steps[0].checks").And.Contain("\"put\""));
    }

    [Test]
    public void An_action_step_naming_a_check_its_action_does_not_have_is_refused()
    {
        var error = LoadFails(PushBlob("""{ "post": "dist.push.upload-post-accepted", "put": "dist.push.upload-put-created", "patch": "dist.push.chunk-patch-accepted" }"""));
        Assert.That(error.Message, Does.Contain("broken.json: $.scenarios[0].steps[0].checks.patch"));
    }

    [Test]
    public void A_check_counting_towards_an_unknown_requirement_is_refused()
    {
        var error = LoadFails(PushBlob(BothChecks.Replace("dist.push.upload-put-created", "dist.push.no-such-rule", StringComparison.Ordinal)));
        Assert.That(error.Message, Does.Contain("broken.json: $.scenarios[0].steps[0].checks.put").And.Contain("step 'push the blob'").And.Contain("unknown requirement id 'dist.push.no-such-rule'"));
    }

    [Test]
    public void A_check_counting_towards_a_requirement_the_scenario_does_not_list_is_refused()
    {
        var error = LoadFails(PushBlob(BothChecks, requirements: "\"dist.push.upload-post-accepted\""));
        Assert.That(error.Message, Does.Contain("broken.json: $.scenarios[0].steps[0].checks.put").And.Contain("step 'push the blob'").And.Contain("'dist.push.upload-put-created', which the scenario does not list"));
    }

    [Test]
    public void A_setup_step_may_count_checks_towards_requirements_the_scenario_does_not_list()
    {
        File.WriteAllText(Path.Combine(_root, "fixtures", "scenarios", "ok.json"), PushBlob(BothChecks, setup: "true", requirements: "\"dist.base.v2-ok\""));
        Assert.That(SuiteData.Load(_root).Scenarios.Single().Requirements, Is.EqualTo(new[] { "dist.base.v2-ok" }));
    }

    [TestCase("""{ "blobs": 3 }""", "$.scenarios[0].steps[0].with.blobs", TestName = "An action argument of the wrong type is refused by the schema")]
    [TestCase("""{ "blobs": "data", "tag": "v1" }""", "$.scenarios[0].steps[0].with.tag", TestName = "An argument the action does not take is refused by the schema")]
    [TestCase("""{ "repository": "{sourceRepo}" }""", "$.scenarios[0].steps[0].with", TestName = "An action step without a required argument is refused by the schema")]
    public void A_wrong_with_is_refused(string with, string path)
    {
        var error = LoadFails(PushBlob(BothChecks, with));
        Assert.That(error.Message, Does.Contain($"broken.json: {path}").And.Contain("does not match schema scenario.v1"));
    }

    [Test]
    public void A_request_step_has_no_checks()
    {
        var error = LoadFails(Wrap(Valid.Replace("\"expect\"", "\"checks\": { \"post\": \"dist.base.v2-ok\" }, \"expect\"", StringComparison.Ordinal)));
        Assert.That(error.Message, Does.Contain("broken.json: $.scenarios[0].steps[0].checks"));
    }

    /// <summary>
    /// The schema knows the shipped actions' keys; the loader holds any action to its declared checks, with the step's name
    /// in the message, so an action the schema has not caught up with is still refused.
    /// </summary>
    [TestCase("""{ "first": "dist.base.v2-ok" }""", "$.scenarios[0].steps[0].checks", "names no requirement for 'second' (the second thing)", TestName = "The loader refuses a step leaving out a check of an action the schema does not know")]
    [TestCase("""{ "first": "dist.base.v2-ok", "second": "dist.base.v2-ok", "third": "dist.base.v2-ok" }""", "$.scenarios[0].steps[0].checks.third", "has no check 'third'", TestName = "The loader refuses an unknown check key of an action the schema does not know")]
    public void The_loader_holds_an_action_to_its_declared_checks(string checks, string path, string problem)
    {
        var file = Path.Combine(_root, "fixtures", "scenarios", "broken.json");
        File.WriteAllText(file, Wrap(Valid.Replace("\"request\": { \"method\": \"GET\", \"path\": \"/v2/\" }, \"expect\": [ { \"status\": 200 } ]", $"\"action\": \"stamp-twice\", \"checks\": {checks}", StringComparison.Ordinal)));
        var data = SuiteData.Shipped;
        var actions = new Dictionary<string, IReadOnlyList<Scenarios.ActionCheck>>(StringComparer.Ordinal) { ["stamp-twice"] = [new("first", "the first thing"), new("second", "the second thing")] };
        var loader = new Scenarios.ScenarioLoader(new FixtureValidator(data.Schemas), data.Requirements, actions);
        var error = Assert.Throws<FixtureException>(() => loader.LoadFile(file, "broken.json"))!;
        Assert.That(error.Message, Does.Contain($"broken.json: {path}").And.Contain("step 'GET /v2/'").And.Contain(problem));
    }

    [Test]
    public void Duplicate_scenario_ids_are_refused()
    {
        File.WriteAllText(Path.Combine(_root, "fixtures", "scenarios", "first.json"), Wrap(Valid));
        var error = LoadFails(Wrap(Valid));
        Assert.That(error.Message, Does.Contain("'ok'").And.Contain("unique"));
    }
}

/// <summary>conformance.json names its schema so editors can check it; the file shipped must satisfy it.</summary>
public sealed class ConfigurationSchemaTests
{
    [Test]
    public void The_shipped_configuration_is_valid_against_its_schema()
    {
        var file = Path.Combine(TestFolders.RepositoryRoot, "conformance.json");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        var validation = OciConformance.Engine.SuiteData.Shipped.Schemas.Validate("conformance.v1", document.RootElement);
        Assert.That(validation.Violations, Is.Empty);
    }

    [Test]
    public void A_typo_in_a_configuration_is_caught_by_the_schema()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{ "run": { "paralelism": 4 } }""");
        Assert.That(OciConformance.Engine.SuiteData.Shipped.Schemas.Validate("conformance.v1", document.RootElement).IsValid, Is.False);
    }
}
