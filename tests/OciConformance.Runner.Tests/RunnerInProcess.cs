namespace OciConformance.Runner.Tests;

/// <summary>The runner called in the test's own process with its output captured: quicker than a child process, for runs the environment does not affect.</summary>
public static class RunnerInProcess
{
    public static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await RunnerApp.RunAsync(args, output, errors, CancellationToken.None);
        return (code, output.ToString(), errors.ToString());
    }
}
