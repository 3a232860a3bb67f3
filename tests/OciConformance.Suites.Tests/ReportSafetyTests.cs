using System.Text.RegularExpressions;
using System.Xml;
using OciConformance.Formats;
using OciConformance.Reference;
using OciConformance.Reports;
using OciConformance.Testing;

namespace OciConformance.Suites.Tests;

/// <summary>
/// The suite run against registries that send bytes no report can hold as they are still writes every report, each
/// of which parses; and what the suite pushes and reports carries no escape no scenario asked for.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed partial class ReportSafetyTests
{
    private static readonly string[] WireFaults = ["error-body-gzip-labelled-deflate", "error-message-raw-bytes", "tags-list-unprintable-tag", "manifest-digest-header-unprintable"];

    [TestCaseSource(nameof(WireFaults))]
    public async Task Every_report_parses_after_a_run_against_the_fault(string fault)
    {
        var entry = FaultCatalog.Shipped.Entry(fault);
        var report = await SuiteRuns.AgainstAsync(
            new RegistryOptions { Port = 0, Faults = new HashSet<string>(StringComparer.Ordinal) { fault } },
            options => options with { Run = options.Run with { Scenarios = [.. entry.RelatedScenarios.Distinct()] } });
        var folder = TestFolders.Temp($"wire-{fault}");

        var written = await ReportWriter.WriteAllAsync(report, folder, CancellationToken.None);

        Assert.That(written.Failures, Is.Empty);
        var loaded = await ReportFile.LoadAsync(Path.Combine(folder, ResultsJson.FileName), SchemaSet.Load(SuitePaths.Schemas), CancellationToken.None);
        var junit = new XmlDocument();
        junit.Load(Path.Combine(folder, JUnitWriter.FileName));
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Cases.Where(c => c.Outcome == Results.Outcome.Failed).Select(c => c.Id), Is.SupersetOf(entry.Catches.Select(c => c.Scenario).Distinct()));
            Assert.That(junit.SelectNodes("//testcase/failure")!.Count, Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Pushed_manifests_and_reports_carry_no_escape_no_scenario_asked_for()
    {
        var report = await SuiteRuns.AgainstAsync(new RegistryOptions { Port = 0 }, options => options with
        {
            Run = options.Run with { Scenarios = ["format-sbom-subject", "format-image-annotations", "format-index-1-0", "referrers-fallback-push-update", "referrers-pagination"] },
        });
        var folder = TestFolders.Temp("no-escapes");
        await ReportWriter.WriteAllAsync(report, folder, CancellationToken.None);

        var pushed = report.Cases.SelectMany(c => c.Exchanges).Where(x => x.Method == "PUT" && x.Url.Contains("/manifests/", StringComparison.Ordinal) && x.RequestBody is not null)
            .Select(x => x.RequestBody!).ToList();
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        Assert.Multiple(() =>
        {
            Assert.That(pushed, Has.Some.Contains("+json"), "the manifests pushed name media types with a plus");
            Assert.That(pushed.Where(b => UnicodeEscape().IsMatch(b)), Is.Empty);
            Assert.That(files.Where(f => UnicodeEscape().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName), Is.Empty);
        });
    }

    [GeneratedRegex(@"\\u[0-9a-fA-F]{4}")]
    private static partial Regex UnicodeEscape();
}
