using System.Xml.Linq;
using System.Xml.Schema;
using OciConformance.Testing;

namespace OciConformance.Reports.Tests;

public sealed class JUnitWriterTests
{
    [Test]
    public void The_xml_has_the_common_junit_shape()
    {
        var document = JUnitWriter.Render(Sample.Report());
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(TestContext.CurrentContext.TestDirectory, "junit.xsd"));
        var errors = new List<string>();

        document.Validate(schemas, (_, e) => errors.Add(e.Message));

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void There_is_one_testcase_per_scenario_and_the_counts_add_up()
    {
        var root = JUnitWriter.Render(Sample.Report()).Root!;

        Assert.Multiple(() =>
        {
            Assert.That(root.Descendants("testcase").Count(), Is.EqualTo(7));
            Assert.That((int)root.Attribute("tests")!, Is.EqualTo(7));
            Assert.That((int)root.Attribute("failures")!, Is.EqualTo(1));
            Assert.That((int)root.Attribute("errors")!, Is.EqualTo(1));
            Assert.That((int)root.Attribute("skipped")!, Is.EqualTo(3));
        });
    }

    [Test]
    public void A_failure_message_names_the_requirement_and_the_body_shows_expected_actual_and_the_exchange()
    {
        var failure = JUnitWriter.Render(Sample.Report()).Descendants("failure").Single();

        Assert.Multiple(() =>
        {
            Assert.That((string)failure.Attribute("message")!, Does.StartWith("[dist.pull.manifest-get] (MUST)"));
            Assert.That(failure.Value, Does.Contain("expected: 200").And.Contain("actual:   404").And.Contain("> GET http://127.0.0.1:5000/v2/"));
        });
    }

    [Test]
    public void A_blocked_case_is_skipped_naming_what_blocked_it()
    {
        var skipped = JUnitWriter.Render(Sample.Report()).Descendants("testcase").Single(t => ((string)t.Attribute("name")!).StartsWith("blob-post-put", StringComparison.Ordinal)).Element("skipped");

        Assert.That((string?)skipped?.Attribute("message"), Does.StartWith("blocked by [dist.push.upload-post-accepted]"));
    }

    [Test]
    public async Task The_written_file_parses_as_xml_with_the_run_id()
    {
        var path = Path.Combine(TestFolders.Temp("junit"), JUnitWriter.FileName);
        await JUnitWriter.WriteAsync(Sample.Report(runId: "abc123"), path, CancellationToken.None);

        var document = XDocument.Load(path);

        Assert.That(document.Descendants("property").Where(p => (string?)p.Attribute("name") == "runId").Select(p => (string?)p.Attribute("value")).Distinct(), Is.EqualTo(new[] { "abc123" }));
    }

    [Test]
    public void A_report_without_cases_is_still_valid()
    {
        var document = JUnitWriter.Render(Sample.Report(cases: []));
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(TestContext.CurrentContext.TestDirectory, "junit.xsd"));

        Assert.DoesNotThrow(() => document.Validate(schemas, (_, e) => throw new XmlSchemaValidationException(e.Message)));
    }
}
