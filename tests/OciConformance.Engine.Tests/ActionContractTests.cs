using System.Text.Json;
using System.Text.RegularExpressions;
using OciConformance.Testing;

namespace OciConformance.Engine.Tests;

/// <summary>
/// An action is described in three places that must agree: its class (name and declared checks), its
/// <c>action-&lt;name&gt;</c> definition in the scenario schema and its section in the scenario README. And since
/// fixtures name the requirements, the engine's code names none.
/// </summary>
public sealed partial class ActionContractTests
{
    private static string Readme => Path.Combine(TestFolders.RepositoryRoot, "fixtures", "scenarios", "README.md");

    private static IEnumerable<string> Registered() => Actions.All.Keys.Order(StringComparer.Ordinal);

    private static IReadOnlyList<string> DeclaredKeys(string action) => [.. Actions.All[action].Checks.Select(c => c.Key)];

    [TestCaseSource(nameof(Registered))]
    public void The_schema_types_the_with_and_the_checks_of(string action)
    {
        using var schema = ScenarioSchema();
        var definitions = schema.RootElement.GetProperty("$defs");
        Assert.That(definitions.TryGetProperty($"action-{action}", out var definition), Is.True, $"no $defs/action-{action} in the scenario schema");
        var checks = definition.GetProperty("properties").GetProperty("checks");
        Assert.Multiple(() =>
        {
            Assert.That(ObjectKeys(checks), Is.EquivalentTo(DeclaredKeys(action)), "the check keys of the schema and of the action");
            if (checks.ValueKind == JsonValueKind.Object)
            {
                Assert.That(Strings(checks.GetProperty("required")), Is.EquivalentTo(DeclaredKeys(action)), "every check key is required");
                Assert.That(checks.GetProperty("additionalProperties").ValueKind, Is.EqualTo(JsonValueKind.False), "no other key is allowed");
                Assert.That(Strings(definition.GetProperty("required")), Does.Contain("checks"));
            }

            var with = definition.GetProperty("properties").GetProperty("with");
            Assert.That(with.ValueKind == JsonValueKind.False || with.GetProperty("additionalProperties").ValueKind == JsonValueKind.False, Is.True, "with allows no unknown argument");
            Assert.That(Dispatch(schema).GetValueOrDefault(action), Is.EqualTo($"#/$defs/action-{action}"), "a step naming the action is held to its definition");
        });
    }

    [Test]
    public void The_schema_defines_no_action_that_is_not_registered()
    {
        using var schema = ScenarioSchema();
        var defined = schema.RootElement.GetProperty("$defs").EnumerateObject()
            .Where(d => d.Name.StartsWith("action-", StringComparison.Ordinal)).Select(d => d.Name["action-".Length..]);
        Assert.Multiple(() =>
        {
            Assert.That(defined.Except(Actions.All.Keys), Is.Empty);
            Assert.That(Dispatch(schema).Keys.Except(Actions.All.Keys), Is.Empty);
        });
    }

    [TestCaseSource(nameof(Registered))]
    public void The_readme_documents_the_arguments_checks_and_an_example_of(string action)
    {
        Assert.That(ReadmeActions().TryGetValue(action, out var documented), Is.True, $"fixtures/scenarios/README.md has no section ### `{action}`");
        using var schema = ScenarioSchema();
        var with = schema.RootElement.GetProperty("$defs").GetProperty($"action-{action}").GetProperty("properties").GetProperty("with");
        Assert.Multiple(() =>
        {
            Assert.That(documented!.Arguments, Is.EquivalentTo(ObjectKeys(with)), "the arguments of the README and of the schema");
            Assert.That(documented.Checks.Keys, Is.EquivalentTo(DeclaredKeys(action)), "the check keys of the README and of the action");
            foreach (var check in Actions.All[action].Checks)
            {
                Assert.That(documented.Checks.GetValueOrDefault(check.Key), Is.EqualTo(check.Expects), $"what check '{check.Key}' expects");
            }

            Assert.That(documented.Example, Is.Not.Null, "an example step");
        });
    }

    [Test]
    public void The_readme_documents_no_action_that_is_not_registered() =>
        Assert.That(ReadmeActions().Keys.Except(Actions.All.Keys), Is.Empty);

