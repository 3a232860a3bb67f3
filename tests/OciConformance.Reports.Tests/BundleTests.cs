using OciConformance.Results;
using OciConformance.Testing;

namespace OciConformance.Reports.Tests;

public sealed class BundleTests
{
    private static readonly ProductInfo Product = new("Acme Registry", "4.2", "Acme Inc.", "https://acme.test");

    private static RunReport Passing(string runId = "pass0001") => Sample.Report(
        runId,
        [Sample.Case("blob-get", "pull", Outcome.Passed), Sample.Case("blob-push", "push", Outcome.Passed), Sample.Case("tags", "pull", Outcome.Warning, level: "SHOULD", message: "late")],
        Product);

    private static async Task<string> Bundle(RunReport report)
    {
        var folder = TestFolders.Temp("bundle");
        await CertificationBundle.WriteAsync(report, folder, CancellationToken.None);
        return folder;
    }

    private static Task<IReadOnlyList<string>> Verify(string folder) => BundleVerifier.VerifyAsync(folder, Repo.Schemas, CancellationToken.None);

    [Test]
    public async Task A_complete_passing_bundle_has_no_problems()
    {
        var folder = await Bundle(Passing());

        Assert.That(await Verify(folder), Is.Empty);
        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName), Is.EquivalentTo(CertificationBundle.Files));
    }

    [Test]
    public async Task Product_yaml_names_the_product_and_the_run()
    {
        var yaml = BundleVerifier.ReadYamlScalars(await File.ReadAllTextAsync(Path.Combine(await Bundle(Passing()), CertificationBundle.ProductFile)));

        Assert.Multiple(() =>
        {
            Assert.That(yaml["name"], Is.EqualTo("Acme Registry"));
            Assert.That(yaml["version"], Is.EqualTo("4.2"));
            Assert.That(yaml["vendor"], Is.EqualTo("Acme Inc."));
            Assert.That(yaml["url"], Is.EqualTo("https://acme.test"));
            Assert.That(yaml["runId"], Is.EqualTo("pass0001"));
        });
    }

    [Test]
    public async Task A_missing_file_is_named()
    {
        var folder = await Bundle(Passing());
        File.Delete(Path.Combine(folder, JUnitWriter.FileName));

        Assert.That(await Verify(folder), Is.EqualTo(new[] { "junit.xml is missing" }));
    }

    [Test]
    public async Task Files_from_another_run_are_inconsistent()
    {
        var folder = await Bundle(Passing());
        await HtmlWriter.WriteAsync(Passing("other001"), Path.Combine(folder, HtmlWriter.FileName), CancellationToken.None);
        await JUnitWriter.WriteAsync(Passing("other001"), Path.Combine(folder, JUnitWriter.FileName), CancellationToken.None);

        var problems = await Verify(folder);

        Assert.That(problems, Has.Some.Contains("junit.xml is from run other001").And.Some.Contains("report.html is not the report of run pass0001"));
    }

    [Test]
    public async Task A_failing_run_a_skipped_required_profile_and_a_missing_product_are_problems()
    {
        var configuration = new Dictionary<string, string> { ["profiles.pull"] = "true", ["profiles.push"] = "true", ["profiles.discovery"] = "true" };
        var report = Sample.Report("fail0001", [Sample.Case("blob-get", "pull", Outcome.Failed, message: "404"), Sample.Case("blob-push", "push", Outcome.Passed)], configuration: configuration);

        var problems = await Verify(await Bundle(report));

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.StartsWith("required profile 'pull' did not pass: failed"));
            Assert.That(problems, Has.Some.StartsWith("required profile 'discovery' was switched off"));
            Assert.That(problems, Has.Some.StartsWith("requirement dist.pull.blob-get (MUST) failed in blob-get"));
            Assert.That(problems, Has.Some.StartsWith("PRODUCT.yaml names no product"));
        });
    }

    [Test]
    public async Task Pull_is_required_even_when_the_run_switched_it_off()
    {
        var configuration = new Dictionary<string, string> { ["profiles.pull"] = "false", ["profiles.push"] = "true" };
        var report = Sample.Report("push0001", [Sample.Case("blob-push", "push", Outcome.Passed)], Product, configuration);

        Assert.That(BundleVerifier.RequiredProfiles(report), Is.EquivalentTo(new[] { "pull", "push" }));
        Assert.That(await Verify(await Bundle(report)), Has.Some.Contains("'pull'"));
    }

    [Test]
    public async Task A_read_only_run_proves_pulling_with_the_read_only_profile()
    {
        var configuration = new Dictionary<string, string>
        {
            ["profiles.pull"] = "false",
            ["profiles.read-only"] = "true",
            ["readOnly.references"] = "demo/app:v1",
        };
        var readOnly = Sample.Case("read-only-manifests", "read-only", Outcome.Passed);
        var report = Sample.Report("read0001", [readOnly], Product, configuration) with
        {
            Profiles =
            [
                new ProfileVerdict { Profile = "pull", Enabled = false, Verdict = Outcome.NotRun, Counts = ReportBuilder.Count([]) },
                new ProfileVerdict { Profile = "read-only", Enabled = true, Verdict = Outcome.Passed, Counts = ReportBuilder.Count([readOnly]) },
            ],
        };
        var unnamed = Sample.Report("read0002", [Sample.Case("read-only-manifests", "read-only", Outcome.NotRun)], Product,
            configuration.Where(p => p.Key != "readOnly.references").ToDictionary(p => p.Key, p => p.Value));

        Assert.Multiple(async () =>
        {
            Assert.That(BundleVerifier.RequiredProfiles(report), Is.EqualTo(new[] { "read-only" }));
            Assert.That(await Verify(await Bundle(report)), Is.Empty);
            Assert.That(BundleVerifier.RequiredProfiles(unnamed), Is.EqualTo(new[] { "pull" }), "with no content named, nothing was pulled");
        });
    }
}
