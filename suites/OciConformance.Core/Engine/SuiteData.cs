using OciConformance.Fixtures;
using OciConformance.Formats;
using OciConformance.Requirements;
using OciConformance.Scenarios;

namespace OciConformance.Engine;

/// <summary>The suite's data, loaded and checked once: schemas and manifest formats, requirement catalogs and scenarios.</summary>
public sealed record SuiteData(FormatCatalog Formats, RequirementCatalog Requirements, IReadOnlyList<Scenario> Scenarios)
{
    private static readonly Lazy<SuiteData> Default = new(() => Load(SuitePaths.Root));

    /// <summary>The data shipped with the suite, loaded on first use (NUnit asks for cases before any setup runs).</summary>
    public static SuiteData Shipped => Default.Value;

    public SchemaSet Schemas => Formats.Schemas;

    /// <summary>Every rule a format schema or format check enforces: each document of that format is validated against it.</summary>
    public IReadOnlySet<string> FormatRules { get; } = Formats.Schemas.Keys.SelectMany(Formats.Schemas.RulesOf)
        .Concat(Formats.Formats.SelectMany(f => f.Versions).SelectMany(v => v.Checks).Select(c => c.Rule))
        .ToHashSet(StringComparer.Ordinal);

    public static SuiteData Load(string root)
    {
        var formats = FormatCatalog.Load(root);
        var validator = new FixtureValidator(formats.Schemas);
        var requirements = RequirementCatalog.LoadDirectory(Path.Combine(root, "fixtures", "requirements"), validator);
        var actions = Actions.All.ToDictionary(a => a.Key, a => a.Value.Requirements, StringComparer.Ordinal);
        var scenarios = new ScenarioLoader(validator, requirements, actions).LoadDirectory(Path.Combine(root, "fixtures", "scenarios"));
        return new SuiteData(formats, requirements, scenarios);
    }
}
