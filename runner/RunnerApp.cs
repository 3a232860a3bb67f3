using System.CommandLine;
using OciConformance.Formats;

namespace OciConformance.Runner;

/// <summary>The command line: parses it, runs the suite or a subcommand, and exits with the verdict.</summary>
public static class RunnerApp
{
    public const int ExitPassed = 0;
    public const int ExitMandatoryFailure = 1;
    public const int ExitUsage = 2;
    public const int ExitSuiteError = 3;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        RootCommand root;
        try
        {
            root = RunnerCommandLine.Create();
        }
        catch (SchemaLoadException e)
        {
            // The help of each flag quotes the configuration schema, so a broken schema stops the runner before it parses.
            await errors.WriteLineAsync($"fixture error: {e.Message}");
            return ExitUsage;
        }

        var parse = root.Parse(args, RunnerCommandLine.Parsing);
        if (parse.Errors.Count > 0)
        {
            // System.CommandLine's own error action exits 1, which here means a broken MUST; bad usage is 2.
            var command = parse.CommandResult.Command;
            var prefix = command is RootCommand ? "configuration error" : command.Name;
            foreach (var error in parse.Errors)
            {
                await errors.WriteLineAsync($"{prefix}: {error.Message}");
            }

            await errors.WriteLineAsync($"See: oci-conformance {(command is RootCommand ? "" : command.Name + " ")}--help");
            return ExitUsage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = errors,
            // A failure the runner does not handle should surface as it is, not become exit code 1.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        }, cancellationToken);
    }
}
