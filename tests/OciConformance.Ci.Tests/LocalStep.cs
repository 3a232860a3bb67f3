using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OciConformance.Ci.Tests;

/// <summary>
/// Runs a <c>run:</c> step of an action or workflow as a GitHub runner would, on this machine: its <c>env:</c> with
/// every <c>${{ … }}</c> replaced from a context the test gives, the script in <c>bash --noprofile --norc -eo
/// pipefail</c>, and <c>GITHUB_OUTPUT</c>, <c>GITHUB_STEP_SUMMARY</c> and <c>RUNNER_TEMP</c> pointed at files and
/// folders of the test's own.
/// </summary>
public static partial class LocalStep
{
    public sealed record Result(int ExitCode, string Output, string Errors, IReadOnlyDictionary<string, string> Outputs, string StepSummary);

    /// <summary>
    /// Replaces each expression by its value in <paramref name="context"/> (keys as written: <c>inputs.target</c>,
    /// <c>secrets[matrix.password-secret]</c>); an expression the context lacks throws, so a step that needs more of
    /// GitHub than the test provides cannot pass unnoticed.
    /// </summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> context) =>
        Expression().Replace(text, m => context.TryGetValue(m.Groups["expression"].Value, out var value)
            ? value
            : throw new InvalidOperationException($"the local run has no value for ${{{{ {m.Groups["expression"].Value} }}}} in '{text}'"));

    public static async Task<Result> RunAsync(string script, IReadOnlyDictionary<string, string> env, IReadOnlyDictionary<string, string> context, string workspace, string? actionPath = null)
    {
        var github = Directory.CreateDirectory(Path.Combine(workspace, ".github-files")).FullName;
        var file = Path.Combine(github, $"step-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(file, script);
        var outputs = Path.Combine(github, "output");
        var summary = Path.Combine(github, "step-summary.md");
        await File.WriteAllTextAsync(outputs, "");
        await File.WriteAllTextAsync(summary, "");

        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-eo", "pipefail", file])
        {
            WorkingDirectory = workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The child sees only what the step gives it, not a developer's OCI_* or CONFORMANCE__ settings.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OCI_", StringComparison.Ordinal) || k.StartsWith("CONFORMANCE", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["GITHUB_ACTIONS"] = "true";
        start.Environment["GITHUB_WORKSPACE"] = workspace;
        start.Environment["GITHUB_OUTPUT"] = outputs;
        start.Environment["GITHUB_STEP_SUMMARY"] = summary;
        start.Environment["RUNNER_TEMP"] = Directory.CreateDirectory(Path.Combine(github, "runner-temp")).FullName;
        if (actionPath is not null)
        {
            start.Environment["GITHUB_ACTION_PATH"] = actionPath;
        }

        foreach (var (name, value) in env)
        {
            start.Environment[name] = Expand(value, context);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var written = (await File.ReadAllLinesAsync(outputs)).Where(l => l.Length > 0).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return new Result(process.ExitCode, await stdout, await stderr, written, await File.ReadAllTextAsync(summary));
    }

    [GeneratedRegex(@"\$\{\{\s*(?<expression>.+?)\s*\}\}")]
    private static partial Regex Expression();
}
