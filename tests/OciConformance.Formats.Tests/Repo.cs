namespace OciConformance.Formats.Tests;

/// <summary>Locates the repository by walking up from the test binaries to the folder holding schemas/ and fixtures/.</summary>
internal static class Repo
{
    private static readonly Lazy<string> RootPath = new(FindRoot);
    private static readonly Lazy<FormatCatalog> LoadedCatalog = new(() => FormatCatalog.Load(Root));

    public static string Root => RootPath.Value;

    public static FormatCatalog Catalog => LoadedCatalog.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "schemas")) && Directory.Exists(Path.Combine(dir.FullName, "fixtures")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no folder with schemas/ and fixtures/ above {TestContext.CurrentContext.TestDirectory}");
    }
}
