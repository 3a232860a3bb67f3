using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>
/// The single-file executable as build/publish.sh makes it, published once per test run (with --quick: the same
/// file without ReadyToRun, which only changes when its code is compiled) into a folder of the tests' own, never the
/// user's artifacts/. Every test that runs the executable shares it.
/// </summary>
public static class PublishedExecutable
{
    public const string Rid = "linux-x64";

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Published = new(StringComparer.Ordinal);

    // Publishes restore every project of the clone into the same obj/ folders: two at once would write the same
    // assets files, so they take turns.
    private static readonly SemaphoreSlim OnePublishAtATime = new(1, 1);

    /// <summary>The path of the executable published for this machine's runtime.</summary>
    public static Task<string> PathAsync() => PathAsync(Rid);

    /// <summary>The path of the executable published for <paramref name="rid"/>, which need not be this machine's.</summary>
    public static Task<string> PathAsync(string rid) => Published.GetOrAdd(rid, r => new Lazy<Task<string>>(() => PublishAsync(r))).Value;

    /// <summary>Copies the executable alone into <paramref name="folder"/>, as a download would leave it, and returns its path there.</summary>
    public static async Task<string> CopyAloneAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, "oci-conformance");
        // File.Copy keeps the execute bit on Unix, as a download with chmod +x would give it.
        File.Copy(await PathAsync(), copy, overwrite: true);
        return copy;
    }

    /// <summary>Runs the executable (or any program) with only the environment a test gives it, and a cache of the tests' own.</summary>
    public static async Task<(int Code, string Output, string Errors)> RunAsync(string file, string workingDirectory, IEnumerable<string> args, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OCI_", StringComparison.Ordinal) || k.StartsWith("CONFORMANCE", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        // The extracted suite data goes to a cache of the tests' own, not the user's.
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "oci-conformance-tests", "cache");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {limit}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// What a ReadyToRun publish of the executable for <paramref name="rid"/> would compile, without compiling it: the
    /// publish targets up to the list of files, and <paramref name="items"/> as MSBuild's JSON gives them.
    /// </summary>
    public static async Task<JsonDocument> PublishItemsAsync(string rid, params string[] items)
    {
        var root = TestFolders.RepositoryRoot;
        var output = await RunInTurnAsync(
            "dotnet",
            [
                "msbuild", Path.Combine(root, "runner", "OciConformance.Runner.csproj"), "-restore", "-nologo", "-t:ComputeResolvedFilesToPublishList",
                "-p:Configuration=Release", $"-p:RuntimeIdentifier={rid}", $"-p:RuntimeIdentifiers={rid}", "-p:SelfContained=true",
                "-p:PublishSingleFile=true", "-p:PublishReadyToRun=true", .. items.Select(i => $"-getItem:{i}"),
            ],
            TimeSpan.FromMinutes(5),
            $"the publish targets for {rid}");
        return JsonDocument.Parse(output);
    }

    private static async Task<string> PublishAsync(string rid)
    {
        var root = TestFolders.RepositoryRoot;
        var output = TestFolders.Temp("published");
        await RunInTurnAsync(Path.Combine(root, "build", "publish.sh"), ["--quick", "--output", output, rid], TimeSpan.FromMinutes(15), $"build/publish.sh {rid}");
        return Path.Combine(output, rid, "oci-conformance");
    }

    /// <summary>Runs a publish step in the clone, one at a time, and returns its output; a step that fails throws with what it printed.</summary>
    private static async Task<string> RunInTurnAsync(string file, IEnumerable<string> args, TimeSpan limit, string what)
    {
        await OnePublishAtATime.WaitAsync();
        try
        {
            var run = await RunAsync(file, TestFolders.RepositoryRoot, args, limit);
            if (run.Code != 0)
            {
                throw new InvalidOperationException($"{what} failed ({run.Code}):\n{run.Output}\n{run.Errors}");
            }

            return run.Output;
        }
        finally
        {
            OnePublishAtATime.Release();
        }
    }
}
