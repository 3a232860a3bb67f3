using System.Diagnostics;
using OciConformance.Reports;
using OciConformance.Suites.Tests;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>
/// The single-file executable as a user gets it: published by build/publish.sh, copied alone into an empty folder
/// (no SDK data, no clone beside it), it must print its version and judge the embedded registry and distribution 2.8
/// case for case as the runner does in-process from the build output.
/// </summary>
[NonParallelizable]
public sealed class PublishTests
{
    private const string Rid = "linux-x64";

    private string _folder = "";
    private string _executable = "";

    [OneTimeSetUp]
    public async Task PublishAndCopyAlone()
    {
        var root = TestFolders.RepositoryRoot;
        var publish = await Run(Path.Combine(root, "build", "publish.sh"), root, [Rid], TimeSpan.FromMinutes(10));
        Assert.That(publish.Code, Is.EqualTo(0), $"{publish.Output}\n{publish.Errors}");
        _folder = TestFolders.Temp("single-file");
        _executable = Path.Combine(_folder, "oci-conformance");
        // File.Copy keeps the execute bit on Unix, as a download with chmod +x would give it.
        File.Copy(Path.Combine(root, "artifacts", Rid, "oci-conformance"), _executable);
    }

    [Test]
    public async Task Version_prints_the_version_and_commit_the_reports_carry()
    {
        var run = await Run(_executable, _folder, ["--version"], TimeSpan.FromMinutes(1));
        Assert.That(run.Code, Is.EqualTo(0), run.Errors);
        Assert.That(run.Output.Trim(), Is.EqualTo(RunnerVersion.Text));
    }

    [Test]
    public async Task Against_the_embedded_registry_it_passes_with_the_outcomes_of_the_in_process_runner()
    {
        await AssertSameOutcomes([]);
    }

    [Test]
    public async Task Against_distribution_2_8_it_reaches_the_outcomes_of_the_in_process_runner()
    {
        await using var registry = await DistributionRegistry.StartAsync();
        await AssertSameOutcomes(["--target", registry.BaseAddress.ToString()]);
    }

    private async Task AssertSameOutcomes(string[] args)
    {
        var published = Path.Combine(TestFolders.Temp("single-file-run"), "out");
        var single = await Run(_executable, _folder, [.. args, "--output", published], TimeSpan.FromMinutes(5));
        var reference = Path.Combine(TestFolders.Temp("in-process-run"), "out");
        var inProcess = await RunnerInProcess.RunAsync([.. args, "--output", reference]);

        Assert.That(single.Code, Is.EqualTo(inProcess.Code), $"{single.Output}\n{single.Errors}");
        if (args.Length == 0)
        {
            Assert.That(single.Code, Is.EqualTo(RunnerApp.ExitPassed), $"{single.Output}\n{single.Errors}");
        }

        var expected = await Outcomes(reference);
        Assert.That(await Outcomes(published), Is.EqualTo(expected));
        Assert.That(expected, Is.Not.Empty);
    }

    private static async Task<IReadOnlyDictionary<string, string>> Outcomes(string output)
    {
        var report = await ResultsJson.ReadAsync(Path.Combine(output, ResultsJson.FileName), CancellationToken.None);
        return report.Cases.ToDictionary(c => c.Id, c => c.Outcome.ToString(), StringComparer.Ordinal);
    }

    private static async Task<(int Code, string Output, string Errors)> Run(string file, string workingDirectory, string[] args, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        // The child sees only what the test gives it; its extracted data goes to a cache of its own, not the user's.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OCI_", StringComparison.Ordinal) || k.StartsWith("CONFORMANCE", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["XDG_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "oci-conformance-tests", "cache");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
