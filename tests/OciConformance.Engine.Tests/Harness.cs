using OciConformance.Configuration;
using OciConformance.Results;

namespace OciConformance.Engine.Tests;

/// <summary>Runs scenarios written in a test against a registry, through the engine's one entry point.</summary>
public static class Harness
{
    /// <summary>The shipped schemas and requirements with only the given scenario files.</summary>
    public static SuiteData DataWith(params string[] scenarioFiles)
    {
        var folder = Directory.CreateTempSubdirectory("oci-scenarios-").FullName;
        try
        {
            for (var i = 0; i < scenarioFiles.Length; i++)
            {
                File.WriteAllText(Path.Combine(folder, $"test-{i}.json"), scenarioFiles[i]);
            }

            return SuiteData.Shipped.WithScenariosFrom(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A fresh folder with the shipped schemas, requirements, formats and templates, and no scenarios or artifacts yet.</summary>
    public static string CreateDataRoot()
    {
        var root = Directory.CreateTempSubdirectory("oci-data-").FullName;
        Copy(SuitePaths.Schemas, Path.Combine(root, "schemas"));
        Copy(SuitePaths.Requirements, Path.Combine(root, "fixtures", "requirements"));
        Copy(Path.Combine(SuitePaths.Fixtures, "manifests"), Path.Combine(root, "fixtures", "manifests"));
        Copy(Path.Combine(SuitePaths.Fixtures, "templates"), Path.Combine(root, "fixtures", "templates"));
        Directory.CreateDirectory(Path.Combine(root, "fixtures", "scenarios"));
        return root;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public static ConformanceOptions Options(Uri target, double timeoutSeconds = 10, string? username = null, string? password = null) =>
        ConfigurationLoader.Load(new ConfigurationSources { WorkingDirectory = Path.GetTempPath(), BaseDirectory = Path.GetTempPath() }) with
        {
            Target = new TargetOptions { Url = target, Namespace = "harness", Username = username, Password = password },
            Run = new RunOptions { RequestTimeout = TimeSpan.FromSeconds(timeoutSeconds) },
        };

    public static async Task<IReadOnlyList<CaseResult>> RunAsync(Uri target, SuiteData data, ConformanceOptions? options = null) =>
        (await ConformanceEngine.RunAsync(options ?? Options(target), data)).Cases;

    /// <summary>One scenario file holding a single scenario, with defaults for what a test does not care about.</summary>
    public static string Scenario(string steps, string requirements = "\"dist.base.v2-ok\"", string extra = "") => $$"""
        { "scenarios": [ { "id": "under-test", "title": "A scenario written by a test", "profile": "pull",
          "requirements": [{{requirements}}] {{extra}}, "steps": [ {{steps}} ] } ] }
        """;
}
