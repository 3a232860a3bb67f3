using OciConformance.Configuration;
using OciConformance.Reports;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>The command line System.CommandLine parses from the setting declarations: help, flag syntax, usage errors.</summary>
public sealed class CommandLineTests
{
    [Test]
    public async Task Help_lists_every_declared_flag_the_distribution_spec_names_and_the_subcommands()
    {
        var help = await RunnerInProcess.RunAsync("--help");

        Assert.Multiple(() =>
        {
            Assert.That(help.Code, Is.EqualTo(0), help.Errors);
            foreach (var setting in Settings.All.Where(s => s.Flag is not null))
            {
                Assert.That(help.Output, Does.Contain(setting.ValueName is null ? $"  {setting.Flag} " : $"  {setting.Flag} <{setting.ValueName}>"), setting.Key);
                Assert.That(help.Output, Does.Contain(setting.Help), setting.Key);
            }

            foreach (var variable in Settings.All.Select(s => s.Oci).OfType<OciVariable>())
            {
                Assert.That(help.Output, Does.Contain(variable.Name));
            }

            Assert.That(help.Output, Does.Contain($"{ConfigurationLoader.ConfigFlag} <FILE>").And.Contain("--list").And.Contain("--help"));
            Assert.That(help.Output, Does.Contain("compare <OLD/results.json> <NEW/results.json>").And.Contain("matrix <results.json>").And.Contain("verify-bundle <DIR>"));
            Assert.That(help.Output, Does.Contain("cases run at once (1-64) [default: 8]"), "ranges come from the schema, defaults from the options");
            Assert.That(help.Output, Does.Contain("Exit codes:"));
        });
    }

    [Test]
    public async Task A_subcommand_has_its_own_help()
    {
        var help = await RunnerInProcess.RunAsync("matrix", "--help");

        Assert.Multiple(() =>
        {
            Assert.That(help.Code, Is.EqualTo(0));
            Assert.That(help.Output, Does.Contain("--output <DIR>").And.Not.Contain("--parallel").And.Not.Contain("Exit codes:"));
        });
    }

    [TestCase(new[] { "--tagret", "x" }, "configuration error: Unrecognized command or argument '--tagret'.", TestName = "An unknown option exits 2")]
    [TestCase(new[] { "--parallel" }, "configuration error: Required argument missing for option: '--parallel'.", TestName = "A flag without its value exits 2")]
    [TestCase(new[] { "compare", "a.json" }, "compare: Required argument 'NEW/results.json' missing", TestName = "compare with one report exits 2")]
    [TestCase(new[] { "compare", "a.json", "b.json", "--since" }, "compare: Unrecognized command or argument '--since'.", TestName = "compare with an unknown option exits 2")]
    [TestCase(new[] { "matrix", "a.json" }, "matrix: give at least two results.json files", TestName = "matrix with one report exits 2")]
    [TestCase(new[] { "verify-bundle" }, "verify-bundle: Required argument 'DIR' missing", TestName = "verify-bundle without a folder exits 2")]
    public async Task Usage_errors_exit_2_and_name_the_problem(string[] args, string message)
    {
        var run = await RunnerInProcess.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.EqualTo(2));
            Assert.That(run.Errors, Does.StartWith(message));
            Assert.That(run.Output, Is.Empty);
        });
    }

    [Test]
    public async Task Flags_take_their_value_after_a_space_an_equals_sign_or_a_colon_and_a_repeated_flag_keeps_the_last()
    {
        var folder = TestFolders.Temp("flags");

        var run = await RunnerInProcess.RunAsync("--scenarios", "base-v2", "--parallel=3", "--timeout:20", "--namespace", "first", "--namespace", "second",
            "--password", "s3cret-value", "--debug", "--output", folder);

        var configuration = (await ResultsJson.ReadAsync(Path.Combine(folder, ResultsJson.FileName), CancellationToken.None)).Header.Configuration;
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.EqualTo(0), run.Output + run.Errors);
            Assert.That(run.Output, Does.Contain("parallelism 3").And.Not.Contain("s3cret-value"));
            Assert.That(configuration["run.requestTimeoutSeconds"], Is.EqualTo("20"));
            Assert.That(configuration["target.namespace"], Is.EqualTo("second"));
            Assert.That(configuration["run.debug"], Is.EqualTo("true"), "a switch given alone is on");
            Assert.That(configuration["target.password"], Is.EqualTo(Secret.Mask));
            Assert.That(File.ReadAllText(Path.Combine(folder, ResultsJson.FileName)), Does.Not.Contain("s3cret-value"));
        });
    }
}
