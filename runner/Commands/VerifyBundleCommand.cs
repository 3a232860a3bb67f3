using System.CommandLine;
using OciConformance.Formats;
using OciConformance.Reports;

namespace OciConformance.Runner.Commands;

/// <summary><c>verify-bundle DIR</c>: is this certification bundle complete, from one run, and passing? Exit 0 or 1.</summary>
public static class VerifyBundleCommand
{
    public static Command Create()
    {
        var bundle = new Argument<string>("bundle") { HelpName = "DIR", Description = "the folder --bundle wrote" };
        var command = new Command("verify-bundle", "checks a certification bundle is complete, from one run, and passing") { bundle };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetRequiredValue(bundle), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string directory, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> problems;
        try
        {
            problems = await BundleVerifier.VerifyAsync(directory, CommandSupport.Schemas(), cancellationToken);
        }
        catch (SchemaLoadException e)
        {
            await errors.WriteLineAsync($"verify-bundle: {e.Message}");
            return RunnerApp.ExitUsage;
        }

        if (problems.Count == 0)
        {
            await output.WriteLineAsync($"{directory}: the bundle is complete, from one run, and passing.");
            return RunnerApp.ExitPassed;
        }

        await output.WriteLineAsync($"{directory}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:");
        foreach (var problem in problems)
        {
            await output.WriteLineAsync($"  - {problem}");
        }

        return RunnerApp.ExitMandatoryFailure;
    }
}
