using System.Text.Json;
using OciConformance.Testing;

namespace OciConformance.Reports.Tests;

public sealed class AllureWriterTests
{
    private string _folder = "";
    private List<JsonElement> _results = [];

    [OneTimeSetUp]
    public async Task WriteSample()
    {
        _folder = TestFolders.Temp("allure");
        await AllureWriter.WriteAsync(Sample.Report(), _folder, CancellationToken.None);
        _results = [.. Directory.GetFiles(_folder, "*-result.json").Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)];
    }

    private JsonElement Result(string caseId) => _results.Single(r => r.GetProperty("fullName").GetString()!.EndsWith("." + caseId, StringComparison.Ordinal));

    private static IEnumerable<string> Labels(JsonElement result, string name) =>
        result.GetProperty("labels").EnumerateArray().Where(l => l.GetProperty("name").GetString() == name).Select(l => l.GetProperty("value").GetString()!);

    [Test]
    public void Every_case_has_one_result_file_named_by_its_uuid()
    {
        Assert.That(_results, Has.Count.EqualTo(7));
        foreach (var result in _results)
        {
            var uuid = result.GetProperty("uuid").GetString();
            Assert.That(File.Exists(Path.Combine(_folder, $"{uuid}-result.json")), Is.True, uuid);
        }
    }

    [TestCase("blob-get", "passed")]
    [TestCase("manifest-get", "failed")]
    [TestCase("blob-mount", "broken")]
    [TestCase("blob-post-put", "skipped")]
    [TestCase("blob-range", "skipped")]
    [TestCase("tags-list", "skipped")]
    [TestCase("tags-order", "passed")]
    public void Outcomes_map_to_allure_statuses(string caseId, string status) =>
        Assert.That(Result(caseId).GetProperty("status").GetString(), Is.EqualTo(status));

    [Test]
    public void A_failed_case_carries_message_trace_labels_links_and_steps()
    {
        var result = Result("manifest-get");

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("statusDetails").GetProperty("message").GetString(), Does.Contain("expected 200, got 404"));
            Assert.That(result.GetProperty("statusDetails").GetProperty("trace").GetString(), Does.Contain("[dist.pull.manifest-get] (MUST)"));
            Assert.That(Labels(result, "suite"), Is.EqualTo(new[] { "pull" }));
            Assert.That(Labels(result, "feature"), Is.Not.Empty);
            Assert.That(Labels(result, "severity"), Is.EqualTo(new[] { "critical" }));
            Assert.That(Labels(result, "tag"), Does.Contain("dist.pull.manifest-get"));
            Assert.That(result.GetProperty("links")[0].GetProperty("url").GetString(), Is.EqualTo(Sample.Link));
            Assert.That(result.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()), Is.EqualTo(new[] { "open an upload", "GET the manifest" }));
            Assert.That(result.GetProperty("steps")[1].GetProperty("status").GetString(), Is.EqualTo("failed"));
            Assert.That(result.GetProperty("historyId").GetString(), Is.Not.Empty);
            Assert.That(result.GetProperty("stop").GetInt64(), Is.GreaterThanOrEqualTo(result.GetProperty("start").GetInt64()));
        });
    }

    [Test]
    public void Severity_follows_the_requirement_level()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AllureWriter.Severity("MUST NOT"), Is.EqualTo("critical"));
            Assert.That(AllureWriter.Severity("SHOULD"), Is.EqualTo("normal"));
            Assert.That(AllureWriter.Severity("MAY"), Is.EqualTo("minor"));
            Assert.That(Labels(Result("tags-order"), "severity"), Is.EqualTo(new[] { "normal" }));
        });
    }

    [Test]
    public void Http_exchanges_are_text_attachments_that_exist()
    {
        var result = Result("manifest-get");
        var attachments = result.GetProperty("steps").EnumerateArray().SelectMany(s => s.GetProperty("attachments").EnumerateArray())
            .Concat(result.GetProperty("attachments").EnumerateArray()).ToList();

        Assert.That(attachments, Has.Count.EqualTo(2));
        foreach (var attachment in attachments)
        {
            var source = attachment.GetProperty("source").GetString()!;
            Assert.That(source, Does.EndWith("-attachment.txt"));
            Assert.That(attachment.GetProperty("type").GetString(), Is.EqualTo("text/plain"));
            Assert.That(File.ReadAllText(Path.Combine(_folder, source)), Does.StartWith("> "));
        }
    }

    [Test]
    public void Environment_and_executor_describe_the_run()
    {
        var environment = File.ReadAllText(Path.Combine(_folder, "environment.properties"));
        using var executor = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "executor.json")));

        Assert.Multiple(() =>
        {
            Assert.That(environment, Does.Contain("run.id = run00001").And.Contain("target.url = http\\://127.0.0.1\\:5000/"));
            Assert.That(executor.RootElement.GetProperty("name").GetString(), Is.EqualTo("oci-conformance"));
            Assert.That(executor.RootElement.GetProperty("buildName").GetString(), Does.Contain("run00001"));
        });
    }
}
