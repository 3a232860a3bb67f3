using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using System.Xml.Schema;
using OciConformance.Formats;
using OciConformance.Reports;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>
/// The runner as a user starts it, as a child process against the embedded reference registry: every report file
/// must be there and valid, the bundle must verify, and the HTML must render in Chromium (its screenshot is the one
/// the README shows).
/// </summary>
[NonParallelizable]
public sealed class EndToEndTests
{
    private string _output = "";
    private string _bundle = "";
    private (int Code, string Output, string Errors) _run;

    /// <summary>Set to 1 to refresh docs/report.png, the screenshot the README shows, from this test's run.</summary>
    public const string UpdateScreenshotVariable = "UPDATE_REPORT_SCREENSHOT";

    private static string RunnerDll => Path.Combine(TestContext.CurrentContext.TestDirectory, "oci-conformance.dll");

    [OneTimeSetUp]
    public async Task RunTheSuite()
    {
        var folder = TestFolders.Temp("e2e");
        _output = Path.Combine(folder, "out");
        _bundle = Path.Combine(folder, "bundle");
        _run = await Runner(folder, new Dictionary<string, string>
        {
            ["CONFORMANCE__PRODUCT__NAME"] = "Embedded reference registry",
            ["CONFORMANCE__PRODUCT__VERSION"] = "test",
            ["CONFORMANCE__PRODUCT__VENDOR"] = "OCI conformance project",
        }, "--output", _output, "--bundle", _bundle);
    }

    private static async Task<(int Code, string Output, string Errors)> Runner(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        Assert.That(File.Exists(RunnerDll), Is.True, $"the runner should be copied next to the tests: {RunnerDll}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RunnerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OCI_", StringComparison.Ordinal) || k.StartsWith("CONFORMANCE", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Test]
    public void The_run_passes_and_prints_plain_progress_when_not_on_a_terminal()
    {
        Assert.That(_run.Code, Is.EqualTo(0), $"{_run.Output}\n{_run.Errors}");
        Assert.That(_run.Output, Does.Contain("pull").And.Contain("done").And.Not.Contain("\u001b["));
    }

    [Test]
    public void Every_report_file_is_written()
    {
        foreach (var file in new[] { "results.json", "junit.xml", "report.html", "summary.md", "allure-results/environment.properties", "allure-results/executor.json" })
        {
            Assert.That(File.Exists(Path.Combine(_output, file)), Is.True, file);
        }

        Assert.That(Directory.GetFiles(Path.Combine(_output, "allure-results"), "*-result.json"), Is.Not.Empty);
    }

    [Test]
    public void The_real_results_json_validates_against_its_schema()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "results.json")));

        var validation = SchemaSet.Load(SuitePaths.Schemas).Validate(ResultsJson.SchemaKey, document.RootElement);

        Assert.That(validation.Violations.Select(v => $"{v.InstancePath}: {v.Message}"), Is.Empty);
        Assert.That(document.RootElement.GetProperty("header").GetProperty("product").GetProperty("name").GetString(), Is.EqualTo("Embedded reference registry"));
    }

    [Test]
    public void The_real_junit_xml_has_the_common_shape()
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(TestContext.CurrentContext.TestDirectory, "junit.xsd"));
        var errors = new List<string>();

        XDocument.Load(Path.Combine(_output, "junit.xml")).Validate(schemas, (_, e) => errors.Add(e.Message));

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task The_bundle_verifies_through_the_runner()
    {
        var verify = await Runner(Path.GetTempPath(), new Dictionary<string, string>(), "verify-bundle", _bundle);

        Assert.That(verify.Code, Is.EqualTo(0), verify.Output + verify.Errors);
    }

    [Test]
    public async Task Comparing_the_run_with_itself_finds_no_regression()
    {
        var results = Path.Combine(_output, "results.json");

        var compare = await Runner(Path.GetTempPath(), new Dictionary<string, string>(), "compare", results, results);

        Assert.That(compare.Code, Is.EqualTo(0), compare.Output + compare.Errors);
        Assert.That(compare.Output, Does.Contain("0 regressions"));
    }

    [Test]
    public async Task The_real_report_renders_in_chromium_and_its_screenshot_is_kept()
    {
        var html = Path.Combine(_output, "report.html");
        var screenshot = Path.Combine(_output, "report.png");

        var result = await Chromium.DumpDomAsync(html);
        await Chromium.ScreenshotAsync(html, screenshot, 1280, 1100);
        TestContext.AddTestAttachment(screenshot, "report.html against the embedded registry, as Chromium shows it");
        if (Environment.GetEnvironmentVariable(UpdateScreenshotVariable) == "1")
        {
            File.Copy(screenshot, Path.Combine(TestFolders.RepositoryRoot, "docs", "report.png"), overwrite: true);
        }

        Chromium.AssertRendered(result);
        Assert.That(result.Dom, Does.Contain("<div class=\"badge passed\" data-profile=\"pull\">"));
        Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(10_000), "a blank page would compress to almost nothing");
    }
}
