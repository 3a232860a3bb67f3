using System.Diagnostics;
using OciConformance.Reports;
using OciConformance.Results;

namespace OciConformance.Runner.Tests;

/// <summary>The real command line, run as a child process the way a user or a CI job runs it.</summary>
public static class RunnerProcess
{
    public sealed record Run(int ExitCode, string Output, string Errors, RunReport? Report, string OutputDirectory);

    public static Task<Run> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs the runner with <paramref name="environment"/> added to the test's own, less its OCI_* and CONFORMANCE settings.</summary>
    public static async Task<Run> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var output = Directory.CreateTempSubdirectory("oci-runner-").FullName;
        var runner = Path.Combine(AppContext.BaseDirectory, "oci-conformance.dll");
        var start = new ProcessStartInfo("dotnet", [runner, .. args, "--output", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = output,
        };
        // The child must see only what the test gives it, not a developer's OCI_* or CONFORMANCE__ settings.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OCI_", StringComparison.Ordinal) || k.StartsWith("CONFORMANCE", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var results = Path.Combine(output, ResultsJson.FileName);
        var report = File.Exists(results) ? await ResultsJson.ReadAsync(results, CancellationToken.None) : null;
        return new Run(process.ExitCode, await stdout, await stderr, report, output);
    }
}
