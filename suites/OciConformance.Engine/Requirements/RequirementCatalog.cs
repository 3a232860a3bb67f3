using System.Text.Json;
using OciConformance.Fixtures;

namespace OciConformance.Requirements;

/// <summary>Every requirement of every catalog file, by id.</summary>
public sealed class RequirementCatalog
{
    private readonly Dictionary<string, Requirement> _byId;

    public RequirementCatalog(IEnumerable<Requirement> requirements, IEnumerable<Results.SpecInfo>? specs = null)
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
    }

    public IReadOnlyCollection<Requirement> All => _byId.Values;

    /// <summary>The spec documents the catalogs were written from, with the version and commit read.</summary>
    public IReadOnlyList<Results.SpecInfo> Specs { get; }

    public bool Contains(string id) => _byId.ContainsKey(id);

    public Requirement this[string id] => _byId.TryGetValue(id, out var requirement)
        ? requirement
        : throw new KeyNotFoundException($"No requirement '{id}' in the catalogs under fixtures/requirements/.");

    public bool TryGet(string id, out Requirement requirement) => _byId.TryGetValue(id, out requirement!);

    /// <summary>The id a check of <paramref name="id"/> is reported under: the requirement it restates, if any.</summary>
    public string Canonical(string id) => this[id].SameAs ?? id;

    /// <summary>Loads every <c>*.json</c> catalog in a folder (the README there is not a catalog).</summary>
    public static RequirementCatalog LoadDirectory(string directory, FixtureValidator validator)
    {
        var requirements = new List<Requirement>();
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
        }

        return new RequirementCatalog(requirements, specs);
    }

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
        SameAs = Optional(e, "sameAs"),
        Levels = e.TryGetProperty("levels", out var levels)
            ? levels.EnumerateObject().ToDictionary(l => l.Name, l => RequirementLevels.Parse(l.Value.GetString()!), StringComparer.Ordinal)
            : new Dictionary<string, RequirementLevel>(),
        Spec = spec,
    };

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
