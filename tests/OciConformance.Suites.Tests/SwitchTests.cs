using OciConformance.Engine;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>
/// Each switch of the reference registry changes what the whole suite reports, in the way the switch means
/// (the referrers and proposal switches are covered by ReferrersSwitchTests).
/// </summary>
public sealed class SwitchTests
{
    private static async Task<IReadOnlyDictionary<string, CaseResult>> RunAllAsync(RegistryOptions registryOptions, string? username = null, string? password = null)
    {
        var report = await SuiteRuns.AgainstAsync(registryOptions, options => options with { Target = options.Target with { Username = username, Password = password } });
        return report.Cases.ToDictionary(r => r.Id);
    }

    private static IEnumerable<string> Failures(IReadOnlyDictionary<string, CaseResult> results) =>
        results.Values.Where(r => r.Outcome is Outcome.Failed or Outcome.Error or Outcome.Blocked).Select(r => $"{r.Id}: {r.Outcome.ToText()}: {r.Message}");

    private static IEnumerable<string> ManagementCases => SuiteData.Shipped.Scenarios.Where(s => s.Profile == "management").Select(s => s.Id);

    [Test]
    public async Task With_every_switch_at_its_default_nothing_fails()
    {
        Assert.That(Failures(await RunAllAsync(new RegistryOptions())), Is.Empty);
    }

    [Test]
    public async Task Deletes_switched_off_make_management_not_supported_and_nothing_failed()
    {
        var results = await RunAllAsync(new RegistryOptions { DeleteEnabled = false });
        Assert.Multiple(() =>
        {
            Assert.That(Failures(results), Is.Empty, "a registry that disallows deletes (405) is not failed for it");
            Assert.That(ManagementCases.Select(id => results[id].Outcome), Has.Some.EqualTo(Outcome.NotSupported));
            Assert.That(ManagementCases.Select(id => results[id].Outcome), Has.None.EqualTo(Outcome.Passed).Or.EqualTo(Outcome.Failed),
                "no delete can be observed to work, and refusing one is allowed");
        });
    }

    [Test]
    public async Task A_read_only_registry_cannot_pass_push_but_still_passes_the_base_check()
    {
        var results = await RunAllAsync(new RegistryOptions { ReadOnly = true });
        var push = results.Values.Where(r => r.Profile == "push").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(results["base-v2"].Outcome, Is.EqualTo(Outcome.Passed));
            Assert.That(push.Select(r => r.Outcome), Has.None.EqualTo(Outcome.Passed));
            Assert.That(push.Select(r => r.Outcome).Worst(), Is.EqualTo(Outcome.Failed));
        });
    }

    [Test]
    public async Task Basic_authentication_with_credentials_changes_nothing()
    {
        var results = await RunAllAsync(new RegistryOptions
        {
            Auth = RegistryAuthMode.Basic,
            Users = [new RegistryUser("ci", "basic-secret", ["pull", "push", "delete"])],
        }, "ci", "basic-secret");
        Assert.That(Failures(results), Is.Empty);
    }

    [Test]
    public async Task Token_authentication_with_credentials_changes_nothing()
    {
        var results = await RunAllAsync(new RegistryOptions
        {
            Auth = RegistryAuthMode.Token,
            Users = [new RegistryUser("ci", "token-secret", ["pull", "push", "delete"])],
        }, "ci", "token-secret");
        Assert.That(Failures(results), Is.Empty);
    }

    [Test]
    public async Task A_pull_only_token_blocks_every_case_that_must_push()
    {
        var results = await RunAllAsync(new RegistryOptions
        {
            Auth = RegistryAuthMode.Token,
            Users = [new RegistryUser("reader", "reader-secret", ["pull"])],
        }, "reader", "reader-secret");
        Assert.Multiple(() =>
        {
            Assert.That(results["base-v2"].Outcome, Is.EqualTo(Outcome.Passed));
            Assert.That(results["blob-get"].Outcome, Is.EqualTo(Outcome.Blocked));
            Assert.That(results["blob-get"].Message, Does.Contain("blocked by").And.Contain("403"));
        });
    }
}
