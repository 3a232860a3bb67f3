using System.Text.Json;
using OciConformance.Engine;
using OciConformance.Formats;
using OciConformance.Reference;
using OciConformance.Requirements;

namespace OciConformance.Suites.Tests;

/// <summary>faults.json is valid, names only what exists, and leaves no covered registry requirement unproven.</summary>
public sealed class CatalogTests
{
    private static FaultCatalog Catalog => FaultCatalog.Shipped;

    private static SuiteData Data => SuiteData.Shipped;

    [Test]
    public void The_file_is_valid_against_its_schema()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FaultCatalog.PathOnDisk));

        var validation = SchemaSet.Load(SuitePaths.Schemas).Validate("faults.v1", document.RootElement);

        Assert.That(validation.Violations.Select(v => v.ToString()), Is.Empty);
    }

    [Test]
    public void Every_covered_registry_requirement_has_a_fault_or_a_reason()
    {
        var accounted = Catalog.Faults.Where(f => f.NotCaught is null).SelectMany(f => f.Requirements)
            .Concat(Catalog.Unprovable.Select(u => u.Requirement))
            .Concat(Catalog.FormatRules.Select(u => u.Requirement))
            .ToHashSet(StringComparer.Ordinal);

        var missing = Covered.RegistryRequirements.Where(r => !accounted.Contains(r.Id)).Select(r => $"{r.Id} ({r.Level.ToText()})");

        Assert.That(missing, Is.Empty, "covered registry requirements with neither a fault nor an unprovable or format-rule entry");
    }

    [Test]
    public void Every_registry_fault_has_exactly_one_entry()
    {
        var listed = Catalog.Faults.Select(f => f.Fault).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(listed, Is.Unique);
            Assert.That(listed, Is.EquivalentTo(RegistryFaults.All.Select(f => f.Name)));
        });
    }

    [Test]
    public void Entries_name_only_known_scenarios_and_requirements()
    {
        var scenarios = Data.Scenarios.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var covered = Covered.RegistryRequirements.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        string[] outcomes = ["failed", "warning", "notSupported", "notApplicable"];
        var wrong = new List<string>();
        foreach (var entry in Catalog.Faults)
        {
            // A fault no scenario exercises may name a requirement no scenario covers; it still must exist.
            wrong.AddRange(entry.Requirements
                .Where(id => entry.NotCaught is null ? !covered.Contains(id) : !Data.Requirements.Contains(id))
                .Select(id => $"{entry.Fault}: '{id}' is not a {(entry.NotCaught is null ? "covered registry" : "catalogued")} requirement"));
            wrong.AddRange(entry.RelatedScenarios.Where(id => !scenarios.ContainsKey(id)).Select(id => $"{entry.Fault}: unknown scenario '{id}'"));
            foreach (var c in entry.Catches)
            {
                if (!entry.Requirements.Contains(c.Requirement))
                {
                    wrong.Add($"{entry.Fault}: catch in {c.Scenario} cites {c.Requirement}, which the entry does not break");
                }


                if (!outcomes.Contains(c.Outcome))
                {
                    wrong.Add($"{entry.Fault}: outcome '{c.Outcome}' is none of {string.Join(", ", outcomes)}");
                }
            }

            if ((entry.Catches.Count == 0) != (entry.NotCaught is not null))
            {
                wrong.Add($"{entry.Fault}: an entry has catches or says why it is not caught, exactly one of the two");
            }

            if (entry.NotCaught is null && entry.Requirements.Count == 0)
            {
                wrong.Add($"{entry.Fault}: a caught fault names the requirements it breaks");
            }

            // A requirement counts as proven by a fault only where a scenario is seen failing on it.
            wrong.AddRange(entry.Requirements.Where(id => entry.NotCaught is null && !entry.Catches.Any(c => c.Requirement == id))
                .Select(id => $"{entry.Fault}: breaks {id}, but no catch cites it"));
        }

        var exempt = Catalog.Unprovable.Concat(Catalog.FormatRules).Select(u => u.Requirement).ToList();
        wrong.AddRange(exempt.Where(id => !covered.Contains(id)).Select(id => $"exemption for '{id}', which is not a covered registry requirement"));
        wrong.AddRange(exempt.Where(id => Catalog.Faults.Any(f => f.Requirements.Contains(id))).Select(id => $"'{id}' is exempted but a fault breaks it"));

        Assert.That(wrong, Is.Empty);
    }
}
