using OciConformance.Runner;

return await RunnerApp.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
