using OciConformance.Reference;

namespace OciConformance.Suites.Tests;

/// <summary>
/// The suite run once per fault, plus one clean run of every scenario per distinct set of registry settings as the
/// baseline. Computed once per test session and shared by every test; runs go concurrently, each with its own registry.
/// </summary>
public sealed record FaultMatrix(IReadOnlyDictionary<string, SuiteRun> ByFault, IReadOnlyDictionary<FaultOptions, SuiteRun> Baselines, TimeSpan Elapsed)
{
    /// <summary>Runs at once; more only makes two cores thrash on the large-blob scenarios.</summary>
    private const int Concurrency = 6;

    private static readonly Lazy<Task<FaultMatrix>> Shared = new(() => BuildAsync(FaultCatalog.Shipped, FaultSelection.FromEnvironment(), CancellationToken.None));

    public static Task<FaultMatrix> GetAsync() => Shared.Value;

    public SuiteRun Baseline(FaultEntry entry) => Baselines[entry.Options ?? new FaultOptions()];

    private static async Task<FaultMatrix> BuildAsync(FaultCatalog catalog, FaultSelection selection, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(Concurrency);
        async Task<SuiteRun> RunAsync(string label, FaultOptions settings, string? fault, IReadOnlyList<string> scenarios)
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                return await SuiteRun.StartAsync(label, Registry(settings, fault), scenarios, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }

        var settingsSets = catalog.Faults.Select(f => f.Options ?? new FaultOptions()).Append(new FaultOptions()).Distinct().ToList();
        var baselines = settingsSets.ToDictionary(s => s, s => RunAsync($"baseline {s}", s, fault: null, []));
        var faults = catalog.Faults.ToDictionary(f => f.Fault, f => RunAsync(f.Fault, f.Options ?? new FaultOptions(), f.Fault, selection.ScenariosFor(f)), StringComparer.Ordinal);
        await Task.WhenAll(baselines.Values.Concat(faults.Values));
        return new FaultMatrix(
            faults.ToDictionary(p => p.Key, p => p.Value.Result, StringComparer.Ordinal),
            baselines.ToDictionary(p => p.Key, p => p.Value.Result),
            started.Elapsed);
    }

    /// <summary>Inside the scale profile's small blob and inside a chunk, so chunk-corrupt-at-offset bites.</summary>
    public const long CorruptOffset = (40 * Configuration.ScaleOptions.MiB) + 12345;

    private static RegistryOptions Registry(FaultOptions settings, string? fault)
    {
        var defaults = new RegistryOptions();
        var registry = new RegistryOptions
        {
            Port = 0,
            ReferrersApi = true,
            ArtifactManifest = true,
            OrasArtifacts = true,
            ObjectManifest = true,
            MountWithoutFrom = true,
            ReferrersPageSize = settings.ReferrersPageSize ?? defaults.ReferrersPageSize,
            TagsPageSize = settings.TagsPageSize ?? defaults.TagsPageSize,
            MaxManifestBytes = settings.MaxManifestBytes ?? defaults.MaxManifestBytes,
            CorruptOffset = CorruptOffset,
            Faults = fault is null ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal) { fault },
        };
        return settings.Auth == "token" ? AuthTarget.Registry(registry) : registry;
    }
}
