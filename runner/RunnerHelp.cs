using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using OciConformance.Configuration;

namespace OciConformance.Runner;

/// <summary>
/// <c>--help</c>: System.CommandLine's usage, options and commands, then, for the root command, where configuration
/// comes from (with the distribution-spec suite's variable names) and what the exit codes mean.
/// </summary>
public sealed class RunnerHelp(HelpAction standard) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        standard.Invoke(parseResult);
        if (parseResult.CommandResult.Command is RootCommand)
        {
            parseResult.InvocationConfiguration.Output.Write(Epilogue());
        }

        return RunnerApp.ExitPassed;
    }

    public static string Epilogue()
    {
        var oci = Settings.All.Where(s => s.Oci is not null).Select(s => $"    {s.Oci!.Name,-30}{s.Key}");
        return $"""
            Configuration:
              {ConfigurationLoader.FileName} ({ConfigurationLoader.ConfigFlag} FILE or {ConfigurationLoader.ConfigFileVariable}, else searched upwards from the working directory), then
              the environment, then these flags, each over the ones before. Every key also reads from
              {ConfigurationLoader.EnvironmentPrefix}<SECTION>__<KEY>, e.g. {Settings.Parallelism.EnvironmentVariable}, and these names of the
              distribution-spec conformance suite work unchanged ({ConfigurationLoader.EnvironmentPrefix} names win over them; setting
              any OCI_TEST_* variable runs exactly the workflows switched on by them):
            {string.Join(Environment.NewLine, oci)}

            Exit codes:
              {RunnerApp.ExitPassed}  no MUST-level check failed
              {RunnerApp.ExitMandatoryFailure}  a MUST-level check failed (compare: a regression)
              {RunnerApp.ExitUsage}  bad configuration, usage or fixtures, or the registry refused the suite at /v2/:
                 nothing was reported
              {RunnerApp.ExitSuiteError}  the suite itself could not run a case

            """;
    }
}
