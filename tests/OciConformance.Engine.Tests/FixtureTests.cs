using OciConformance.Fixtures;

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
        Assert.That(error.Message, Does.StartWith("broken.json").Or.Contain("broken.json").And.Contain("not valid JSON"));
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
        var file = Path.Combine(RepositoryRoot(), "conformance.json");
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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConformanceSuite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (with ConformanceSuite.sln) is not above the test binaries.");
    }
}
