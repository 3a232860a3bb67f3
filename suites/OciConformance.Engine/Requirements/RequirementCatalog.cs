using System.Text.Json;
using OciConformance.Fixtures;

namespace OciConformance.Requirements;

/// <summary>Every requirement of every catalog file, by id.</summary>
public sealed class RequirementCatalog
{
    private readonly Dictionary<string, Requirement> _byId;
    private readonly Dictionary<string, Feature> _features;

    public RequirementCatalog(IEnumerable<Requirement> requirements, IEnumerable<Results.SpecInfo>? specs = null, IEnumerable<Feature>? features = null)
    {
        Specs = [.. specs ?? []];
        _byId = new Dictionary<string, Requirement>(StringComparer.Ordinal);
        foreach (var requirement in requirements)
        {
            if (!_byId.TryAdd(requirement.Id, requirement))
            {
                throw new FixtureException(requirement.Spec, "$.requirements", $"requirement id '{requirement.Id}' is defined twice.");
            }
        }

        if (_byId.Values.FirstOrDefault(r => r.SameAs is { } other && (!_byId.TryGetValue(other, out var target) || target.SameAs is not null)) is { } dangling)
        {
            throw new FixtureException(dangling.Spec, "$.requirements", $"requirement '{dangling.Id}' says it is the same as '{dangling.SameAs}', which is not a catalogued requirement of its own.");
        }

        _features = new Dictionary<string, Feature>(StringComparer.Ordinal);
        foreach (var feature in features ?? [])
        {
            if (!_features.TryAdd(feature.Id, feature))
            {
                throw new FixtureException(feature.Spec, "$.features", $"feature '{feature.Id}' is declared twice.");
            }

            if (feature.Requirement is { } stated && !_byId.ContainsKey(stated))
            {
                throw new FixtureException(feature.Spec, "$.features", $"feature '{feature.Id}' names requirement '{stated}', which no catalog holds.");
            }
        }

        if (_byId.Values.FirstOrDefault(r => r.OptionalFeature is { } name && !_features.ContainsKey(name)) is { } orphan)
        {
            throw new FixtureException(orphan.Spec, "$.requirements", $"requirement '{orphan.Id}' presumes feature '{orphan.OptionalFeature}', which no catalog declares under features.");
        }
    }

    public IReadOnlyCollection<Requirement> All => _byId.Values;

    /// <summary>The spec documents the catalogs were written from, with the version and commit read.</summary>
    public IReadOnlyList<Results.SpecInfo> Specs { get; }

    public bool Contains(string id) => _byId.ContainsKey(id);

    public Requirement this[string id] => _byId.TryGetValue(id, out var requirement)
        ? requirement
        : throw new KeyNotFoundException($"No requirement '{id}' in the catalogs under fixtures/requirements/.");

    public bool TryGet(string id, out Requirement requirement) => _byId.TryGetValue(id, out requirement!);

    /// <summary>Every feature a gate may decide on, by id.</summary>
    public IReadOnlyCollection<Feature> Features => _features.Values;

    public Feature Feature(string id) => _features.TryGetValue(id, out var feature)
        ? feature
        : throw new KeyNotFoundException($"No feature '{id}' is declared under features in the catalogs under fixtures/requirements/.");

    /// <summary>
    /// What a case earns when its gate finds the feature absent, at a spec version: not supported for what the spec
    /// leaves optional or does not define, not applicable before a condition arises, and for what the spec asks of
    /// every registry, the miss of the statement that asks for it (a warning for a SHOULD).
    /// </summary>
    public Results.Outcome Absent(string feature, string version)
    {
        var declared = Feature(feature);
        return declared.Kind switch
        {
            FeatureKind.Conditional => Results.Outcome.NotApplicable,
            FeatureKind.Recommended => this[declared.Requirement!].MissAt(version),
            _ => Results.Outcome.NotSupported,
        };
    }

    /// <summary>The id a check of <paramref name="id"/> is reported under: the requirement it restates, if any.</summary>
    public string Canonical(string id) => this[id].SameAs ?? id;

    /// <summary>Loads every <c>*.json</c> catalog in a folder (the README there is not a catalog).</summary>
    public static RequirementCatalog LoadDirectory(string directory, FixtureValidator validator)
    {
        var requirements = new List<Requirement>();
        var features = new List<Feature>();
        var specs = new List<Results.SpecInfo>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) == CoverageExceptions.FileName)
            {
                continue;
            }

            using var document = validator.Load(file, FixtureValidator.RequirementsSchema);
            var root = document.RootElement;
            var header = root.GetProperty("spec");
            var spec = header.GetProperty("name").GetString()!;
            specs.Add(new Results.SpecInfo(spec, header.GetProperty("version").GetString()!, header.GetProperty("document").GetString()!));
            requirements.AddRange(root.GetProperty("requirements").EnumerateArray().Select(e => Read(e, spec)));
            if (root.TryGetProperty("features", out var declared))
            {
                features.AddRange(declared.EnumerateArray().Select(e => ReadFeature(e, spec)));
            }
        }

        return new RequirementCatalog(requirements, specs, features);
    }

    private static Feature ReadFeature(JsonElement e, string spec) => new()
    {
        Id = e.GetProperty("id").GetString()!,
        Kind = Requirements.Feature.ParseKind(e.GetProperty("kind").GetString()!),
        Requirement = Optional(e, "requirement"),
        Condition = Optional(e, "condition"),
        Why = e.GetProperty("why").GetString()!,
        Spec = spec,
    };

    private static Requirement Read(JsonElement e, string spec) => new()
    {
        Id = e.GetProperty("id").GetString()!,
        Title = e.GetProperty("title").GetString()!,
        Text = e.GetProperty("text").GetString()!,
        Level = RequirementLevels.Parse(e.GetProperty("level").GetString()!),
        Section = e.GetProperty("section").GetString()!,
        Link = e.GetProperty("link").GetString()!,
        Actor = e.GetProperty("actor").GetString()!,
        Testable = e.GetProperty("testable").GetBoolean(),
        UntestableReason = Optional(e, "untestableReason"),
        Profile = e.GetProperty("profile").GetString()!,
        Since = e.GetProperty("since").GetString()!,
        Until = Optional(e, "until"),
        Endpoint = Optional(e, "endpoint"),
        Changes = Optional(e, "changes"),
        OptionalFeature = Optional(e, "optionalFeature"),
        Inferred = Optional(e, "inferred"),
        SameAs = Optional(e, "sameAs"),
        Levels = e.TryGetProperty("levels", out var levels)
            ? levels.EnumerateObject().ToDictionary(l => l.Name, l => RequirementLevels.Parse(l.Value.GetString()!), StringComparer.Ordinal)
            : new Dictionary<string, RequirementLevel>(),
        Spec = spec,
    };

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
