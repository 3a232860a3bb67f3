using System.CommandLine;
using System.CommandLine.Invocation;
using OciConformance.Engine;

namespace OciConformance.Runner;

/// <summary>
/// <c>--version</c>: the same version and commit the reports carry (one source, the engine's), with the commit
/// shortened as git does, so a user can tell which build produced a report.
/// </summary>
public sealed class RunnerVersion : SynchronousCommandLineAction
{
    public static string Text
    {
        get
        {
            var (version, commit) = ConformanceRun.ToolVersion();
            return commit is null ? $"oci-conformance {version}" : $"oci-conformance {version} (commit {commit[..Math.Min(7, commit.Length)]})";
        }
    }

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Text);
        return RunnerApp.ExitPassed;
    }
}
