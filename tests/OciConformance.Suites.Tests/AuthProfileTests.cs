using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>
/// The auth profile against the reference registry: it passes where the registry runs token auth and the suite has
/// both accounts, a case that needs the pull-only account is not run without it (naming the settings), and a registry
/// that asks for no credentials offers nothing to check: not supported, never failed.
/// </summary>
public sealed class AuthProfileTests
{
    private static IEnumerable<string> AuthScenarios => SuiteData.Shipped.Scenarios.Where(s => s.Profile == Profiles.Auth).Select(s => s.Id);

    private static Task<RunReport> RunAsync(RegistryOptions registry, Func<ConformanceOptions, ConformanceOptions> accounts) =>
        SuiteRuns.AgainstAsync(registry, options => accounts(options with
        {
            Profiles = Profiles.All.ToDictionary(p => p, p => p == Profiles.Auth, StringComparer.Ordinal),
            Run = options.Run with { Scenarios = [.. AuthScenarios] },
        }));

    private static string Describe(RunReport report) => string.Join(Environment.NewLine, report.Cases.Select(c => $"{c.Id}: {c.Outcome.ToText()} {c.Message}"));

    private static Outcome Verdict(RunReport report) => report.Profiles.Single(p => p.Profile == Profiles.Auth).Verdict;

    [Test]
    public async Task With_token_auth_and_both_accounts_every_auth_case_passes()
    {
        var report = await RunAsync(AuthTarget.Registry(new RegistryOptions()), AuthTarget.Accounts);

        Assert.Multiple(() =>
        {
            Assert.That(report.Cases.Select(c => c.Id), Is.EquivalentTo(AuthScenarios));
            Assert.That(report.Cases.Where(c => c.Outcome != Outcome.Passed).Select(c => $"{c.Id}: {c.Outcome.ToText()} {c.Message}"), Is.Empty);
            Assert.That(Verdict(report), Is.EqualTo(Outcome.Passed));
            Assert.That(report.Header.Specs.Select(s => s.Name), Does.Contain("distribution-token-auth").And.Contain("distribution-spec"));
        });
    }

    [Test]
    public async Task Without_the_pull_only_account_its_cases_are_not_run_and_say_which_settings_to_give()
    {
        var report = await RunAsync(AuthTarget.Registry(new RegistryOptions()), options => AuthTarget.Accounts(options) with { Auth = new AuthOptions() });

        var notRun = report.Cases.Where(c => c.Outcome == Outcome.NotRun).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(notRun.Select(c => c.Id), Is.EquivalentTo(new[] { "auth-partial-scope", "auth-pull-only-push" }), Describe(report));
            Assert.That(notRun.Select(c => c.Message), Has.All.Contain("auth.pullOnlyUsername").And.Contain("--pull-only-password").And.Contain("CONFORMANCE__AUTH__PULLONLYUSERNAME"));
            Assert.That(report.Cases.Except(notRun).Select(c => c.Outcome), Is.All.EqualTo(Outcome.Passed), Describe(report));
            Assert.That(Verdict(report), Is.EqualTo(Outcome.Passed));
        });
    }

    [Test]
    public async Task A_registry_without_authentication_makes_the_profile_not_applicable()
    {
        var report = await RunAsync(new RegistryOptions(), options => options);

        Assert.Multiple(() =>
        {
            Assert.That(report.Cases.Select(c => c.Outcome), Is.All.EqualTo(Outcome.NotApplicable), Describe(report));
            Assert.That(report.Cases.Select(c => c.Message), Has.All.Contain("not applicable until the registry requires authentication"));
            Assert.That(Verdict(report), Is.EqualTo(Outcome.NotApplicable));
            Assert.That(report.HasMandatoryFailure, Is.False);
        });
    }

    [Test]
    public async Task Auth_requirements_roll_up_under_their_own_catalog_and_profile()
    {
        var report = await RunAsync(AuthTarget.Registry(new RegistryOptions()), AuthTarget.Accounts);

        var token = report.Requirements.Where(r => r.Id.StartsWith("auth.token.", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(token, Is.Not.Empty);
            Assert.That(token.Select(r => r.Profile), Is.All.EqualTo(Profiles.Auth));
            Assert.That(token.Select(r => r.Link), Is.All.StartsWith("https://github.com/distribution/distribution/blob/"));
            Assert.That(report.Profiles.Where(p => p.Profile != Profiles.Auth).Select(p => p.Verdict), Is.All.EqualTo(Outcome.NotRun), "the other profiles are off");
            Assert.That(report.Coverage.Categories.Single(c => c.Profile == Profiles.Auth).Covered, Is.EqualTo(SuiteData.Shipped.Requirements.All.Count(r => r.Id.StartsWith("auth.token.", StringComparison.Ordinal) && r.Testable && r.Actor == "registry")));
        });
    }
}
