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
        var requirements = RequirementCatalog.LoadDirectory(Path.Combine(root, "fixtures", "requirements"), new FixtureValidator(formats.Schemas));
        return new SuiteData(formats, requirements, []).WithScenariosFrom(Path.Combine(root, "fixtures", "scenarios"));
    }

    /// <summary>These formats and requirements with the scenarios of another folder, checked the same way as the shipped ones.</summary>
    public SuiteData WithScenariosFrom(string directory)
    {
        var actions = Actions.All.ToDictionary(a => a.Key, a => a.Value.Checks, StringComparer.Ordinal);
        return new SuiteData(Formats, Requirements, new ScenarioLoader(new FixtureValidator(Schemas), Requirements, actions).LoadDirectory(directory));
    }
}
