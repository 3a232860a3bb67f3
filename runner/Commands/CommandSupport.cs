using OciConformance.Formats;

namespace OciConformance.Runner.Commands;

/// <summary>A subcommand of the runner: its arguments after the command name, and the streams to write to.</summary>
public delegate Task<int> Command(IReadOnlyList<string> args, TextWriter output, TextWriter errors, CancellationToken cancellationToken);

/// <summary>The subcommands next to the normal run, found by their first argument.</summary>
public static class CommandTable
{
    private static readonly Dictionary<string, Command> Commands = new(StringComparer.Ordinal)
    {
        ["compare"] = CompareCommand.RunAsync,
        ["matrix"] = MatrixCommand.RunAsync,
        ["verify-bundle"] = VerifyBundleCommand.RunAsync,
    };

    public static Command? Find(string name) => Commands.GetValueOrDefault(name);

    /// <summary>The schemas shipped next to the runner, used to check every results.json a command reads.</summary>
    public static SchemaSet Schemas() => SchemaSet.Load(SuitePaths.Schemas);
}
