using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using OciConformance.Reference;
using OciConformance.Reports;
using OciConformance.Results;
using OciConformance.Suites.Tests;
using OciConformance.Testing;
using YamlDotNet.RepresentationModel;

namespace OciConformance.Ci.Tests;

/// <summary>
/// The nightly workflow (docs/ci/nightly.yml) run here as GitHub would run it, its steps taken from the file: the
/// check step once per local registry, all four at once in their own processes, each report folder "uploaded" and
/// "downloaded" where the workflow's artifact steps put it, then the merge step over them and over a stored earlier
/// night in which one case that fails tonight had passed.
/// </summary>
public sealed class NightlyTests
{
    /// <summary>Profiles small enough for a test, and where the four registries differ: tags, referrers, ORAS.</summary>
    private const string Profiles = "discovery,referrers,oras-artifacts";

    /// <summary>Distribution 2.8 fails this case (fixtures/expectations/distribution-2.8.json); the stored earlier night says it passed.</summary>
    private const string PlantedRegression = "tags-n-zero";

    private const string ReadOnlyRepository = "nightly/app";

    private static readonly YamlMappingNode Workflow = GitHubYaml.Load(Path.Combine(TestFolders.RepositoryRoot, "docs", "ci", "nightly.yml"));

    private static string Previous => Path.Combine(TestFolders.RepositoryRoot, "tests", "OciConformance.Ci.Tests", "nightly-previous");

    private static YamlNode Step(string job, string uses) =>
        Workflow.Map("jobs").Map(job).Items("steps").Single(s => s.Text(uses.Length == 0 ? "run" : "uses") is { } text && (uses.Length == 0 ? text.Contains("ci/", StringComparison.Ordinal) : text.StartsWith(uses, StringComparison.Ordinal)));

    [Test]
    public void Each_job_runs_the_repositorys_script_and_the_merge_job_downloads_what_the_check_jobs_upload()
    {
        var upload = Step("check", "actions/upload-artifact@").Scalars("with");
        var download = Workflow.Map("jobs").Map("merge").Items("steps").Select(s => s.Scalars("with")).Single(w => w.ContainsKey("pattern"));

        Assert.Multiple(() =>
        {
            Assert.That(Step("check", "").Text("run"), Does.Contain("ci/check-target.sh"));
            Assert.That(Step("merge", "").Text("run"), Does.Contain("ci/merge-nightly.sh"));
            Assert.That(upload["path"], Is.EqualTo(Step("check", "").Scalars("env")["CONFORMANCE__RUN__REPORTDIR"]), "the check job uploads its report folder");
            Assert.That(upload["name"], Does.StartWith(download["pattern"].TrimEnd('*')));
            Assert.That(Workflow.Map("jobs").Map("merge").Text("if"), Is.EqualTo("always()"), "the matrix is written even when a registry's job broke");
            Assert.That(Workflow.Map("jobs").Map("check").Map("strategy").Text("fail-fast"), Is.EqualTo("false"));
        });
    }

