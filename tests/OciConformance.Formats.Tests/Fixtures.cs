using System.Text.Json;

namespace OciConformance.Formats.Tests;

/// <summary>Turns every fixture of every format version into a test case.</summary>
internal static class Fixtures
{
    public static IEnumerable<TestCaseData> Valid() =>
        Versions().SelectMany(v => Files(v, "valid").Select(f =>
            new TestCaseData(v.Format, v.Version, f).SetName($"{v.Format} {v.Version} valid {Path.GetFileNameWithoutExtension(f)}")));

    public static IEnumerable<TestCaseData> Invalid() =>
        Versions().SelectMany(v => ExpectedRules(v).Select(pair =>
            new TestCaseData(v.Format, v.Version, Path.Combine(v.FixturesPath, "invalid", pair.Key), pair.Value)
                .SetName($"{v.Format} {v.Version} invalid {Path.GetFileNameWithoutExtension(pair.Key)} breaks {pair.Value}")));

    public static IEnumerable<FormatVersion> Versions() => Repo.Catalog.Formats.SelectMany(f => f.Versions);

    public static IReadOnlyList<string> Files(FormatVersion version, string kind)
    {
        var folder = Path.Combine(version.FixturesPath, kind);
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.json").Where(f => Path.GetFileName(f) != RulesFile).Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>Each invalid fixture names the one rule it breaks in the folder's rules.json (file name to rule id).</summary>
    public static IReadOnlyDictionary<string, string> ExpectedRules(FormatVersion version)
    {
        var path = Path.Combine(version.FixturesPath, "invalid", RulesFile);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!
            : new Dictionary<string, string>();
    }

    public static FormatVersion Find(string format, string version) =>
        Repo.Catalog.FindByName(format)!.Versions.Single(v => v.Version == version);

    public const string RulesFile = "rules.json";
}
