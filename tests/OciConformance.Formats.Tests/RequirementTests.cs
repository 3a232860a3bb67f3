using System.Text.Json;

namespace OciConformance.Formats.Tests;

public class RequirementTests
{
    private static HashSet<string> CatalogIds()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "fixtures", "requirements", "formats.json")));
        return [.. document.RootElement.GetProperty("requirements").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
    }

    private static HashSet<string> UsedIds()
    {
        var schemas = Repo.Catalog.Schemas;
        var fromSchemas = schemas.Keys.SelectMany(schemas.RulesOf);
        var fromChecks = Repo.Catalog.Formats.SelectMany(f => f.Versions).SelectMany(v => v.Checks).Select(c => c.Rule);
        var fromFixtures = Fixtures.Versions().SelectMany(v => Fixtures.ExpectedRules(v).Values);
        return [.. fromSchemas.Concat(fromChecks).Concat(fromFixtures)];
    }

    [Test]
    public void Every_rule_used_is_a_requirement()
    {
        Assert.That(UsedIds().Except(CatalogIds()), Is.Empty);
    }

    [Test]
    public void Every_requirement_is_used_by_a_schema_or_check()
    {
        Assert.That(CatalogIds().Except(UsedIds()), Is.Empty);
    }

    [Test]
    public void Requirement_catalog_matches_its_schema_when_present()
    {
        var schemas = Repo.Catalog.Schemas;
        Assume.That(schemas.Contains("requirements.v1"), "requirements.v1 schema not in this checkout");
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "fixtures", "requirements", "formats.json")));

        var result = schemas.Validate("requirements.v1", document.RootElement);

        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Violations.Select(v => $"{v.InstancePath}: {v.Message}")));
    }
}