    [TestCaseSource(nameof(Registered))]
    public void The_readme_example_is_a_valid_step_of(string action)
    {
        var example = ReadmeActions().GetValueOrDefault(action)?.Example;
        Assert.That(example, Is.Not.Null, $"no example step for '{action}'");
        using var step = JsonDocument.Parse(example!);
        using var file = JsonDocument.Parse($$"""
            { "scenarios": [ { "id": "example", "title": "The README's example", "profile": "push", "requirements": ["dist.base.v2-ok"], "steps": [ {{example}} ] } ] }
            """);
        var validation = SuiteData.Shipped.Schemas.Validate("scenario.v1", file.RootElement);
        Assert.Multiple(() =>
        {
            Assert.That(step.RootElement.GetProperty("action").GetString(), Is.EqualTo(action));
            Assert.That(validation.Violations.Select(v => $"{v.InstancePath}: {v.Message}"), Is.Empty);
        });
    }

    [Test]
    public void No_requirement_id_is_written_in_engine_code()
    {
        var engine = Path.Combine(TestFolders.RepositoryRoot, "suites", "OciConformance.Engine", "Engine");
        var found = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (File: file, Line: index + 1, Text: line)))
            .Where(l => RequirementLiteral().IsMatch(l.Text) || StringLiterals().Matches(l.Text).Any(m => SuiteData.Shipped.Requirements.Contains(m.Groups[1].Value)))
            .Select(l => $"{Path.GetRelativePath(engine, l.File)}:{l.Line}: {l.Text.Trim()}");
        Assert.That(found, Is.Empty, "requirement ids belong in the fixtures (a step's checks), not in C#");
    }

    /// <summary>One action's section of the README: its argument names, its check keys with what each expects, its example step.</summary>
    private sealed record ReadmeAction(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Checks, string? Example);

    private static Dictionary<string, ReadmeAction> ReadmeActions()
    {
        var text = File.ReadAllText(Readme).ReplaceLineEndings("\n");
        var actions = text[text.IndexOf("\n## Actions\n", StringComparison.Ordinal)..];
        return actions.Split("\n### ").Skip(1).ToDictionary(section => section[..section.IndexOf('\n', StringComparison.Ordinal)].Trim('`'), ReadSection, StringComparer.Ordinal);
    }

    private static ReadmeAction ReadSection(string section)
    {
        var lines = section.Split('\n');
        var example = ExampleBlock().Match(section);
        return new ReadmeAction(
            [.. TableRows(lines, "| argument |").Select(cells => cells[0])],
            TableRows(lines, "| check |").ToDictionary(cells => cells[0], cells => cells[1], StringComparer.Ordinal),
            example.Success ? example.Groups[1].Value : null);
    }

    /// <summary>The cells of each row of the table under the header starting so, the first one without its backticks.</summary>
    private static IEnumerable<string[]> TableRows(string[] lines, string header) =>
        lines.SkipWhile(l => !l.StartsWith(header, StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Select(cells => cells.Select((c, i) => i == 0 ? c.Trim('`') : c).ToArray());

    private static JsonDocument ScenarioSchema() => JsonDocument.Parse(File.ReadAllText(SuiteData.Shipped.Schemas.PathOf("scenario.v1")));

    /// <summary>The step's if/then branches: action name to the definition a step naming it is validated against.</summary>
    private static Dictionary<string, string> Dispatch(JsonDocument schema) =>
        schema.RootElement.GetProperty("$defs").GetProperty("step").GetProperty("allOf").EnumerateArray()
            .Where(b => b.GetProperty("if").TryGetProperty("properties", out var p) && p.TryGetProperty("action", out _))
            .ToDictionary(
                b => b.GetProperty("if").GetProperty("properties").GetProperty("action").GetProperty("const").GetString()!,
                b => b.GetProperty("then").GetProperty("$ref").GetString()!,
                StringComparer.Ordinal);

    /// <summary>The property names an object schema allows; none for the schema <c>false</c>.</summary>
    private static IEnumerable<string> ObjectKeys(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name) : [];

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);

    [GeneratedRegex("\"(?:dist|oras|docker|image)\\.")]
    private static partial Regex RequirementLiteral();

    [GeneratedRegex("\"([^\"\\\\]*)\"")]
    private static partial Regex StringLiterals();

    [GeneratedRegex("```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
