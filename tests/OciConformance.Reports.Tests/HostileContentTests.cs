using System.Text.RegularExpressions;
using System.Xml;
using OciConformance.Http;
using OciConformance.Results;
using OciConformance.Testing;

namespace OciConformance.Reports.Tests;

/// <summary>
/// Reports survive whatever a registry sends: characters no format can hold as they are reach every writer, and
/// every file still parses; a writer that fails stops none of the others and is named.
/// </summary>
public sealed partial class HostileContentTests
{
    /// <summary>NUL, a terminal escape, BEL, DEL, a C1 control, U+FFFE, a lone high and a lone low surrogate, an emoji.</summary>
    private const string Hostile = "got \u0000\u001b[31mred\u0007\u007f\u0085\ufffe \ud800 x\udc00 \U0001F600 'a+b' \"q\" <tag> & done";

    private static RunReport HostileReport()
    {
        var failed = Sample.Case("manifest-get", "pull", Outcome.Failed, message: Hostile);
        var check = failed.Checks[1] with { Description = Hostile, Expected = "application/spdx+json", Actual = Hostile };
        var exchange = failed.Exchanges[1] with
        {
            ResponseHeaders = [new HeaderLine("Docker-Content-Digest", "fffec328") { Form = WireForm.Hex }, new HeaderLine("X-Note", Hostile)],
            ResponseBody = "1f8b0800000000000003",
            ResponseBodyForm = WireForm.Hex,
        };
        var warned = Sample.Case("tags-list", "discovery", Outcome.Warning, level: "SHOULD", message: Hostile);
        return Sample.Report(cases: [failed with { Checks = [failed.Checks[0], check], Exchanges = [failed.Exchanges[0], exchange] }, warned with { Title = Hostile }]);
    }

    [Test]
    public async Task Every_report_file_parses_whatever_the_registry_sent()
    {
        var folder = TestFolders.Temp("hostile");

        var written = await ReportWriter.WriteAllAsync(HostileReport(), folder, CancellationToken.None);

        Assert.That(written.Failures, Is.Empty);
        var loaded = await ReportFile.LoadAsync(Path.Combine(folder, ResultsJson.FileName), Repo.Schemas, CancellationToken.None);
        var junit = new XmlDocument();
        junit.Load(Path.Combine(folder, JUnitWriter.FileName));
        var failure = junit.SelectSingleNode("//testcase/failure")!;
        var markdown = await File.ReadAllTextAsync(Path.Combine(folder, MarkdownWriter.FileName));
        var allure = Directory.GetFiles(Path.Combine(folder, AllureWriter.FolderName));
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Cases[0].Checks[1].Actual, Is.EqualTo(Hostile.Replace("\ud800", "\ufffd", StringComparison.Ordinal).Replace("\udc00", "\ufffd", StringComparison.Ordinal)),
                "results.json keeps the text, a lone surrogate (which UTF-8 cannot carry) aside");
            Assert.That(loaded.Cases[0].Exchanges[1].ResponseBodyForm, Is.EqualTo(WireForm.Hex));
            Assert.That(failure.Attributes!["message"]!.Value, Does.Contain(@"got \x00\x1B[31mred\x07\x7F\x85\uFFFE \uD800 x\uDC00 😀 'a+b'"));
            Assert.That(failure.InnerText, Does.Contain("(not UTF-8 text, in hex) fffec328").And.Contain("(40 bytes, not UTF-8 text; the first 10 bytes in hex) 1f8b0800000000000003"));
            Assert.That(markdown, Does.Not.Contain("\u0000").And.Not.Contain("\u001b"));
            Assert.That(allure.Where(f => f.EndsWith(".json", StringComparison.Ordinal)).Select(File.ReadAllText), Has.All.Not.Contain("\u0000"));
            Assert.That(allure.Where(f => f.EndsWith(".txt", StringComparison.Ordinal)).Select(File.ReadAllText), Has.All.Not.Contain("\u001b"));
        });
    }

    [Test]
    public async Task Chromium_renders_the_html_report_of_hostile_content()
    {
        Chromium.EnsureInstalled();
        var folder = TestFolders.Temp("hostile-html");
        await ReportWriter.WriteAllAsync(HostileReport(), folder, CancellationToken.None);

        var result = await Chromium.DumpDomAsync(Path.Combine(folder, HtmlWriter.FileName));

        Chromium.AssertRendered(result);
        Assert.That(result.Dom, Does.Contain(@"got \x00\x1B[31mred\x07").And.Contain("application/spdx+json"));
    }

    [Test]
    public async Task A_failing_writer_is_named_and_the_others_are_written()
    {
        var folder = TestFolders.Temp("writer-fails");
        Directory.CreateDirectory(Path.Combine(folder, JUnitWriter.FileName));

        var written = await ReportWriter.WriteAllAsync(HostileReport(), folder, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(written.Failures.Select(f => Path.GetFileName(f.File)), Is.EqualTo(new[] { JUnitWriter.FileName }));
            Assert.That(written.Files.Select(Path.GetFileName), Is.EqualTo(new[] { ResultsJson.FileName, HtmlWriter.FileName, MarkdownWriter.FileName, AllureWriter.FolderName }));
            Assert.That(File.Exists(Path.Combine(folder, HtmlWriter.FileName)), Is.True);
        });
    }

    [Test]
    public async Task Results_json_replaces_the_old_one_whole_and_leaves_no_temporary_file()
    {
        var folder = TestFolders.Temp("atomic");
        var path = Path.Combine(folder, ResultsJson.FileName);
        await File.WriteAllTextAsync(path, "an older run");

        await ResultsJson.WriteAtomicallyAsync(HostileReport(), path, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((await ReportFile.LoadAsync(path, Repo.Schemas, CancellationToken.None)).Cases, Has.Count.EqualTo(2));
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { path }));
        });
    }

    [Test]
    public async Task Reports_escape_only_what_their_format_requires()
    {
        var folder = TestFolders.Temp("readable");
        var report = Sample.Report(cases: [Sample.Case("sbom", "formats", Outcome.Failed, message: "expected \"application/spdx+json\", got 'text/plain'")]);

        await ReportWriter.WriteAllAsync(report, folder, CancellationToken.None);

        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        Assert.Multiple(() =>
        {
            Assert.That(files.Where(f => UnicodeEscape().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName), Is.Empty, "no \\uXXXX escape");
            Assert.That(File.ReadAllText(Path.Combine(folder, ResultsJson.FileName)), Does.Contain("expected \\\"application/spdx+json\\\", got 'text/plain'"));
        });
    }

    [GeneratedRegex(@"\\u[0-9a-fA-F]{4}")]
    private static partial Regex UnicodeEscape();
}
