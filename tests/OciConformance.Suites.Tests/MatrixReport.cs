using System.Text;
using OciConformance.Requirements;

namespace OciConformance.Suites.Tests;

/// <summary>The fault matrix as Markdown: per covered requirement, the faults that break it and whether each was caught.</summary>
public static class MatrixReport
{
    public static string Render(FaultCatalog catalog, IReadOnlyList<FaultVerdict> verdicts, FaultMatrix matrix)
    {
        var requirements = Covered.RegistryRequirements;
        var withFault = requirements.Where(r => verdicts.Any(v => v.Entry.Requirements.Contains(r.Id))).ToList();
        var caught = withFault.Where(r => verdicts.Any(v => v.CaughtOn(r.Id))).ToList();
        var text = new StringBuilder();
        text.AppendLine("# Fault matrix").AppendLine();
        var runs = matrix.ByFault.Values.Sum(r => r.Cases.Count);
        text.AppendLine($"Each fault's run covers the scenarios faults.json relates to it and a fixed sample of the others: {runs} scenario runs under {matrix.ByFault.Count} faults, {matrix.Elapsed.TotalSeconds:0} s in all.").AppendLine();
        text.AppendLine("| | total | with a fault | caught |").AppendLine("|---|---|---|---|");
        text.AppendLine($"| requirements covered by scenarios (registry, testable) | {requirements.Count} | {withFault.Count} | {caught.Count} |");
        text.AppendLine($"| of which shape rules proven by the format fixtures instead | {catalog.FormatRules.Count} | | |");
        text.AppendLine($"| of which no fault can break (unprovable, each with its reason) | {catalog.Unprovable.Count} | | |");
        text.AppendLine($"| faults | {verdicts.Count} | {verdicts.Count} | {verdicts.Count(v => v.Caught && v.UnrelatedChanges.Count == 0)} |").AppendLine();
        text.AppendLine("## Requirements").AppendLine();
        text.AppendLine("| requirement | level | faults (caught ✔ / missed ✘) |").AppendLine("|---|---|---|");
        foreach (var requirement in requirements)
        {
            var cells = verdicts.Where(v => v.Entry.Requirements.Contains(requirement.Id))
                .Select(v => $"`{v.Entry.Fault}` {(v.CaughtOn(requirement.Id) ? "✔" : "✘")}")
                .ToList();
            var exemption = catalog.Unprovable.Where(u => u.Requirement == requirement.Id).Select(u => $"unprovable: {u.Reason}")
                .Concat(catalog.FormatRules.Where(u => u.Requirement == requirement.Id).Select(u => $"format rule: {u.Reason}"));
            text.AppendLine($"| `{requirement.Id}` | {requirement.Level.ToText()} | {string.Join("<br>", cells.Concat(exemption).DefaultIfEmpty("none"))} |");
        }

        text.AppendLine().AppendLine("## Faults").AppendLine();
        text.AppendLine("| fault | requirements | caught by | verdict |").AppendLine("|---|---|---|---|");
        foreach (var verdict in verdicts)
        {
            var state = verdict.Entry.NotCaught is { } why ? $"not caught: {why}"
                : verdict.Caught ? verdict.UnrelatedChanges.Count == 0 ? "caught" : "caught, but moved unrelated scenarios"
                : "missed";
            var by = string.Join(", ", verdict.Entry.Catches.Select(c => $"{c.Scenario} ({c.Outcome})"));
            text.AppendLine($"| `{verdict.Entry.Fault}` | {string.Join(", ", verdict.Entry.Requirements)} | {by} | {state} |");
        }

        return text.ToString();
    }
}
