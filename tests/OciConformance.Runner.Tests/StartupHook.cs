using System.Diagnostics.CodeAnalysis;

/// <summary>
/// A startup hook a test hands the runner's process through DOTNET_STARTUP_HOOKS: when the process exits, it writes
/// the file of every assembly the process loaded, one per line, to the file <see cref="OutputVariable"/> names.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime looks a startup hook up by this name, outside any namespace.")]
public static class StartupHook
{
    public const string OutputVariable = "RUNNER_TESTS_LOADED_ASSEMBLIES";

    public static void Initialize()
    {
        var output = Environment.GetEnvironmentVariable(OutputVariable);
        if (string.IsNullOrEmpty(output))
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.WriteAllLines(
            output,
            AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.Location.Length > 0).Select(a => a.Location));
    }
}
