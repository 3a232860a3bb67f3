using System.Diagnostics;
using OciConformance.Configuration;
using OciConformance.Fixtures;
using OciConformance.Http;
using OciConformance.Requirements;
using OciConformance.Results;
using OciConformance.Scenarios;

namespace OciConformance.Engine;

/// <summary>
/// Runs one scenario against the target and turns what happened into a <see cref="CaseResult"/>: the worst
/// outcome among its checks, a case blocked by a failed setup step, an optional feature reported not supported.
/// </summary>
internal sealed class ScenarioRunner(SuiteEnvironment environment, IReadOnlyDictionary<string, IScenarioAction> actions)
{
    public async Task<CaseResult> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var run = new CaseRun(scenario, environment);
        if (!environment.Options.IsProfileEnabled(scenario.Profile))
        {
            return Result(run, Outcome.NotRun, $"profile '{scenario.Profile}' is switched off in configuration", null, TimeSpan.Zero);
        }

        if (environment.Options.Run.Scenarios is { Count: > 0 } selected && !selected.Contains(scenario.Id))
        {
            return Result(run, Outcome.NotRun, "not selected by run.scenarios", null, TimeSpan.Zero);
        }

        if (!scenario.Requirements.Any(run.Counts))
        {
            return Result(run, Outcome.NotRun, $"every requirement it checks is outside distribution-spec {environment.Options.Run.SpecVersion}", null, TimeSpan.Zero);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var waits = new ThrottleWaits();
            var stop = await RunStepsAsync(run, waits, cancellationToken);
            while (stop is { StartOver: true })
            {
                // A request step the client does not repeat (a chunk's PATCH) met a 429: the case starts over from its
                // first step, with a fresh upload session, in the same repository, its exchanges so far kept on record.
                run = new CaseRun(scenario, environment, run.Log);
                stop = await RunStepsAsync(run, waits, cancellationToken);
            }

            return Conclude(run, stop, clock.Elapsed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (NotApplicableException e)
        {
            return Result(run, Outcome.NotRun, e.Message, null, clock.Elapsed);
        }
        catch (Exception e)
        {
            // Whatever else went wrong is the suite's own failure: reported as an error of this case, never a crash
            // of the run and never blamed on the registry.
            var step = run.CurrentStep is { } current ? $" at step '{current.Name}'" : "";
            var kind = e is FixtureException or MissingValueException ? "" : $"{e.GetType().Name}: ";
            return Result(run, Outcome.Error, $"the suite could not run this scenario{step}: {kind}{e.Message}", null, clock.Elapsed);
        }
    }

    private sealed record Stop(Outcome Outcome, string Message, string? BlockedBy)
    {
        /// <summary>The case met a 429 it may start over after, and has waited for it.</summary>
        public bool StartOver { get; init; }
    }

    private async Task<Stop?> RunStepsAsync(CaseRun run, ThrottleWaits waits, CancellationToken cancellationToken)
    {
        await run.PrepareAsync(cancellationToken);
        foreach (var step in run.Scenario.Steps)
        {
            run.CurrentStep = step;
            var before = run.Checks.Count;
            RegistryResponse? response;
            try
            {
                response = step.Request is { } request
                    ? await run.SendAsync(BuildRequest(run, request), cancellationToken)
                    : await actions[step.Action!].RunAsync(run, step, cancellationToken);
            }
            catch (MissingValueException) when (run.Checks.Any(c => !c.Passed))
            {
                return new Stop(Outcome.NotRun, $"step '{step.Name}' and later steps did not run after the failure above", null);
            }
            catch (MissingCredentialsException e)
            {
                var (who, settings) = e.Credentials == RequestCredentials.PullOnly
                    ? ("the pull-only account", new[] { Settings.PullOnlyUsername, Settings.PullOnlyPassword })
                    : ("a user", new[] { Settings.Username, Settings.Password });
                return new Stop(Outcome.NotRun, $"step '{step.Name}' needs {who}, which is not configured: {Remedy(settings)}", null);
            }

            var statusFailed = false;
            var gateClosed = false;
            if (response is not null)
            {
                foreach (var expectation in step.Expect)
                {
                    var checksBefore = run.Checks.Count;
                    ExpectationEvaluator.Evaluate(run, step, expectation, response);
                    statusFailed |= expectation.Kind == ExpectationKind.Status && run.Checks.Skip(checksBefore).Any(c => !c.Passed);
                    if (expectation.Gate is not null && run.Checks.Skip(checksBefore).Any(c => !c.Passed))
                    {
                        // The feature is absent: later checks and captures describe it and would only fail for that reason.
                        gateClosed = true;
                        break;
                    }
                }

                if (!gateClosed)
                {
                    Capture(run, step, response);
                }
            }

            var failed = run.Checks.Skip(before).Where(c => !c.Passed).ToList();
            if (failed.Count == 0)
            {
                continue;
            }

            if (failed.FirstOrDefault(c => c.BlockedBy is not null) is { BlockedBy: { } reason } refused)
            {
                if (response is { MayStartOver: true } && response.Exchange.Sequence == refused.Exchange
                    && await environment.Client.WaitToStartOverAsync(response, waits, run.Log, cancellationToken))
                {
                    return new Stop(Outcome.Blocked, $"step '{step.Name}' met a 429 and starts over", reason) { StartOver = true };
                }

                if (run.Log.Snapshot().FirstOrDefault(e => e.Sequence == refused.Exchange) is { } exchange)
                {
                    return new Stop(Outcome.Blocked, $"blocked by {reason} in step '{step.Name}': {AccessBlock.Explain(reason, exchange, environment.Options.Target.Username is not null)}", reason);
                }
            }

            if (failed.FirstOrDefault(c => c.Gate is not null) is { } gate)
            {
                return new Stop(environment.Requirements.Absent(gate.Gate!, environment.Options.Run.SpecVersion), WithNotes(run, Absence(gate)), null);
            }

            if (step.Setup)
            {
                var cause = failed[0];
                return new Stop(Outcome.Blocked, $"blocked by {cause.Requirement}: {cause.Description} failed in setup step '{step.Name}' (got {cause.Actual})", cause.Requirement);
            }

            // A wrong status or a failed action means the operation probably did not happen: later steps would
            // only repeat the same deviation under other requirement ids.
            if (response is null || statusFailed || step.Action is not null)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The settings that would let a case run, by key, flag and environment name.</summary>
    private static string Remedy(params Setting[] settings) =>
        $"set {string.Join(" and ", settings.Select(s => s.Key))} ({string.Join(", ", settings.Select(s => s.Flag))}; {string.Join(", ", settings.Select(s => s.EnvironmentVariable))})";

    private static RegistryRequest BuildRequest(CaseRun run, RequestTemplate template)
    {
        var query = template.Query.Select(q => new KeyValuePair<string, string>(q.Key, run.Render(q.Value)));
        var url = run.ResolveUrl(run.Render(template.Url ?? template.Path!), query);
        var headers = template.Headers.Select(h => new KeyValuePair<string, string>(h.Key, run.Render(h.Value))).ToList();
        RequestBody? body = null;
        if (template.Body is { } source)
        {
            var content = run.Content(source);
            body = content.ToRequestBody(source.Blob is { } blob ? $"blob '{blob}'" : source.Manifest is { } manifest ? $"manifest '{manifest}'" : "text");
        }

        return new RegistryRequest(new HttpMethod(template.Method), url) { Headers = headers, Body = body, FollowRedirects = template.FollowRedirects, Credentials = template.Credentials };
    }

    private static void Capture(CaseRun run, Step step, RegistryResponse response)
    {
        var requirement = step.Requirement ?? run.Scenario.Requirements[0];
        foreach (var (name, rule) in step.Capture)
        {
            string? value = null;
            if (rule.Header is { } header)
            {
                value = response.Headers.Get(header);
            }
            else if (rule.JsonPointer is { } pointer && ExpectationEvaluator.TryParse(response, out var document, out _))
            {
                using (document)
                {
                    value = ExpectationEvaluator.Resolve(document.RootElement, pointer, out var element) ? element.ToString() : null;
                }
            }

            var source = rule.Header is not null ? $"header {rule.Header}" : $"JSON {rule.JsonPointer}";
            if (value is null)
            {
                run.Check(requirement, false, $"response carries {source} (needed by later steps as '{name}')", $"{source} present", "absent", response);
                run.SetMissing(name, $"step '{step.Name}' found no {source}");
            }
            else
            {
                run.Set(name, value);
            }
        }
    }

    private CaseResult Conclude(CaseRun run, Stop? stop, TimeSpan elapsed)
    {
        var failures = run.Checks.Where(c => c.Counts && run.Counts(c.Requirement)).Select(c => (Check: c, Outcome: OutcomeOf(c))).ToList();
        var worstFailure = failures.Count == 0 ? (Outcome?)null : failures.Max(f => f.Outcome);
        if (worstFailure is { } worst && (stop is null || worst >= stop.Outcome || stop.Outcome == Outcome.NotRun))
        {
            var first = failures.First(f => f.Outcome == worst).Check;
            var basis = environment.Requirements[first.Requirement].Inferred is { } inferred ? $", no sentence demands it, so at most a warning: {inferred}" : "";
            var message = $"{first.Requirement} ({first.Level}{basis}): {first.Description}: expected {first.Expected}, got {first.Actual}";
            if (stop is { Outcome: Outcome.NotRun })
            {
                message += $"; {stop.Message}";
            }

            return Result(run, worst, message, null, elapsed);
        }

        if (stop is not null)
        {
            return Result(run, stop.Outcome, stop.Message, stop.BlockedBy, elapsed);
        }

        return run.Checks.Count == 0
            ? Result(run, Outcome.Error, "the scenario evaluated no check; a scenario must assert something", null, elapsed)
            : Result(run, Outcome.Passed, run.Notes.Count == 0 ? null : string.Join("; ", run.Notes), null, elapsed);
    }

    private static string WithNotes(CaseRun run, string message) =>
        run.Notes.Count == 0 ? message : $"{string.Join("; ", run.Notes)}; {message}";

    private Outcome OutcomeOf(CheckResult check) =>
        environment.Requirements[check.Requirement].MissAt(environment.Options.Run.SpecVersion);

    /// <summary>Why a closed gate ends the case, in the words of the feature's kind.</summary>
    private string Absence(CheckResult gate)
    {
        var feature = environment.Requirements.Feature(gate.Gate!);
        var evidence = $"{gate.Description} did not hold (got {gate.Actual})";
        return feature.Kind switch
        {
            FeatureKind.Conditional => $"not applicable until {feature.Condition}: {evidence}",
            FeatureKind.Recommended => $"{feature.Requirement} ({environment.Requirements[feature.Requirement!].LevelAt(environment.Options.Run.SpecVersion).ToText()}): feature '{feature.Id}' is missing: {evidence}",
            FeatureKind.BeyondSpec => $"feature beyond the spec '{feature.Id}' is not offered: {evidence}",
            _ => $"optional feature '{feature.Id}' is not offered: {evidence}",
        };
    }

    private CaseResult Result(CaseRun run, Outcome outcome, string? message, string? blockedBy, TimeSpan elapsed)
    {
        var exchanges = run.Log.Snapshot();
        var transferred = exchanges.Sum(e => e.ResponseLength + (e.RequestLength ?? 0));
        return Result(run, outcome, message, blockedBy, elapsed, exchanges) with
        {
            TransferredBytes = transferred,
            ThroughputBytesPerSecond = elapsed.TotalSeconds > 0 ? Math.Round(transferred / elapsed.TotalSeconds) : null,
        };
    }

    private CaseResult Result(CaseRun run, Outcome outcome, string? message, string? blockedBy, TimeSpan elapsed, IReadOnlyList<HttpExchange> exchanges) => new()
    {
        Id = run.Scenario.Id,
        Title = run.Scenario.Title,
        Profile = run.Scenario.Profile,
        Requirements = run.Scenario.Requirements,
        Level = run.Scenario.Requirements.Where(run.Counts).Select(r => environment.Requirements[r].LevelAt(environment.Options.Run.SpecVersion)).DefaultIfEmpty(RequirementLevel.May).Max().ToText(),
        Outcome = outcome,
        Message = message,
        BlockedBy = blockedBy,
        Repository = run.Repository,
        Target = environment.TargetName,
        DurationMs = Math.Round(elapsed.TotalMilliseconds, 1),
        Checks = run.Checks,
        Exchanges = exchanges,
        Throttling = Throttling.Of(exchanges, run.Log.Waited),
        File = run.Scenario.File,
    };
}
