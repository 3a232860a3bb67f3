using OciConformance.Formats;

namespace OciConformance.Reports.Tests;

/// <summary>The repository around the test binaries, its schemas, and scratch folders for test output.</summary>
internal static class Repo
{
    private static readonly Lazy<string> RootPath = new(FindRoot);
    private static readonly Lazy<SchemaSet> LoadedSchemas = new(() => SchemaSet.Load(Path.Combine(Root, "schemas")));

    public static string Root => RootPath.Value;

    public static SchemaSet Schemas => LoadedSchemas.Value;

    public static string TempFolder(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "oci-reports-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConformanceSuite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no folder with ConformanceSuite.sln above {TestContext.CurrentContext.TestDirectory}");
    }
}
