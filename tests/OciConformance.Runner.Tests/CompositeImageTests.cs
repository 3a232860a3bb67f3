using System.Xml.Linq;
using OciConformance.Suites.Tests;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>
/// The executable build/publish.sh makes holds one composite ReadyToRun image of the runner, its packages and the
/// framework assemblies runner/OciConformance.Runner.csproj names (CompositeFrameworkAssembly); the rest of the
/// framework keeps its own images, so the executable keeps no more of itself resident than a run needs (bench/lean.sh).
/// A framework assembly a run loads that the list leaves out runs from its own image, with its generic code over the
/// suite's types compiled at run time; a name that is no framework assembly brings nothing in.
/// </summary>
public sealed class CompositeImageTests
{
    private static readonly string RuntimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    [Test]
    public async Task Every_framework_assembly_a_run_against_a_registry_loads_is_in_the_composite_image()
    {
        var folder = TestFolders.Temp("loaded-assemblies");
        var loaded = Path.Combine(folder, "loaded.txt");
        await using var registry = await DistributionRegistry.StartAsync();

        // An empty cache makes this the runner's first start, which checks the suite's data before it runs: a later
        // start skips that, and loads no assembly the first one does not.
        var run = await RunnerProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["XDG_CACHE_HOME"] = Path.Combine(folder, "cache"),
                ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
                [StartupHook.OutputVariable] = loaded,
            },
            "--target", registry.BaseAddress.ToString());

        Assert.That(run.Report, Is.Not.Null, $"the run should end with its reports written\n{run.Output}\n{run.Errors}");
        var framework = File.ReadAllLines(loaded).Where(IsFramework).Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.That(framework, Does.Contain("System.Net.Http"), "the hook should have listed what the run loaded");
        Assert.That(framework.Except(CompositeAssemblies()), Is.Empty, "framework assemblies the run loaded that runner/OciConformance.Runner.csproj leaves out of the composite image");
    }

    [Test]
    public async Task The_executable_leaves_every_other_framework_assembly_out_of_its_composite_image()
    {
        using var items = await PublishedExecutable.PublishItemsAsync(PublishedExecutable.Rid, "ResolvedFileToPublish", "PublishReadyToRunCompositeExclusions");
        var published = items.RootElement.GetProperty("Items");
        var framework = published.GetProperty("ResolvedFileToPublish").EnumerateArray()
            .Where(f => f.GetProperty("Extension").GetString() == ".dll" && f.TryGetProperty("NuGetPackageId", out var package) && package.GetString()!.Contains(".App.Runtime.", StringComparison.Ordinal))
            .Select(f => f.GetProperty("Filename").GetString()!)
            .ToList();
        var excluded = published.GetProperty("PublishReadyToRunCompositeExclusions").EnumerateArray().Select(f => Path.GetFileNameWithoutExtension(f.GetProperty("Identity").GetString()!));

        Assert.That(framework, Does.Contain("Microsoft.AspNetCore.Server.Kestrel.Core").And.Contains("System.Private.CoreLib"), "a self-contained publish carries both shared frameworks");
        Assert.That(excluded, Is.EquivalentTo(framework.Except(CompositeAssemblies())), "framework assemblies a single-file ReadyToRun publish leaves out of the composite image");
    }

    [Test]
    public void Every_assembly_named_for_the_composite_image_is_a_framework_assembly()
    {
        var framework = Directory.GetFiles(RuntimeDirectory, "*.dll").Select(Path.GetFileNameWithoutExtension);

        Assert.That(CompositeAssemblies().Except(framework), Is.Empty, $"names in runner/OciConformance.Runner.csproj with no assembly in {RuntimeDirectory}");
    }

    private static List<string> CompositeAssemblies() =>
        [.. XDocument.Load(Path.Combine(TestFolders.RepositoryRoot, "runner", "OciConformance.Runner.csproj"))
            .Descendants("CompositeFrameworkAssembly")
            .SelectMany(e => ((string?)e.Attribute("Include") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    // Shared frameworks sit side by side: <dotnet>/shared/<framework>/<version>/<assembly>.dll.
    private static bool IsFramework(string assembly) =>
        string.Equals(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(assembly))), Path.GetDirectoryName(Path.GetDirectoryName(RuntimeDirectory)), StringComparison.Ordinal);
}
