using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Results;
using OciConformance.Scenarios;

namespace OciConformance.Tests;

/// <summary>Runs scenarios written in a test against a registry, through the same engine the suites use.</summary>
public static class Harness
{
    /// <summary>The shipped schemas and requirements plus the given scenario files, in a fresh folder.</summary>
    public static SuiteData DataWith(params string[] scenarioFiles)
    {
        var root = CreateDataRoot();
        var scenarios = Path.Combine(root, "fixtures", "scenarios");
        for (var i = 0; i < scenarioFiles.Length; i++)
        {
            File.WriteAllText(Path.Combine(scenarios, $"test-{i}.json"), scenarioFiles[i]);
        }

        try
        {
            return SuiteData.Load(root);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A fresh folder with the shipped schemas, requirements and formats, and no scenarios yet.</summary>
    public static string CreateDataRoot()
    {
        var root = Directory.CreateTempSubdirectory("oci-data-").FullName;
        Copy(SuitePaths.Schemas, Path.Combine(root, "schemas"));
        Copy(SuitePaths.Requirements, Path.Combine(root, "fixtures", "requirements"));
        Copy(Path.Combine(SuitePaths.Fixtures, "manifests"), Path.Combine(root, "fixtures", "manifests"));
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

    public static async Task<IReadOnlyList<CaseResult>> RunAsync(Uri target, SuiteData data, ConformanceOptions? options = null, IEnumerable<Scenario>? only = null)
    {
        options ??= Options(target);
        var environment = SuiteEnvironment.Create(options, data, target, target.ToString());
        using var client = environment.Client;
        var runner = new ScenarioRunner(environment, Actions.All);
        using var slots = new SemaphoreSlim(8);
        var runs = (only ?? data.Scenarios).Select(async scenario =>
        {
            await slots.WaitAsync();
            try
            {
                return await runner.RunAsync(scenario, CancellationToken.None);
            }
            finally
            {
                slots.Release();
            }
        });
        return await Task.WhenAll(runs);
    }

    /// <summary>One scenario file holding a single scenario, with defaults for what a test does not care about.</summary>
    public static string Scenario(string steps, string requirements = "\"dist.base.v2-ok\"", string extra = "") => $$"""
        { "scenarios": [ { "id": "under-test", "title": "A scenario written by a test", "profile": "pull",
          "requirements": [{{requirements}}] {{extra}}, "steps": [ {{steps}} ] } ] }
        """;
}
