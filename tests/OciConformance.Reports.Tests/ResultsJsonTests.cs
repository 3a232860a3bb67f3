using System.Text.Json;
using OciConformance.Results;
using OciConformance.Testing;

namespace OciConformance.Reports.Tests;

public sealed class ResultsJsonTests
{
    [Test]
    public void A_report_with_every_outcome_validates_against_the_results_schema()
    {
        using var document = JsonDocument.Parse(ResultsJson.ToJson(Sample.Report(product: new ProductInfo("Acme", "2.0", "Acme Inc.", "https://acme.test"))).ToJsonString());

        var validation = Repo.Schemas.Validate(ResultsJson.SchemaKey, document.RootElement);

        Assert.That(validation.Violations.Select(v => $"{v.InstancePath}: {v.Message}"), Is.Empty);
    }

    [Test]
    public async Task The_written_file_names_its_schema_first_validates_and_reads_back()
    {
        var report = Sample.Report(product: new ProductInfo("Acme", "2.0", "Acme Inc.", "https://acme.test"));
        var path = Path.Combine(TestFolders.Temp("results-json"), ResultsJson.FileName);

        await ResultsJson.WriteAsync(report, path, CancellationToken.None);

        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        var first = document.RootElement.EnumerateObject().First();
        var read = await ResultsJson.ReadAsync(path, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That((first.Name, first.Value.GetString()), Is.EqualTo(("$schema", RunReport.SchemaId)));
            Assert.That(Repo.Schemas.Validate(ResultsJson.SchemaKey, document.RootElement).Violations, Is.Empty);
            Assert.That(read.Cases.Select(c => (c.Id, c.Outcome)), Is.EqualTo(report.Cases.Select(c => (c.Id, c.Outcome))));
        });
    }

    [Test]
    public void Throttling_figures_per_case_and_in_total_validate_and_read_back()
    {
        var original = Sample.Throttled();
        using var document = JsonDocument.Parse(ResultsJson.ToJson(original).ToJsonString());

        var validation = Repo.Schemas.Validate(ResultsJson.SchemaKey, document.RootElement);
        var read = ResultsJson.Parse(document.RootElement);

        Assert.Multiple(() =>
        {
            Assert.That(validation.Violations.Select(v => $"{v.InstancePath}: {v.Message}"), Is.Empty);
            Assert.That(read.Throttling, Is.EqualTo(new Throttling(3, 2)));
            Assert.That(read.Cases.Select(c => c.Throttling), Is.EqualTo(new[] { new Throttling(2, 2), new Throttling(1, 0) }));
            Assert.That(read.Cases[0].Exchanges[1].RateLimit, Does.StartWith("waited 1 s"));
        });
    }

    [Test]
    public void A_case_the_registry_never_throttled_carries_no_throttling_and_the_run_counts_zero()
    {
        var json = ResultsJson.ToJson(Sample.Report(cases: [Sample.Case("blob-get", "pull", Outcome.Passed)]));

        Assert.Multiple(() =>
        {
            Assert.That(json["cases"]![0]!.AsObject().ContainsKey("throttling"), Is.False);
            Assert.That(json["throttling"]!.ToJsonString(), Is.EqualTo("""{"requests":0,"waitedSeconds":0}"""));
        });
    }

    [Test]
    public void Derived_values_are_not_written_so_a_reader_meets_one_answer_per_question()
    {
        var json = ResultsJson.ToJson(Sample.Report()).ToJsonString();

        Assert.That(json, Does.Not.Contain("failedChecks").And.Not.Contain("hasMandatoryFailure").And.Not.Contain("\"summary\""));
    }

    [Test]
    public void A_written_report_reads_back_with_the_same_outcomes_and_header()
    {
        var original = Sample.Report(product: new ProductInfo("Acme", "2.0", null, null));
        using var document = JsonDocument.Parse(ResultsJson.ToJson(original).ToJsonString());

        var read = ResultsJson.Parse(document.RootElement);

        Assert.Multiple(() =>
        {
            Assert.That(read.Header.RunId, Is.EqualTo(original.Header.RunId));
            Assert.That(read.Header.Product, Is.EqualTo(original.Header.Product));
            Assert.That(read.Cases.Select(c => c.Outcome), Is.EqualTo(original.Cases.Select(c => c.Outcome)));
            Assert.That(read.Cases[2].FailedChecks.Single().Actual, Is.EqualTo("404"));
            Assert.That(read.HasMandatoryFailure, Is.True);
        });
    }

    [Test]
    public async Task A_file_that_is_not_a_results_json_is_refused_with_the_offending_path()
    {
        var folder = TestFolders.Temp("bad-results");
        var path = Path.Combine(folder, "results.json");
        await File.WriteAllTextAsync(path, """{"$schema":"https://oci-conformance.example/schemas/results.v1.schema.json","header":{}}""");

        var error = await Assert.ThrowsAsync<ReportFileException>(() => ReportFile.LoadAsync(path, Repo.Schemas, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("results.v1"));
    }
}
