using OciConformance.Reference;
using OciConformance.Reports;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>
/// The subcommands on real reports: a clean run, a run against a registry with a broken MUST, and a run of other
/// scenarios, all three made by the runner itself against reference registries.
/// </summary>
public sealed class CommandTests
{
    private string _folder = "";
    private string _clean = "";
    private string _broken = "";
    private string _unrelated = "";
    private string _bundle = "";

    [OneTimeSetUp]
    public async Task RunThreeTimes()
    {
        _folder = TestFolders.Temp("commands");
        _bundle = Path.Combine(_folder, "bundle");
        await using var faulty = await ReferenceRegistry.StartAsync(new RegistryOptions { Faults = new HashSet<string> { "base-wrong-status" } });
        _clean = await RunAsync("clean", "--scenarios", "base-v2,blob-get", "--bundle", _bundle);
        _broken = await RunAsync("broken", "--scenarios", "base-v2,blob-get", "--target", faulty.BaseAddress.ToString());
        _unrelated = await RunAsync("unrelated", "--scenarios", "tags-list");
    }

    private async Task<string> RunAsync(string name, params string[] args)
    {
        var output = Path.Combine(_folder, name);
        var run = await RunnerInProcess.RunAsync([.. args, "--output", output]);
        Assert.That(run.Code, Is.EqualTo(name == "broken" ? 1 : 0), run.Output + run.Errors);
        return Path.Combine(output, ResultsJson.FileName);
    }

    [Test]
    public async Task Compare_exits_1_on_a_regression_0_on_a_fix_and_2_when_it_cannot_compare()
    {
        var regression = await RunnerInProcess.RunAsync("compare", _clean, _broken);
        var fix = await RunnerInProcess.RunAsync("compare", _broken, _clean);
        var refused = await RunnerInProcess.RunAsync("compare", _clean, _unrelated);
        var usage = await RunnerInProcess.RunAsync("compare", _clean);

        Assert.Multiple(() =>
        {
            Assert.That(regression.Code, Is.EqualTo(1), regression.Output + regression.Errors);
            Assert.That(regression.Output, Does.Contain("Regressions (1):").And.Contain("base-v2"));
            Assert.That(fix.Code, Is.EqualTo(0), fix.Output + fix.Errors);
            Assert.That(refused.Code, Is.EqualTo(2));
            Assert.That(refused.Errors, Does.Contain("shares no case"));
            Assert.That(usage.Code, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Matrix_writes_html_and_markdown_and_refuses_a_single_report()
    {
        var folder = Path.Combine(_folder, "matrix");

        var written = await RunnerInProcess.RunAsync("matrix", _clean, _broken, "--output", folder);
        var single = await RunnerInProcess.RunAsync("matrix", _clean);

        Assert.Multiple(() =>
        {
            Assert.That(written.Code, Is.EqualTo(0), written.Errors);
            Assert.That(File.Exists(Path.Combine(folder, ImpactMatrixFiles.HtmlFile)), Is.True);
            Assert.That(File.ReadAllText(Path.Combine(folder, ImpactMatrixFiles.MarkdownFile)), Does.Contain("base-v2"));
            Assert.That(single.Code, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Verify_bundle_names_a_missing_file_and_exits_1()
    {
        var complete = await RunnerInProcess.RunAsync("verify-bundle", _bundle);
        var damaged = Path.Combine(_folder, "damaged-bundle");
        Directory.CreateDirectory(damaged);
        foreach (var file in Directory.GetFiles(_bundle).Where(f => Path.GetFileName(f) != CertificationBundle.ReadmeFile))
        {
            File.Copy(file, Path.Combine(damaged, Path.GetFileName(file)));
        }

        var incomplete = await RunnerInProcess.RunAsync("verify-bundle", damaged);

        Assert.Multiple(() =>
        {
            Assert.That(incomplete.Code, Is.EqualTo(1));
            Assert.That(incomplete.Output, Does.Contain("- README.md is missing"));
            Assert.That(complete.Output, Does.Not.Contain("README.md is missing"));
        });
    }
}
