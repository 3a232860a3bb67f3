using System.CommandLine;
using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Engine.Cleanup;
using OciConformance.Fixtures;
using OciConformance.Formats;
using OciConformance.Http;
using OciConformance.Results;

namespace OciConformance.Runner.Commands;

/// <summary>
/// <c>tidy [--run-id ID] [--dry-run]</c>: removes what earlier runs left under the namespace (a run with
/// <c>--cleanup false</c>, or one that was stopped). Exit 0 when nothing it found is left, 1 when the registry
/// refused to delete something, 2 on bad usage or configuration, or when the registry lists no repositories and no
/// run id was given.
/// </summary>
public static class TidyCommand
{
    /// <summary>The settings tidy reads: the registry, its credentials, the namespaces runs push under, and how hard to press it.</summary>
    private static readonly Setting[] Used =
        [Settings.TargetUrl, Settings.Namespace, Settings.Username, Settings.Password, Settings.CrossMountNamespace, Settings.Parallelism, Settings.RequestTimeout];

    public static Command Create()
    {
        List<Option> flags = [RunnerCommandLine.ConfigOption(), .. Used.Select(RunnerCommandLine.FlagOf)];
        var runIds = new Option<string[]>("--run-id")
        {
            HelpName = "ID",
            Description = "only these runs (8 hex digits: a report's run id, the end of a repository's name); required where the registry offers no /v2/_catalog",
            Arity = ArgumentArity.OneOrMore,
        };
        runIds.Validators.Add(result =>
        {
            foreach (var id in Split(result.Tokens.Select(t => t.Value)).Where(id => !RunRepositories.IsRunId(id)))
            {
                result.AddError($"--run-id '{id}': expected a run id of 8 lowercase hex digits, e.g. 1a2b3c4d");
            }
        });
        var dryRun = new Option<bool>("--dry-run") { Description = "list what would be deleted, and delete nothing" };
        var command = new Command("tidy", "removes what earlier runs left under the namespace: tags, manifests (referrers first), blobs; exit 1 when the registry refused to delete something")
        {
            runIds,
            dryRun,
        };
        foreach (var flag in flags)
        {
            command.Add(flag);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(
            ConfigurationSources.FromProcess([.. RunnerCommandLine.FlagValues(parse, flags)]),
            [.. Split(parse.GetValue(runIds) ?? [])],
            parse.GetValue(dryRun),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static IEnumerable<string> Split(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal);

    private static async Task<int> RunAsync(ConfigurationSources sources, IReadOnlyList<string> runIds, bool dryRun, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ConformanceOptions options;
        SuiteData data;
        try
        {
            options = ConfigurationLoader.Load(sources);
            data = SuiteData.Shipped;
        }
        catch (Exception e) when (e is ConfigurationException or FixtureException or SchemaLoadException)
        {
            await errors.WriteLineAsync($"tidy: {(e is ConfigurationException ? "configuration" : "fixture")} error: {e.Message}");
            return RunnerApp.ExitUsage;
        }

        if (options.Target.Url is not { } target)
        {
            await errors.WriteLineAsync("tidy: no registry to tidy: set target.url (--target URL, OCI_ROOT_URL); the embedded registry starts empty every run.");
            return RunnerApp.ExitUsage;
        }

        var environment = SuiteEnvironment.Create(options, data, target, target.ToString());
        try
        {
            await AccessCheck.EnsureAsync(environment, new ExchangeLog(), cancellationToken);
            var leftovers = await new LeftoverFinder(environment, data).FindAsync(runIds, cancellationToken);
            if (leftovers.CatalogProblem is { } problem && runIds.Count == 0)
            {
                await errors.WriteLineAsync($"tidy: {problem}, so it cannot list the runs' repositories: name the runs to remove with --run-id ID (a report's run id).");
                return RunnerApp.ExitUsage;
            }

            await WriteFoundAsync(options.Target, leftovers, runIds, dryRun, output);
            if (dryRun)
            {
                await output.WriteLineAsync($"dry run: would delete {CleanupTally.Of(leftovers.Content.Select(c => c.Became(CleanupState.Left)))}; nothing was deleted");
                return RunnerApp.ExitPassed;
            }

            var items = await new ContentRemover(environment.Client, options.Run.Parallelism).RemoveAsync(leftovers.Content, cancellationToken);
            var cleanup = new CleanupReport { Enabled = true, Items = items };
            await output.WriteLineAsync(cleanup.Items.Count == 0 ? "nothing to delete" : cleanup.Describe());
            return cleanup.Left.IsEmpty ? RunnerApp.ExitPassed : RunnerApp.ExitMandatoryFailure;
        }
        catch (RegistryAccessException e)
        {
            await errors.WriteLineAsync($"access refused: {e.Message}");
            return RunnerApp.ExitUsage;
        }
        finally
        {
            environment.Client.Dispose();
        }
    }

    /// <summary>Where it looked, then a line per repository it found something in; a dry run lists every item too.</summary>
    private static async Task WriteFoundAsync(TargetOptions target, Leftovers leftovers, IReadOnlyList<string> runIds, bool dryRun, TextWriter output)
    {
        var namespaces = target.CrossMountNamespace is { } mounts && mounts != target.Namespace ? $"namespaces {target.Namespace}, {mounts}" : $"namespace {target.Namespace}";
        var runs = leftovers.RunIds.Count == 0 ? "no runs" : $"{CleanupTally.Plural(leftovers.RunIds.Count, "run", "runs")} ({string.Join(", ", leftovers.RunIds)})";
        var where = leftovers.CatalogProblem is { } problem
            ? $"{problem}; looked for the repositories of run {string.Join(", ", runIds)} by name"
            : "listed by /v2/_catalog";
        await output.WriteLineAsync($"tidy {target.Url} · {namespaces} · {where}: {CleanupTally.Plural(leftovers.Repositories.Count, "repository", "repositories")} of {runs}");
        foreach (var repository in leftovers.Content.GroupBy(c => c.Repository, StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"  {repository.Key}: {CleanupTally.Of(repository.Select(c => c.Became(CleanupState.Left))).Contents()}");
            if (dryRun)
            {
                foreach (var item in repository)
                {
                    var detail = string.Join(", ", new[] { item.MediaType, item.Size is { } size ? CleanupTally.Size(size) : null }.OfType<string>());
                    await output.WriteLineAsync($"    {item.Kind.ToString().ToLowerInvariant(),-8} {item.Reference}{(detail.Length > 0 ? $" ({detail})" : "")}");
                }
            }
        }
    }
}