    [Test]
    public async Task Four_registries_checked_at_once_merge_into_one_matrix_and_the_planted_regression_fails_the_merge()
    {
        var folder = TestFolders.Temp("nightly");
        await using var distribution = await DistributionRegistry.StartAsync();
        await using var readOnly = await ReadOnlyRegistryAsync(Path.Combine(folder, "read-only-storage"));
        Dictionary<string, string>[] matrix =
        [
            new() { ["name"] = "reference", ["url"] = "", ["profiles"] = Profiles },
            new() { ["name"] = "reference-without-proposals", ["url"] = "", ["profiles"] = Profiles, ["embedded-proposals"] = "false" },
            new() { ["name"] = "distribution-2.8", ["url"] = distribution.BaseAddress.ToString(), ["profiles"] = Profiles },
            new() { ["name"] = "read-only", ["url"] = readOnly.BaseAddress.ToString(), ["read-only"] = "true", ["references"] = $"{ReadOnlyRepository}:v1" },
        ];

        var tonight = Directory.CreateDirectory(Path.Combine(folder, "downloads")).FullName;
        var checks = await Task.WhenAll(matrix.Select(entry => CheckAsync(entry, folder, tonight)));
        var merged = await MergeAsync(Path.Combine(folder, "merge"), tonight, Previous);
        var nightly = Path.Combine(folder, "merge", "nightly");
        var again = await MergeAsync(Path.Combine(folder, "merge-next-night"), tonight, nightly);

        var planted = ReportComparison.Compare(
            await ResultsJson.ReadAsync(Path.Combine(Previous, "targets", "report-distribution-2.8", ResultsJson.FileName), CancellationToken.None),
            await ResultsJson.ReadAsync(Path.Combine(nightly, "targets", "report-distribution-2.8", ResultsJson.FileName), CancellationToken.None));
        var reports = await Task.WhenAll(matrix.Select(e => ResultsJson.ReadAsync(Path.Combine(nightly, "targets", $"report-{e["name"]}", ResultsJson.FileName), CancellationToken.None)));
        var summary = await File.ReadAllTextAsync(Path.Combine(nightly, "nightly.md"));
        Assert.Multiple(() =>
        {
            foreach (var (check, entry) in checks.Zip(matrix))
            {
                Assert.That(check.ExitCode, Is.Zero, $"{entry["name"]}: {check.Output}\n{check.Errors}");
            }

            Assert.That(checks[2].Outputs["exit-code"], Is.EqualTo("1"), "distribution 2.8 breaks MUSTs, and the job still succeeds");
            Assert.That(reports.Select(r => r.Header.Product?.Name), Is.EqualTo(matrix.Select(e => e["name"])), "each report carries its registry's name");
            Assert.That(Verdict(reports[0], "oras-artifacts"), Is.EqualTo(Outcome.Passed));
            Assert.That(Verdict(reports[1], "oras-artifacts"), Is.EqualTo(Outcome.NotSupported), "the embedded registry without proposals");
            Assert.That(Verdict(reports[1], "referrers"), Is.EqualTo(Outcome.NotSupported));
            Assert.That(reports[3].Profiles.Where(p => p.Enabled).Select(p => p.Profile), Is.EqualTo(new[] { "read-only" }));
            Assert.That(Verdict(reports[3], "read-only"), Is.EqualTo(Outcome.Passed), string.Join("\n", reports[3].Cases.Select(c => $"{c.Id}: {c.Outcome} {c.Message}")));

            Assert.That(merged.ExitCode, Is.EqualTo(1), $"{merged.Output}\n{merged.Errors}");
            Assert.That(File.Exists(Path.Combine(nightly, "matrix.html")), Is.True, merged.Output);
            Assert.That(File.ReadAllText(Path.Combine(nightly, "matrix.md")), Does.Contain("reference-without-proposals").And.Contain("distribution-2.8").And.Contain("read-only"));
            Assert.That(merged.Output, Does.Contain("scenarios × 4 registries"));
            Assert.That(planted.Regressions.Select(r => (r.Id, r.Before, r.After)), Is.EqualTo(new[] { (PlantedRegression, (Outcome?)Outcome.Passed, (Outcome?)Outcome.Failed) }));
            Assert.That(File.ReadAllText(Path.Combine(nightly, "compare-report-distribution-2.8.txt")), Does.Contain(PlantedRegression));
            Assert.That(summary, Does.Contain("| report-distribution-2.8 | **regressed**"));
            Assert.That(summary.Split('\n').Count(l => l.EndsWith("| no earlier result: first night |", StringComparison.Ordinal)), Is.EqualTo(3));
            Assert.That(merged.StepSummary, Is.EqualTo(summary));

            Assert.That(again.ExitCode, Is.Zero, $"the next night, unchanged, has no regression: {again.Output}\n{again.Errors}");
            Assert.That(again.StepSummary.Split('\n').Count(l => l.EndsWith("| no regression |", StringComparison.Ordinal)), Is.EqualTo(4), again.StepSummary);
        });
    }

    private static Outcome Verdict(RunReport report, string profile) => report.Profiles.Single(p => p.Profile == profile).Verdict;

