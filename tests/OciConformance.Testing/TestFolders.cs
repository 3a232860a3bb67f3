namespace OciConformance.Testing;

/// <summary>The repository the tests run in, and scratch folders for their output.</summary>
public static class TestFolders
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The clone the test binaries were built in (the folder holding ConformanceSuite.sln).</summary>
    public static string RepositoryRoot => Root.Value;

    public static string Temp(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "oci-conformance-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConformanceSuite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no folder with ConformanceSuite.sln above {AppContext.BaseDirectory}");
    }
}
