using OciConformance.Runner;

try
{
    ValidationStamp.Apply(EmbeddedSuiteData.Prepare(), EmbeddedSuiteData.CacheHome());
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync($"suite error: cannot extract the embedded schemas and fixtures: {e.Message}");
    return RunnerApp.ExitSuiteError;
}

return await RunnerApp.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
