using System.Runtime.InteropServices;
using OciConformance.Reference;

CommandLineRequest request;
try
{
    request = CommandLine.Parse(args);
}
catch (CommandLineException exception)
{
    await Console.Error.WriteLineAsync($"error: {exception.Message}");
    return 2;
}

if (request.Help)
{
    CommandLine.WriteHelp(Console.Out);
    return 0;
}

if (request.ListFaults)
{
    foreach (var fault in RegistryFaults.All)
    {
        Console.WriteLine($"{fault.Name}\n    does:   {fault.Description}\n    breaks: {fault.Rule}");
    }

    return 0;
}

var stop = new TaskCompletionSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});
Console.CancelKeyPress += (_, eventArgs) =>
{
    eventArgs.Cancel = true;
    stop.TrySetResult();
};

ReferenceRegistry registry;
try
{
    registry = await ReferenceRegistry.StartAsync(request.Options);
}
catch (Exception exception) when (exception is ArgumentException or IOException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync($"error: the registry could not start: {exception.Message}");
    return 2;
}

await using (registry)
{
    var storage = request.Options.StoragePath ?? "memory";
    Console.WriteLine($"OCI reference registry listening on {registry.BaseAddress} (storage: {storage})");
    await stop.Task;
}

return 0;
