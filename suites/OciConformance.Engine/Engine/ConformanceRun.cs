using System.Collections.Concurrent;
using System.Reflection;
using OciConformance.Configuration;
using OciConformance.Engine.Cleanup;
using OciConformance.Http;
using OciConformance.Reference;
using OciConformance.Results;
using OciConformance.Scenarios;

namespace OciConformance.Engine;

/// <summary>
/// One run of the suite against one target: the target itself (the embedded reference registry when no URL is
/// configured), the client every case shares, a slot per parallel case, and the results as they come in. The runner
/// runs it whole through <see cref="ConformanceEngine.RunAsync"/>; the NUnit suites start one and run its cases one
/// NUnit test at a time. Nothing else runs scenarios.
/// </summary>
public sealed class ConformanceRun : IAsyncDisposable
{
    private readonly ConcurrentBag<CaseResult> _results = [];
    private readonly ScenarioRunner _runner;
    private readonly SemaphoreSlim _slots;
    private readonly ReferenceRegistry? _embedded;
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly ExchangeLog _accessCheck = new();
    private CleanupReport? _cleanup;

    private ConformanceRun(SuiteData data, SuiteEnvironment environment, ReferenceRegistry? embedded)
    {
        Data = data;
        Environment = environment;
        _embedded = embedded;
        _runner = new ScenarioRunner(environment, Actions.All);
        _slots = new SemaphoreSlim(environment.Options.Run.Parallelism);
        var selected = environment.Options.Run.Scenarios;
        Scenarios = selected.Count == 0 ? data.Scenarios : [.. data.Scenarios.Where(s => selected.Contains(s.Id))];
    }

    public SuiteData Data { get; }

    public SuiteEnvironment Environment { get; }

    /// <summary>The scenarios this run covers: every shipped one, or those <c>run.scenarios</c> selects.</summary>
    public IReadOnlyList<Scenario> Scenarios { get; }

    /// <summary>
    /// Starts the embedded registry when no target URL is configured, and connects to the target; throws
    /// <see cref="RegistryAccessException"/> when the target refuses the suite at its door.
    /// </summary>
    public static async Task<ConformanceRun> StartAsync(ConformanceOptions options, SuiteData data, CancellationToken cancellationToken)
    {
        CheckSelection(options, data);
        ReferenceRegistry? embedded = null;
        var target = options.Target.Url;
        if (target is null)
        {
            embedded = await ReferenceRegistry.StartAsync(EmbeddedRegistry.Options(options.Embedded), cancellationToken);
            target = embedded.BaseAddress;
        }

        var where = embedded is null ? target.ToString() : $"embedded reference registry ({target})";
        var name = options.Target.Name is { } named ? $"{named}: {where}" : where;
        var run = new ConformanceRun(data, SuiteEnvironment.Create(options, data, target, name), embedded);
        try
        {
            await AccessCheck.EnsureAsync(run.Environment, run._accessCheck, cancellationToken);
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }

        return run;
    }

    /// <summary>Refuses a selection that names scenarios the suite data does not hold.</summary>
    public static void CheckSelection(ConformanceOptions options, SuiteData data)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        var unknown = options.Run.Scenarios.Where(id => data.Scenarios.All(s => s.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            throw new ConfigurationException($"run.scenarios names unknown scenarios: {string.Join(", ", unknown)} (--list shows them all).");
        }

        // A run of nothing but read-only scenarios, with no content named to read, could send nothing and report nothing.
        var running = data.Scenarios.Where(s => options.IsProfileEnabled(s.Profile) && (options.Run.Scenarios.Count == 0 || options.Run.Scenarios.Contains(s.Id))).ToList();
        if (!options.ReadOnly.NamesContent && running.Count > 0 && running.All(s => s.Profile == Profiles.ReadOnly))
        {
            throw new ConfigurationException($"{char.ToUpperInvariant(ReadOnlyOptions.NothingNamed[0])}{ReadOnlyOptions.NothingNamed[1..]}.");
        }
    }

    /// <summary>Runs one scenario when a parallel slot is free, and keeps its result for the report.</summary>
    public async Task<CaseResult> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var startedAt = DateTimeOffset.UtcNow;
            var result = await _runner.RunAsync(scenario, cancellationToken) with { StartedAt = startedAt };
            _results.Add(result);
            return result;
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// After the last case: deletes what the cases created (<c>run.cleanup</c>), and keeps the account of what was
    /// deleted and what is left for the report. Only what the ledger recorded is deleted; outcomes do not change.
    /// </summary>
    public async Task<CleanupReport> CleanUpAsync(CancellationToken cancellationToken)
    {
        var created = Environment.Ledger.Snapshot();
        var enabled = Environment.Options.Run.Cleanup;
        var items = enabled
            ? await new ContentRemover(Environment.Client, Environment.Options.Run.Parallelism).RemoveAsync(created, cancellationToken)
            : [.. created.Select(c => c.Became(CleanupState.Left, CleanupReport.SwitchedOff))];
        _cleanup = new CleanupReport { Enabled = enabled, Items = items };
        return _cleanup;
    }

    /// <summary>The report of every case run so far: verdicts per profile, requirements rolled up, coverage, and the cleanup once done.</summary>
    public RunReport Report()
    {
        var options = Environment.Options;
        var (version, commit) = ToolVersion();
        var header = new RunHeader
        {
            Tool = "oci-conformance",
            ToolVersion = version,
            ToolCommit = commit,
            RunId = Environment.RunId,
            Target = new TargetInfo(Environment.TargetName, Environment.Client.BaseAddress.ToString(), _embedded is not null),
            Specs = Environment.Requirements.Specs,
            Configuration = options.Redacted(),
            StartedAt = _startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
            Product = options.Product.Name is { } product
                ? new ProductInfo(product, options.Product.Version, options.Product.Vendor, options.Product.Url)
                : null,
        };
        var report = ReportBuilder.Build(header, _results, Environment.Requirements, Data.Scenarios, options, Data.FormatRules);
        // The access check is no case, but a registry that throttled it held the run up all the same.
        return report with { Cleanup = _cleanup, Throttling = report.Throttling.Plus(Throttling.Of(_accessCheck)) };
    }

    public async ValueTask DisposeAsync()
    {
        Environment.Client.Dispose();
        _slots.Dispose();
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }
    }

    /// <summary>The tool version and the commit it was built from, as the build stamped them (the commit after the '+').</summary>
    public static (string Version, string? Commit) ToolVersion()
    {
        var informational = typeof(ConformanceRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? (informational, null) : (informational[..plus], informational[(plus + 1)..]);
    }
}
