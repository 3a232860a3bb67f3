using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>The shipped suite run through the engine's one entry point, against a registry the test starts.</summary>
public static class SuiteRuns
{
    /// <summary>Every profile on, the given target, the scale profile at its small sizes, the engine's defaults for the rest.</summary>
    public static ConformanceOptions Options(Uri target, string? username = null, string? password = null) => new()
    {
        Target = new TargetOptions { Url = target, Username = username, Password = password },
        Profiles = Profiles.All.ToDictionary(p => p, _ => true, StringComparer.Ordinal),
        Run = new RunOptions(),
        Embedded = new EmbeddedOptions(),
        Scale = ScaleOptions.Small,
    };

    /// <summary>
    /// The named scenarios of <paramref name="data"/> against a registry that is already running; what they push
    /// stays there (no cleanup), for the caller to read afterwards.
    /// </summary>
    public static async Task<IReadOnlyList<CaseResult>> AtAsync(Uri target, SuiteData data, params string[] scenarios)
    {
        var options = Options(target);
        return (await ConformanceEngine.RunAsync(options with { Run = options.Run with { Scenarios = scenarios, Cleanup = false } }, data)).Cases;
    }

    /// <summary>Starts a reference registry with these settings, runs the suite against it, stops it.</summary>
    public static async Task<RunReport> AgainstAsync(RegistryOptions registry, Func<ConformanceOptions, ConformanceOptions>? adjust = null, CancellationToken cancellationToken = default)
    {
        await using var target = await ReferenceRegistry.StartAsync(registry, cancellationToken);
        var options = Options(target.BaseAddress);
        return await ConformanceEngine.RunAsync(adjust is null ? options : adjust(options), SuiteData.Shipped, cancellationToken: cancellationToken);
    }
}