    /// <summary>One matrix job: the workflow's check step, then its upload, downloaded as the merge job's download puts it.</summary>
    private static async Task<LocalStep.Result> CheckAsync(Dictionary<string, string> entry, string folder, string tonight)
    {
        var step = Step("check", "");
        var context = Context(entry);
        var result = await LocalStep.RunAsync(step.Text("run")!, step.Scalars("env"), context, Workspace(Path.Combine(folder, entry["name"])));
        var upload = Step("check", "actions/upload-artifact@").Scalars("with");
        Copy(Path.Combine(folder, entry["name"], LocalStep.Expand(upload["path"], context)), Path.Combine(tonight, LocalStep.Expand(upload["name"], context)));
        return result;
    }

    /// <summary>The merge job's step, with tonight's downloads and the previous night's artifact where its earlier steps put them.</summary>
    private static Task<LocalStep.Result> MergeAsync(string workspace, string tonight, string previous)
    {
        var step = Step("merge", "");
        Workspace(workspace);
        Link(workspace, "tonight", tonight);
        Link(workspace, "previous", previous);
        return LocalStep.RunAsync(step.Text("run")!, step.Scalars("env"), Context([]), workspace);
    }

    /// <summary>Every matrix key the workflow reads or its entries or this one hold, empty where the entry leaves it out, as GitHub gives an absent key; no secrets.</summary>
    private static Dictionary<string, string> Context(Dictionary<string, string> entry)
    {
        var read = Step("check", "").Scalars("env").Values.SelectMany(v => System.Text.RegularExpressions.Regex.Matches(v, @"\bmatrix\.([a-z-]+)").Select(m => m.Groups[1].Value));
        var keys = Workflow.Map("jobs").Map("check").Map("strategy").Map("matrix").Items("include").SelectMany(e => ((YamlMappingNode)e).Keys()).Concat(entry.Keys).Concat(read).Distinct();
        var context = keys.ToDictionary(k => $"matrix.{k}", k => entry.GetValueOrDefault(k, ""), StringComparer.Ordinal);
        context["secrets[matrix.username-secret]"] = "";
        context["secrets[matrix.password-secret]"] = "";
        return context;
    }

    /// <summary>A checkout as a job sees it: the repository's scripts, and the executable where the download step puts it.</summary>
    private static string Workspace(string path)
    {
        Directory.CreateDirectory(path);
        Link(path, "ci", Path.Combine(TestFolders.RepositoryRoot, "ci"));
        Link(path, "bin", AppContext.BaseDirectory);
        return path;
    }

    private static void Link(string folder, string name, string target)
    {
        if (!Path.Exists(Path.Combine(folder, name)))
        {
            Directory.CreateSymbolicLink(Path.Combine(folder, name), target);
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    /// <summary>A reference registry serving, read-only, one image pushed into its storage before it was restarted.</summary>
    private static async Task<ReferenceRegistry> ReadOnlyRegistryAsync(string storage)
    {
        await using (var writable = await ReferenceRegistry.StartAsync(new RegistryOptions { StoragePath = storage }))
        {
            using var http = new HttpClient { BaseAddress = writable.BaseAddress };
            var config = await PushBlobAsync(http, """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"""u8.ToArray());
            var layer = await PushBlobAsync(http, Encoding.UTF8.GetBytes("nightly layer\n"));
            var manifest = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{config.Digest}}","size":{{config.Size}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{layer.Digest}}","size":{{layer.Size}}}]}""";
            using var body = new StringContent(manifest, Encoding.UTF8);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
            using var put = await http.PutAsync(new Uri($"/v2/{ReadOnlyRepository}/manifests/v1", UriKind.Relative), body);
            Assert.That((int)put.StatusCode, Is.EqualTo(201), await put.Content.ReadAsStringAsync());
        }

        return await ReferenceRegistry.StartAsync(new RegistryOptions { StoragePath = storage, ReadOnly = true });
    }

    private static async Task<(string Digest, int Size)> PushBlobAsync(HttpClient http, byte[] bytes)
    {
        var digest = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes))}";
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync(new Uri($"/v2/{ReadOnlyRepository}/blobs/uploads/?digest={Uri.EscapeDataString(digest)}", UriKind.Relative), content);
        Assert.That((int)response.StatusCode, Is.EqualTo(201), $"POST of blob {digest}: {await response.Content.ReadAsStringAsync()}");
        return (digest, bytes.Length);
    }
}
