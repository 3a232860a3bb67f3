using OciConformance.Formats;
using OciConformance.Testing;

namespace OciConformance.Reports.Tests;

/// <summary>The schemas of the repository the tests were built in.</summary>
internal static class Repo
{
    private static readonly Lazy<SchemaSet> LoadedSchemas = new(() => SchemaSet.Load(Path.Combine(TestFolders.RepositoryRoot, "schemas")));

    public static SchemaSet Schemas => LoadedSchemas.Value;
}
