using OciConformance.Configuration;
using OciConformance.Reports;
using OciConformance.Runner;
using OciConformance.Suites.Tests;
using OciConformance.Testing;
using YamlDotNet.RepresentationModel;

namespace OciConformance.Ci.Tests;

/// <summary>
/// The composite GitHub Action at the repository root: every input sets a declared configuration key (or is one of
/// the few the action itself uses), and its shell step, run here with the GitHub files pointed at temporary ones,
/// checks a registry and writes the outputs, the job summary and the report folder the upload step takes.
/// </summary>
public sealed class ActionTests
{
    /// <summary>Inputs that steer the action rather than the suite: which executable, whether a MUST failure fails, the artifact's name.</summary>
    private static readonly string[] ActionOnlyInputs = ["executable", "fail-on-must", "artifact-name"];

    private static readonly YamlMappingNode Action = GitHubYaml.Load(Path.Combine(TestFolders.RepositoryRoot, "action.yml"));

    private static IReadOnlyList<YamlNode> Steps => [.. Action.Map("runs").Items("steps")];

    private static YamlNode CheckStep => Steps.Single(s => s.Text("id") == "check");

    [Test]
    public void Every_configuration_input_sets_a_declared_setting_through_its_environment_variable_and_names_its_key()
    {
        var inputs = Action.Map("inputs");
        var env = CheckStep.Scalars("env");
        var byInput = env.Where(e => e.Value.StartsWith("${{ inputs.", StringComparison.Ordinal))
            .ToDictionary(e => e.Value["${{ inputs.".Length..^" }}".Length], e => e.Key, StringComparer.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(env.Values, Has.All.Match(@"^\$\{\{ inputs\.[a-z-]+ \}\}$"), "the step's environment holds inputs only");
            Assert.That(inputs.Keys().Except(ActionOnlyInputs), Is.SubsetOf(byInput.Keys), "an input that sets nothing");
            foreach (var input in inputs.Keys().Except(ActionOnlyInputs))
            {
                var setting = Settings.All.SingleOrDefault(s => s.EnvironmentVariable == byInput[input]);
                Assert.That(setting, Is.Not.Null, $"input {input} sets {byInput[input]}, which no setting in Settings.cs reads");
                Assert.That(inputs.Map(input).Text("description"), Does.Contain($"({setting?.Key})"), $"input {input}'s description names its key");
            }

            Assert.That(byInput.Keys, Is.SubsetOf(inputs.Keys()), "the step reads an input the action does not declare");
            Assert.That(byInput.Keys.Intersect(ActionOnlyInputs), Is.EquivalentTo(new[] { "executable", "fail-on-must" }));
        });
    }

    [Test]
    public void A_password_input_goes_to_the_secret_setting()
    {
        var env = CheckStep.Scalars("env");
        var setting = Settings.All.Single(s => s.EnvironmentVariable == env.Single(e => e.Value == "${{ inputs.password }}").Key);

        Assert.That(setting.IsSecret, Is.True, setting.Key);
    }

    [Test]
    public void Every_output_is_the_check_steps_and_every_profile_has_a_verdict()
    {
        var outputs = Action.Map("outputs");

        Assert.Multiple(() =>
        {
            foreach (var name in outputs.Keys())
            {
                Assert.That(outputs.Map(name).Text("value"), Is.EqualTo($"${{{{ steps.check.outputs.{name} }}}}"), name);
            }

            Assert.That(outputs.Keys(), Is.SupersetOf(Profiles.All.Select(p => $"verdict-{p}")));
            Assert.That(outputs.Keys(), Is.SupersetOf(new[] { "exit-code", "report-dir", "verdict", "passed", "failed", "warned", "skipped" }));
        });
    }

    [Test]
    public void The_upload_step_uploads_the_report_folder_the_check_step_names_even_after_a_failure()
    {
        var upload = Steps.Single(s => s.Text("uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);

        Assert.Multiple(() =>
        {
            Assert.That(upload.Text("uses"), Is.EqualTo("actions/upload-artifact@v4"));
            Assert.That(upload.Scalars("with")["path"], Is.EqualTo("${{ steps.check.outputs.report-dir }}"));
            Assert.That(upload.Scalars("with")["name"], Is.EqualTo("${{ inputs.artifact-name }}"));
            Assert.That(upload.Text("if"), Does.StartWith("always()"));
        });
    }

    [Test]
    public async Task Against_the_embedded_registry_the_step_passes_and_writes_outputs_summary_and_reports_without_the_password()
    {
        const string password = "action-test-secret-5b1f";
        var run = await RunCheckStepAsync(new() { ["profiles"] = "pull,formats", ["username"] = "ci", ["password"] = password, ["report-dir"] = "report" });

        var folder = run.Outputs["report-dir"];
        var report = await ResultsJson.ReadAsync(Path.Combine(folder, ResultsJson.FileName), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, $"{run.Output}\n{run.Errors}");
            Assert.That(run.Outputs.Keys, Is.EquivalentTo(Action.Map("outputs").Keys()), "every output the action declares is written, and no other");
            Assert.That(folder, Does.EndWith("/report"), "the report-dir input picks the folder");
            Assert.That(run.Outputs["exit-code"], Is.EqualTo("0"));
            Assert.That(run.Outputs["verdict-pull"], Is.EqualTo("passed"));
            Assert.That(run.Outputs["verdict-formats"], Is.EqualTo("passed"));
            Assert.That(run.Outputs["verdict-push"], Is.EqualTo("not-tested"));
            Assert.That(run.Outputs["verdict"], Is.EqualTo("passed"));
            Assert.That(run.Outputs["passed"], Is.EqualTo(report.Cases.Count(c => c.Outcome == Results.Outcome.Passed).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(int.Parse(run.Outputs["passed"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
            Assert.That(run.StepSummary, Is.EqualTo(File.ReadAllText(Path.Combine(folder, "summary.md"))).And.Contain("pull"));
            Assert.That(report.Header.Configuration["target.username"], Is.EqualTo("ci"), "the username input reached the suite");
            Assert.That(report.Header.Configuration["target.password"], Is.EqualTo("***"), "the password input reached the suite, masked");
            Assert.That(run.Output + run.Errors + run.StepSummary + string.Join("\n", run.Outputs.Values), Does.Not.Contain(password));
            Assert.That(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => File.ReadAllText(f).Contains(password, StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public async Task A_MUST_failure_fails_the_step_unless_fail_on_must_is_false_and_the_outputs_say_so_either_way()
    {
        await using var registry = await DistributionRegistry.StartAsync();
        var inputs = new Dictionary<string, string> { ["target"] = registry.BaseAddress.ToString(), ["profiles"] = "discovery" };

        var failing = await RunCheckStepAsync(inputs);
        var tolerant = await RunCheckStepAsync(new(inputs) { ["fail-on-must"] = "false" });

        Assert.Multiple(() =>
        {
            Assert.That(failing.ExitCode, Is.EqualTo(RunnerApp.ExitMandatoryFailure), $"{failing.Output}\n{failing.Errors}");
            Assert.That(tolerant.ExitCode, Is.Zero, $"{tolerant.Output}\n{tolerant.Errors}");
            foreach (var run in new[] { failing, tolerant })
            {
                Assert.That(run.Outputs["exit-code"], Is.EqualTo("1"));
                Assert.That(run.Outputs["verdict-discovery"], Is.EqualTo("failed"), "distribution 2.8 breaks discovery MUSTs (distribution-2.8.json)");
                Assert.That(run.Outputs["verdict"], Is.EqualTo("failed"));
                Assert.That(run.StepSummary, Does.Contain("dist.discovery.tags-n-zero"));
            }
        });
    }

    [Test]
    public async Task A_bad_configuration_fails_the_step_whatever_fail_on_must_says()
    {
        var run = await RunCheckStepAsync(new() { ["spec-version"] = "0.9", ["fail-on-must"] = "false" });

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(RunnerApp.ExitUsage), $"{run.Output}\n{run.Errors}");
            Assert.That(run.Errors, Does.Contain("CONFORMANCE__RUN__SPECVERSION"));
            Assert.That(run.Outputs["exit-code"], Is.EqualTo("2"));
        });
    }

    /// <summary>
    /// Runs the action's shell step with the inputs given (the rest at their defaults), the runner built next to the
    /// tests as its executable, and the action's folder the repository, as <c>uses: ./</c> in a checkout would.
    /// </summary>
    private static async Task<LocalStep.Result> RunCheckStepAsync(Dictionary<string, string> given)
    {
        var inputs = Action.Map("inputs");
        var context = inputs.Keys().ToDictionary(name => $"inputs.{name}", name => inputs.Map(name).Text("default") ?? "", StringComparer.Ordinal);
        context["inputs.executable"] = Path.Combine(AppContext.BaseDirectory, "oci-conformance");
        foreach (var (name, value) in given)
        {
            Assert.That(context, Does.ContainKey($"inputs.{name}"), $"the action has no input {name}");
            context[$"inputs.{name}"] = value;
        }

        return await LocalStep.RunAsync(CheckStep.Text("run")!, CheckStep.Scalars("env"), context, TestFolders.Temp("action"), TestFolders.RepositoryRoot);
    }
}
