using OciConformance.Artifacts;
using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Fixtures;
using OciConformance.Formats;
using OciConformance.Reports;
using OciConformance.Results;

namespace OciConformance.Runner;

/// <summary>The root command: runs the suites against the configured target (or each named target) and writes the reports.</summary>
public static class SuiteCommand
{
    public static async Task<int> RunAsync(ConfigurationSources sources, bool list, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ConformanceOptions options;
        SuiteData data;
        try
        {
            options = ConfigurationLoader.Load(sources);
            data = SuiteData.Shipped.WithArtifacts(options.Artifacts);
            ConformanceRun.CheckSelection(options, data);
        }
        catch (Exception e) when (e is ConfigurationException or FixtureException or SchemaLoadException or ArtifactException)
        {
            var kind = e switch
            {
                ConfigurationException => "configuration error",
                ArtifactException { IsPack: true } => "pack error",
                ArtifactException => "artifact error",
                _ => "fixture error",
            };
            await errors.WriteLineAsync($"{kind}: {e.Message}");
            return RunnerApp.ExitUsage;
        }

        if (list)
        {
            await ScenarioList.WriteAsync(data, output);
            return RunnerApp.ExitPassed;
        }

        var reports = new List<RunReport>();
        var reportsIncomplete = false;
        foreach (var run in options.PerTarget())
        {
            try
            {
                var (report, written) = await RunOneAsync(run, data, output, cancellationToken);
                reports.Add(report);
                reportsIncomplete |= written.Failures.Count > 0;
                foreach (var failure in written.Failures)
                {
                    await errors.WriteLineAsync($"report not written: {failure.File}: {failure.Reason}");
                }
            }
            catch (RegistryAccessException e)
            {
                await errors.WriteLineAsync($"access refused: {e.Message}");
                return RunnerApp.ExitUsage;
            }
            catch (Exception e) when (e is ConfigurationException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                await errors.WriteLineAsync($"The suite could not run: {e.Message}");
                return RunnerApp.ExitSuiteError;
            }
        }

        if (options.Targets.Count > 0)
        {
            await WriteMatrixAsync(reports, options.Run.ReportDir, output, cancellationToken);
        }

        // A report file missing is the suite's failure, whatever the registry did: CI must not take the rest for all of it.
        if (reportsIncomplete)
        {
            return RunnerApp.ExitSuiteError;
        }

        return reports.Any(r => r.HasMandatoryFailure) ? RunnerApp.ExitMandatoryFailure : reports.Any(r => r.HasSuiteError) ? RunnerApp.ExitSuiteError : RunnerApp.ExitPassed;
    }

    private static async Task<(RunReport Report, WrittenReports Written)> RunOneAsync(ConformanceOptions options, SuiteData data, TextWriter output, CancellationToken cancellationToken)
    {
        var selected = data.Scenarios.Where(s => options.Run.Scenarios.Count == 0 || options.Run.Scenarios.Contains(s.Id)).ToList();
        var progress = new Progress(output, selected.GroupBy(s => s.Profile).Select(g => KeyValuePair.Create(g.Key, g.Count())), Progress.IsTerminal(output), TimeProvider.System, TimeSpan.FromSeconds(10));
        var where = options.Target.Url?.ToString() ?? "embedded reference registry";
        await output.WriteLineAsync($"OCI conformance: {(options.Target.Name is { } name ? $"{name} ({where})" : where)} · {selected.Count} scenarios · parallelism {options.Run.Parallelism}");
        var report = await ConformanceEngine.RunAsync(options, data, options.Run.Debug ? DebugTrace.Around(progress.OnCase, output) : progress.OnCase, progress.OnTransfer, cancellationToken);
        // What the run left behind (its large manifests, its buffers, a generation-0 budget sized to the processor's cache) is
        // garbage once the report exists. Handed back to the system before the reports are built, it does not add to
        // what they take: a full run against distribution 2.8 peaked about 5 MiB lower for one collection of a few milliseconds.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var written = await ReportWriter.WriteAllAsync(report, options.Run.ReportDir, cancellationToken);
        await Summary.WriteAsync(report, written.Files, output);
        if (options.Run.BundleDir is { } bundle)
        {
            await CertificationBundle.WriteAsync(report, bundle, cancellationToken);
            await output.WriteLineAsync($"Certification bundle: {bundle} (check it with: verify-bundle {bundle})");
        }

        return (report, written);
    }

    /// <summary>Several targets in one invocation end with the impact matrix: every scenario, one column per registry.</summary>
    private static async Task WriteMatrixAsync(IReadOnlyList<RunReport> reports, string directory, TextWriter output, CancellationToken cancellationToken)
    {
        var matrix = ImpactMatrix.Build(reports);
        var (html, markdown) = await ImpactMatrixFiles.WriteAsync(matrix, directory, cancellationToken);
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Impact matrix: {matrix.Rows.Count} scenarios × {matrix.Columns.Count} registries, {matrix.Rows.Count(r => r.Differs)} differ: {html}, {markdown}");
    }
}
