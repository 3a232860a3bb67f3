using System.Text;

namespace OciConformance.Reference.Tests;

/// <summary>The fault table of reference/README.md is rendered from <see cref="RegistryFaults.All"/>; it must not drift.</summary>
[TestFixture]
public sealed class ReadmeTests
{
    private const string Begin = "<!-- fault table: generated from RegistryFaults.All; UPDATE_README=1 dotnet test tests/OciConformance.Reference.Tests rewrites it -->";
    private const string End = "<!-- end of fault table -->";

    [Test]
    public void Fault_table_matches_the_fault_definitions()
    {
        var path = ReadmePath();
        var readme = File.ReadAllText(path);
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.That(start >= 0 && end > start, Is.True, $"{path} lacks the fault table markers:\n{Begin}\n{End}");

        var table = FaultTable();
        var written = readme[(start + Begin.Length)..end];
        if (written != table && Environment.GetEnvironmentVariable("UPDATE_README") == "1")
        {
            File.WriteAllText(path, readme[..(start + Begin.Length)] + table + readme[end..]);
            return;
        }

        Assert.That(written, Is.EqualTo(table),
            "The fault table in reference/README.md differs from the fault definitions. Regenerate it with:\n"
            + "  UPDATE_README=1 dotnet test tests/OciConformance.Reference.Tests --filter Fault_table_matches_the_fault_definitions");
    }

    private static string FaultTable()
    {
        var table = new StringBuilder("\n| fault | what it does | rule it breaks |\n|---|---|---|\n");
        foreach (var fault in RegistryFaults.All)
        {
            table.Append($"| `{fault.Name}` | {Cell(fault.Description)} | {Cell(fault.Rule)} |\n");
        }

        return table.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string ReadmePath()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            var readme = Path.Combine(folder.FullName, "reference", "README.md");
            if (File.Exists(readme))
            {
                return readme;
            }
        }

        throw new FileNotFoundException("reference/README.md not found above the test folder");
    }
}
