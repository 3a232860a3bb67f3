using System.Text.Json;
using System.Text.RegularExpressions;
using OciConformance.Fixtures;
using OciConformance.Requirements;

namespace OciConformance.Scenarios;

/// <summary>
/// Loads scenario fixtures: schema first (shape), then meaning (known requirement ids and actions, defined blobs,
/// manifests and variables), so every mistake is reported by file and JSON path before a request is sent.
/// <c>actions</c> maps each named C# step fixtures may use to the checks it declares; a step using one must name the
/// requirement of every such check.
/// </summary>
public sealed partial class ScenarioLoader(FixtureValidator validator, RequirementCatalog requirements, IReadOnlyDictionary<string, IReadOnlyList<ActionCheck>> actions)
{
    private static readonly HashSet<string> BuiltInVariables = new(StringComparer.Ordinal) { "repo", "namespace", "missing.digest", "run", "sourceRepo" };

    private static readonly string[] BlobProperties = ["digest", "size", "sha512", "mediaType"];
    private static readonly string[] ManifestProperties = ["digest", "size", "mediaType"];

    public IReadOnlyList<Scenario> LoadDirectory(string directory)
    {
        var scenarios = new List<Scenario>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            scenarios.AddRange(LoadFile(file, Path.GetRelativePath(directory, file).Replace('\\', '/')));
        }

