using OciConformance.Formats;
using OciConformance.Reports;

namespace OciConformance.Runner.Commands;

/// <summary><c>verify-bundle DIR</c>: is this certification bundle complete, from one run, and passing? Exit 0 or 1.</summary>
public static class VerifyBundleCommand
{
    public const string Usage = "Usage: oci-conformance verify-bundle DIR";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (args.Count != 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            await errors.WriteLineAsync(Usage);
            return RunnerApp.ExitUsage;
        }

        IReadOnlyList<string> problems;
        try
        {
            problems = await BundleVerifier.VerifyAsync(args[0], CommandTable.Schemas(), cancellationToken);
        }
        catch (SchemaLoadException e)
        {
            await errors.WriteLineAsync($"verify-bundle: {e.Message}");
            return RunnerApp.ExitUsage;
        }

        if (problems.Count == 0)
        {
            await output.WriteLineAsync($"{args[0]}: the bundle is complete, from one run, and passing.");
            return RunnerApp.ExitPassed;
        }

        await output.WriteLineAsync($"{args[0]}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:");
        foreach (var problem in problems)
        {
            await output.WriteLineAsync($"  - {problem}");
        }

        return RunnerApp.ExitMandatoryFailure;
    }
}
