using OciConformance.Reference;

namespace OciConformance.Runner.Tests;

/// <summary>The command line as a user meets it: exit codes, error messages, and what --debug adds.</summary>
public sealed class RunnerTests
{
    private static async Task<RunnerProcess.Run> AgainstFaultyRegistryAsync(params string[] args)
    {
        await using var registry = await ReferenceRegistry.StartAsync(new RegistryOptions { Faults = new HashSet<string> { "base-wrong-status" } });
        return await RunnerProcess.RunAsync(["--target", registry.BaseAddress.ToString(), "--profiles", "pull", .. args]);
    }

    [Test]
    public async Task A_broken_MUST_exits_1_and_names_the_requirement()
    {
        var run = await AgainstFaultyRegistryAsync();
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.Output + run.Errors);
            Assert.That(run.Output, Does.Contain("dist.base.v2-ok (MUST)").And.Contain("expected 200, got 204"));
            Assert.That(run.Output, Does.Not.Contain("< 204"), "exchanges are in the reports, not on the console, unless --debug");
        });
    }

    [Test]
    public async Task Debug_prints_the_exchange_behind_each_case_that_did_not_pass()
    {
        var run = await AgainstFaultyRegistryAsync("--debug");
        Assert.That(run.Output, Does.Contain("--- pull/base-v2 (failed").And.Contain("> GET ").And.Contain("< 204"));
    }

    [Test]
    public async Task A_bad_flag_value_exits_2_before_any_request()
    {
        var run = await RunnerProcess.RunAsync("--target", "http://127.0.0.1:1", "--parallel", "lots");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Errors, Does.Contain("flag --parallel = 'lots': expected a whole number from 1 to 64"));
            Assert.That(run.Report, Is.Null);
        });
    }

    [Test]
    public async Task An_unknown_scenario_id_exits_2_naming_it()
    {
        var run = await RunnerProcess.RunAsync("--scenarios", "base-v2,no-such-scenario");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Errors, Does.Contain("unknown scenarios: no-such-scenario"));
            Assert.That(run.Report, Is.Null);
        });
    }

    [Test]
    public async Task Scenarios_selects_the_cases_that_run()
    {
        var run = await RunnerProcess.RunAsync("--scenarios", "base-v2,blob-get");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Output + run.Errors);
            Assert.That(run.Report?.Cases.Select(c => c.Id), Is.EquivalentTo(new[] { "base-v2", "blob-get" }));
            Assert.That(run.Output, Does.Contain("· 2 scenarios ·"));
        });
    }

    [Test]
    public async Task A_registry_that_asks_for_credentials_the_suite_lacks_stops_the_run_with_exit_2()
    {
        await using var registry = await ReferenceRegistry.StartAsync(new RegistryOptions
        {
            Auth = RegistryAuthMode.Token,
            Users = [new RegistryUser("ci", "token-secret", ["pull", "push", "delete"])],
        });

        var run = await RunnerProcess.RunAsync("--target", registry.BaseAddress.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.Output + run.Errors);
            Assert.That(run.Errors, Does.Contain("access refused:").And.Contain("Bearer challenge (realm \"").And.Contain("set target.username and target.password"));
            Assert.That(run.Report, Is.Null, "nothing is reported about a registry the suite could not enter");
        });
    }
}
