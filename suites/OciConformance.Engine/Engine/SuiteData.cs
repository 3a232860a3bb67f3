using OciConformance.Artifacts;
using OciConformance.Fixtures;
using OciConformance.Formats;
using OciConformance.Requirements;
using OciConformance.Scenarios;

namespace OciConformance.Engine;

/// <summary>
/// The suite's data, loaded and checked once: schemas and manifest formats, requirement catalogs and scenarios, with
/// the artifact templates expanded for every pack under <c>fixtures/artifacts/</c>.
/// </summary>
public sealed record SuiteData(FormatCatalog Formats, RequirementCatalog Requirements, IReadOnlyList<Scenario> Scenarios)
{
    private static readonly Lazy<SuiteData> Default = new(() => Load(SuitePaths.Root));

    /// <summary>The data shipped with the suite, loaded on first use (NUnit asks for cases before any setup runs).</summary>
    public static SuiteData Shipped => Default.Value;

    public SchemaSet Schemas => Formats.Schemas;

    /// <summary>The scenario templates run once per artifact (<c>fixtures/templates/artifact.json</c>).</summary>
    public IReadOnlyList<Scenario> ArtifactTemplates { get; init; } = [];

    /// <summary>Every artifact the scenarios run with: the packs, then those <c>artifacts</c> names.</summary>
    public IReadOnlyList<ArtifactLayout> Artifacts { get; init; } = [];

    /// <summary>Every rule a format schema or format check enforces: each document of that format is validated against it.</summary>
    public IReadOnlySet<string> FormatRules { get; } = Formats.Schemas.Keys.SelectMany(Formats.Schemas.RulesOf)
        .Concat(Formats.Formats.SelectMany(f => f.Versions).SelectMany(v => v.Checks).Select(c => c.Rule))
        .ToHashSet(StringComparer.Ordinal);

    public static SuiteData Load(string root)
    {
        var formats = FormatCatalog.Load(root);

        // The packs and the scenarios need only the formats: read side by side, they cost a start about half as much.
        var packs = Task.Run(() => ArtifactPacks.LoadDirectory(Path.Combine(root, "fixtures", "artifacts"), formats));
        var requirements = RequirementCatalog.LoadDirectory(Path.Combine(root, "fixtures", "requirements"), new FixtureValidator(formats.Schemas));
        var data = new SuiteData(formats, requirements, []).WithScenariosFrom(Path.Combine(root, "fixtures", "scenarios"));
        var templates = Path.Combine(root, "fixtures", "templates", "artifact.json");
        data = data with { ArtifactTemplates = data.Loader().LoadTemplates(templates, "templates/artifact.json") };
        return data.WithArtifacts(packs.GetAwaiter().GetResult());
    }

    /// <summary>These formats and requirements with the scenarios of another folder, checked the same way as the shipped ones.</summary>
    public SuiteData WithScenariosFrom(string directory) =>
        new(Formats, Requirements, Loader().LoadDirectory(directory)) { ArtifactTemplates = ArtifactTemplates };

    /// <summary>This data with the artifacts of these folders too (the <c>artifacts</c> setting): each an OCI image layout or a folder with a manifest.json.</summary>
    public SuiteData WithArtifacts(IEnumerable<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var reader = new LayoutReader(Formats);
        return WithArtifacts([.. folders.SelectMany(f => reader.Read(f, Names.Of(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)))), Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(f))), isPack: false))]);
    }

    /// <summary>This data with scenarios for these artifacts too; two artifacts of one name are told apart by a number.</summary>
    public SuiteData WithArtifacts(IReadOnlyList<ArtifactLayout> artifacts)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        if (artifacts.Count == 0)
        {
            return this;
        }

        var taken = Artifacts.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var named = new List<ArtifactLayout>();
        foreach (var artifact in artifacts)
        {
            var name = artifact.Name;
            for (var n = 2; !taken.Add(name); n++)
            {
                name = $"{artifact.Name}-{n}";
            }

            named.Add(artifact with { Name = name });
        }

        var loader = Loader();
        var expanded = named.SelectMany(a => ArtifactScenarios.Expand(ArtifactTemplates, a)).Select(loader.CheckExpanded).ToList();
        var clash = expanded.FirstOrDefault(e => Scenarios.Any(s => s.Id == e.Id));
        if (clash is not null)
        {
            throw new ArtifactException(clash.Artifact!.Source, $"its case id '{clash.Id}' is already a scenario's; rename its folder.");
        }

        return this with { Scenarios = [.. Scenarios, .. expanded], Artifacts = [.. Artifacts, .. named] };
    }

    private ScenarioLoader Loader()
    {
        var actions = Actions.All.ToDictionary(a => a.Key, a => a.Value.Checks, StringComparer.Ordinal);
        return new ScenarioLoader(new FixtureValidator(Schemas), Requirements, actions);
    }
}