        var duplicate = scenarios.GroupBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FixtureException(duplicate.Last().File, "$.scenarios", $"scenario id '{duplicate.Key}' is also used in {duplicate.First().File}; ids must be unique.");
        }

        return scenarios;
    }

    public IReadOnlyList<Scenario> LoadFile(string path, string displayName) => LoadFile(path, displayName, check: true);

    /// <summary>
    /// Scenario templates (<c>fixtures/templates/*.json</c>): shaped like scenarios and checked against the schema, but
    /// checked for meaning only once expanded (<see cref="CheckExpanded"/>), since the content they name comes later.
    /// </summary>
    public IReadOnlyList<Scenario> LoadTemplates(string path, string displayName) => LoadFile(path, displayName, check: false);

    /// <summary>Checks a scenario expanded from a template, as a scenario of a file is checked.</summary>
    public Scenario CheckExpanded(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Check(scenario, $"$.scenarios[?(@.id=='{scenario.Id}')]");
        return scenario;
    }

    private IReadOnlyList<Scenario> LoadFile(string path, string displayName, bool check)
    {
        using var document = validator.Load(path, FixtureValidator.ScenarioSchema);
        var root = document.RootElement;
        var shared = new SharedContent(ReadMap(root, "blobs", ReadBlob), ReadMap(root, "manifests", ReadManifest));
        return [.. root.GetProperty("scenarios").EnumerateArray().Select((element, index) => Read(element, shared, displayName, $"$.scenarios[{index}]", check))];
    }

    /// <summary>Blobs and manifests defined once per file; a scenario's own definitions win over them.</summary>
    private sealed record SharedContent(Dictionary<string, BlobDefinition> Blobs, Dictionary<string, ManifestDefinition> Manifests);

    private static Dictionary<string, T> Overlay<T>(Dictionary<string, T> shared, Dictionary<string, T> own)
    {
        var merged = new Dictionary<string, T>(shared, StringComparer.Ordinal);
        foreach (var (name, value) in own)
        {
            merged[name] = value;
        }

        return merged;
    }

    private static ManifestDefinition ReadManifest(JsonElement m) =>
        new(m.GetProperty("mediaType").GetString()!, m.GetProperty("content").Clone(), OptionalString(m, "invalidOnPurpose"));

    private Scenario Read(JsonElement e, SharedContent shared, string file, string path, bool check)
    {
        var scenario = new Scenario
        {
            Id = e.GetProperty("id").GetString()!,
            Title = e.GetProperty("title").GetString()!,
            Profile = e.GetProperty("profile").GetString()!,
            Description = OptionalString(e, "description"),
            Requirements = [.. e.GetProperty("requirements").EnumerateArray().Select(r => r.GetString()!)],
            Needs = e.TryGetProperty("needs", out var needs) ? [.. needs.EnumerateArray().Select(n => n.GetString()!)] : [],
            Blobs = Overlay(shared.Blobs, ReadMap(e, "blobs", ReadBlob)),
            Manifests = Overlay(shared.Manifests, ReadMap(e, "manifests", ReadManifest)),
            Vars = ReadMap(e, "vars", v => v.GetString()!),
            Steps = [.. e.GetProperty("steps").EnumerateArray().Select(ReadStep)],
            File = file,
        };
        if (check)
        {
            Check(scenario, path);
        }

        return scenario;
    }

    private static BlobDefinition ReadBlob(JsonElement b) => new(
        b.TryGetProperty("size", out var size) ? size.GetInt64() : null,
        OptionalString(b, "text"),
        b.TryGetProperty("json", out var json) ? json.Clone() : null,
        OptionalString(b, "mediaType") ?? "application/octet-stream",
        OptionalString(b, "algorithm") ?? Content.Digest.Sha256);

    private static Step ReadStep(JsonElement s, int index) => new()
    {
        Index = index,
        Name = s.GetProperty("name").GetString()!,
        Setup = s.TryGetProperty("setup", out var setup) && setup.GetBoolean(),
        Requirement = OptionalString(s, "requirement"),
        Request = s.TryGetProperty("request", out var request) ? ReadRequest(request) : null,
        Action = OptionalString(s, "action"),
        With = s.TryGetProperty("with", out var with) ? with.Clone() : null,
        Checks = ReadMap(s, "checks", c => c.GetString()!),
        Expect = s.TryGetProperty("expect", out var expect) ? [.. expect.EnumerateArray().Select((x, i) => ReadExpectation(x, $"steps[{index}].expect[{i}]"))] : [],
        Capture = ReadMap(s, "capture", c => new CaptureRule(OptionalString(c, "header"), OptionalString(c, "json"))),
    };

    private static RequestTemplate ReadRequest(JsonElement r) => new()
    {
        Method = r.GetProperty("method").GetString()!,
        Path = OptionalString(r, "path"),
        Url = OptionalString(r, "url"),
        Query = ReadPairs(r, "query"),
        Headers = ReadPairs(r, "headers"),
        Body = r.TryGetProperty("body", out var body) ? ReadBodySource(body) : null,
        FollowRedirects = !r.TryGetProperty("followRedirects", out var follow) || follow.GetBoolean(),
        Credentials = OptionalString(r, "credentials") switch
        {
            "none" => Http.RequestCredentials.None,
            "pull-only" => Http.RequestCredentials.PullOnly,
            _ => Http.RequestCredentials.Configured,
        },
    };

    internal static BodySource ReadBodySource(JsonElement b) =>
        b.ValueKind == JsonValueKind.String
            ? new BodySource(null, null, b.GetString())
            : new BodySource(OptionalString(b, "blob"), OptionalString(b, "manifest"), OptionalString(b, "text"));

    private static readonly (string Property, ExpectationKind Kind)[] ExpectationKinds =
    [
        ("status", ExpectationKind.Status), ("header", ExpectationKind.Header), ("bodyDigest", ExpectationKind.BodyDigest),
        ("bodyEquals", ExpectationKind.BodyEquals), ("bodyEmpty", ExpectationKind.BodyEmpty), ("bodyLength", ExpectationKind.BodyLength),
        ("json", ExpectationKind.Json), ("schema", ExpectationKind.Schema), ("errorCode", ExpectationKind.ErrorCode),
    ];

    private static Expectation ReadExpectation(JsonElement x, string path) => new()
    {
        Kind = ExpectationKinds.First(k => x.TryGetProperty(k.Property, out _)).Kind,
        Spec = x.Clone(),
        Requirement = OptionalString(x, "requirement"),
        Gate = OptionalString(x, "gate"),
        Because = OptionalString(x, "because"),
        JsonPath = path,
    };

    private static Dictionary<string, T> ReadMap<T>(JsonElement e, string name, Func<JsonElement, T> read) =>
        e.TryGetProperty(name, out var map)
            ? map.EnumerateObject().ToDictionary(p => p.Name, p => read(p.Value), StringComparer.Ordinal)
            : new Dictionary<string, T>(StringComparer.Ordinal);

    private static List<KeyValuePair<string, string>> ReadPairs(JsonElement e, string name) =>
        e.TryGetProperty(name, out var map) ? [.. map.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!))] : [];

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private void Check(Scenario scenario, string path)
    {
        void Fail(string where, string problem) => throw new FixtureException(scenario.File, $"{path}{where}", problem);

        foreach (var (id, index) in scenario.Requirements.Select((id, i) => (id, i)))
        {
            if (!requirements.Contains(id))
            {
                Fail($".requirements[{index}]", $"unknown requirement id '{id}' (not in fixtures/requirements/).");
            }
        }

        var known = new HashSet<string>(BuiltInVariables, StringComparer.Ordinal);
        known.UnionWith(scenario.Vars.Keys);
        known.UnionWith(scenario.Blobs.Keys.SelectMany(b => BlobProperties.Select(f => $"blob.{b}.{f}")));
        known.UnionWith(scenario.Manifests.Keys.SelectMany(m => ManifestProperties.Select(f => $"manifest.{m}.{f}")));
        foreach (var (name, manifest) in scenario.Manifests.Where(m => m.Value.Raw is null))
        {
            CheckTemplates(manifest.Content.GetRawText(), known, $".manifests.{name}.content", Fail);
        }

        foreach (var step in scenario.Steps)
        {
            var where = $".steps[{step.Index}]";
            if (step.Action is { } action)
            {
                if (!actions.TryGetValue(action, out var declared))
                {
                    Fail($"{where}.action", $"unknown action '{action}'. Known actions: {string.Join(", ", actions.Keys.Order(StringComparer.Ordinal))}.");
                }
                else
                {
                    CheckActionChecks(scenario, step, declared, where, Fail);
                }
            }

            foreach (var (reference, field) in RequirementReferences(step))
            {
                if (!requirements.Contains(reference))
                {
                    Fail($"{where}{field}", $"unknown requirement id '{reference}'.");
                }

                if (!scenario.Requirements.Contains(reference))
                {
                    Fail($"{where}{field}", $"requirement '{reference}' is checked here but not listed in the scenario's requirements.");
                }
            }

            CheckBodySource(step.Request?.Body, scenario, $"{where}.request.body", Fail);
            CheckTemplates(step.TemplateText(), known, where, Fail);
            known.UnionWith(step.Capture.Keys);
            known.UnionWith(CapturedByAction(step));
        }
    }

    /// <summary>
    /// An action step names the requirement of every check its action declares, and nothing else, so no check is
    /// recorded under a requirement the fixture does not show.
    /// </summary>
    private void CheckActionChecks(Scenario scenario, Step step, IReadOnlyList<ActionCheck> declared, string where, Action<string, string> fail)
    {
        var form = declared.Count == 0
            ? "it declares none, so the step has no \"checks\""
            : $"expected \"checks\": {{ {string.Join(", ", declared.Select(c => $"\"{c.Key}\": \"<requirement id>\""))} }}";
        if (step.Checks.Keys.FirstOrDefault(key => declared.All(c => c.Key != key)) is { } unknown)
        {
            fail($"{where}.checks.{unknown}", $"step '{step.Name}': action '{step.Action}' has no check '{unknown}'; {form}.");
        }

        var missing = declared.Where(c => !step.Checks.ContainsKey(c.Key)).ToList();
        if (missing.Count > 0)
        {
            var named = string.Join(", ", missing.Select(c => $"'{c.Key}' ({c.Expects})"));
            fail($"{where}.checks", $"step '{step.Name}': \"checks\" names no requirement for {named} of action '{step.Action}'; {form}.");
        }

        foreach (var (key, id) in step.Checks)
        {
            if (!requirements.Contains(id))
            {
                fail($"{where}.checks.{key}", $"step '{step.Name}': check '{key}' names unknown requirement id '{id}' (not in fixtures/requirements/).");
            }

            if (!step.Setup && !scenario.Requirements.Contains(id))
            {
                fail($"{where}.checks.{key}", $"step '{step.Name}': check '{key}' counts towards requirement '{id}', which the scenario does not list (list it, or mark the step \"setup\": true).");
            }
        }
    }

    private static IEnumerable<(string Id, string Field)> RequirementReferences(Step step)
    {
        if (step.Requirement is { } stepRequirement)
        {
            yield return (stepRequirement, ".requirement");
        }

        foreach (var expectation in step.Expect.Where(x => x.Requirement is not null))
        {
            yield return (expectation.Requirement!, $".{expectation.JsonPath.Split('.').Last()}.requirement");
        }
    }

    /// <summary>Actions may publish values (e.g. the tags they listed) under names given in <c>with.as</c>.</summary>
    private static IEnumerable<string> CapturedByAction(Step step) =>
        step.With is { ValueKind: JsonValueKind.Object } with && with.TryGetProperty("as", out var name) && name.ValueKind == JsonValueKind.String
            ? [name.GetString()!]
            : [];

    private static void CheckBodySource(BodySource? body, Scenario scenario, string where, Action<string, string> fail)
    {
        if (body?.Blob is { } blob && !scenario.Blobs.ContainsKey(blob))
        {
            fail(where, $"body names blob '{blob}', which the scenario does not define.");
        }

        if (body?.Manifest is { } manifest && !scenario.Manifests.ContainsKey(manifest))
        {
            fail(where, $"body names manifest '{manifest}', which the scenario does not define.");
        }
    }

    private static void CheckTemplates(string text, HashSet<string> known, string where, Action<string, string> fail)
    {
        foreach (Match match in Templates.Placeholder().Matches(text))
        {
            var name = match.Groups[1].Value;
            if (!known.Contains(name) && !Templates.IsFiller(name))
            {
                fail(where, $"template '{{{name}}}' refers to nothing defined before it (known here: {string.Join(", ", known.Order(StringComparer.Ordinal))}).");
            }
        }
    }
}
