using System.Collections.Concurrent;
using System.Reflection;
using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Reference;
using OciConformance.Reports;
using OciConformance.Results;

namespace OciConformance.Suites;

/// <summary>
/// One run of the suites, shared by every case: configuration, the target (the embedded reference registry when
/// none is configured), the results as they come in, and the reports written at the end. The runner configures it
/// before NUnit starts; under <c>dotnet test</c> it reads conformance.json and the environment itself.
/// </summary>
public static class SuiteSession
{
    private static readonly ConcurrentBag<CaseResult> Results = [];
    private static ConformanceOptions? _configured;
    private static Action<CaseResult>? _observer;
    private static State? _state;

    /// <summary>The report of the last finished run (the runner prints its summary from it).</summary>
    public static RunReport? LastReport { get; private set; }

    public static IReadOnlyList<string> WrittenFiles { get; private set; } = [];

    /// <summary>Set by the runner before it starts NUnit; <paramref name="observer"/> sees each case as it ends.</summary>
    public static void Configure(ConformanceOptions options, Action<CaseResult>? observer)
    {
        _configured = options;
        _observer = observer;
        LastReport = null;
        WrittenFiles = [];
    }

    private sealed record State(SuiteEnvironment Environment, ScenarioRunner Runner, SemaphoreSlim Slots, ReferenceRegistry? Embedded, DateTimeOffset StartedAt) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Environment.Client.Dispose();
            Slots.Dispose();
            if (Embedded is not null)
            {
                await Embedded.DisposeAsync();
            }
        }
    }

    internal static async Task StartAsync(CancellationToken cancellationToken)
    {
        Results.Clear();
        var options = _configured ?? ConfigurationLoader.Load(ConfigurationSources.FromProcess([]));
        var data = SuiteData.Shipped;
        ReferenceRegistry? embedded = null;
        var baseUrl = options.Target.Url;
        if (baseUrl is null)
        {
            embedded = await ReferenceRegistry.StartAsync(new RegistryOptions
            {
                ReferrersApi = options.Embedded.ReferrersApi,
                ArtifactManifest = options.Embedded.ArtifactManifest,
                OrasArtifacts = options.Embedded.OrasArtifacts,
                StoragePath = options.Embedded.StoragePath,

                // The MAY of mounting without from is on, so a default run shows that check passing too.
                MountWithoutFrom = true,

                // Small pages, so that the default run also exercises the clients' side of referrers pagination.
                ReferrersPageSize = 16,
            }, cancellationToken);
            baseUrl = embedded.BaseAddress;
        }

        var environment = SuiteEnvironment.Create(options, data, baseUrl, TargetName(options.Target.Name, embedded is null ? baseUrl.ToString() : $"embedded reference registry ({baseUrl})"));
        _state = new State(environment, new ScenarioRunner(environment, Actions.All), new SemaphoreSlim(options.Run.Parallelism), embedded, DateTimeOffset.UtcNow);
    }

    private static string TargetName(string? name, string where) => name is null ? where : $"{name}: {where}";

    internal static async Task<CaseResult> RunAsync(string scenarioId, CancellationToken cancellationToken)
    {
        var state = _state ?? throw new InvalidOperationException("The suite session has not started: run the cases through NUnit so the SetUpFixture starts it.");
        var scenario = SuiteData.Shipped.Scenarios.Single(s => s.Id == scenarioId);
        await state.Slots.WaitAsync(cancellationToken);
        try
        {
            var startedAt = DateTimeOffset.UtcNow;
            var result = await state.Runner.RunAsync(scenario, cancellationToken) with { StartedAt = startedAt };
            Results.Add(result);
            _observer?.Invoke(result);
            return result;
        }
        finally
        {
            state.Slots.Release();
        }
    }

    internal static async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_state is not { } state)
        {
            return;
        }

        _state = null;
        try
        {
            var environment = state.Environment;
            var header = new RunHeader
            {
                Tool = "oci-conformance",
                ToolVersion = ToolVersion().Version,
                ToolCommit = ToolVersion().Commit,
                RunId = environment.RunId,
                Target = new TargetInfo(environment.TargetName, environment.Client.BaseAddress.ToString(), state.Embedded is not null),
                Specs = environment.Requirements.Specs,
                Configuration = environment.Options.Redacted(),
                StartedAt = state.StartedAt,
                FinishedAt = DateTimeOffset.UtcNow,
                Product = environment.Options.Product.Name is { } product
                    ? new ProductInfo(product, environment.Options.Product.Version, environment.Options.Product.Vendor, environment.Options.Product.Url)
                    : null,
            };
            var report = ReportBuilder.Build(header, Results, environment.Requirements, SuiteData.Shipped.Scenarios, environment.Options, SuiteData.Shipped.FormatRules);
            WrittenFiles = await ReportWriter.WriteAllAsync(report, environment.Options.Run.ReportDir, cancellationToken);
            LastReport = report;
        }
        finally
        {
            await state.DisposeAsync();
        }
    }

    private static (string Version, string? Commit) ToolVersion()
    {
        var informational = typeof(SuiteSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? (informational, null) : (informational[..plus], informational[(plus + 1)..]);
    }
}
