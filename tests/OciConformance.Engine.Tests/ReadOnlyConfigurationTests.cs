using OciConformance.Configuration;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Engine.Tests;

/// <summary>
/// How the read-only profile is configured: references and the distribution-spec suite's variables, the byte budget,
/// <c>--read-only</c>; what a run with nothing named does; and the hint a run whose writes were refused ends with.
/// </summary>
public sealed class ReadOnlyConfigurationTests
{
    private const string Digest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    private static ConformanceOptions Load(Dictionary<string, string?>? environment = null, params string[] flags)
    {
        var folder = Path.GetTempPath();
        return ConfigurationLoader.Load(new ConfigurationSources
        {
            Flags = [.. flags.Chunk(2).Select(pair => new FlagValue(pair[0], pair[1]))],
            Environment = environment ?? [],
            WorkingDirectory = folder,
            BaseDirectory = folder,
        });
    }

    [Test]
    public void References_by_tag_and_by_digest_name_their_repository()
    {
        var options = Load(flags: ["--reference", $"library/alpine:3.20,team/app@{Digest}"]);

        Assert.That(options.ReadOnly.ManifestReferences("ignored"), Is.EqualTo(new[]
        {
            new ContentReference("library/alpine", "3.20", null),
            new ContentReference("team/app", null, Digest),
        }));
    }

    [TestCase("Library/Alpine:3.20")]
    [TestCase("library/alpine")]
    [TestCase("library/alpine@sha256")]
    [TestCase("registry.example:5000/library/alpine:3.20:x")]
    public void A_reference_in_another_form_is_refused_naming_the_flag_and_the_form(string reference)
    {
        var refusal = Assert.Throws<ConfigurationException>(() => Load(flags: ["--reference", reference]))!;

        Assert.That(refusal.Message, Does.Contain($"flag --reference = '{reference}'").And.Contain("repository:tag or repository@digest"));
    }

    [Test]
    public void The_distribution_spec_suites_variables_name_content_in_OCI_NAMESPACE()
    {
        var options = Load(new Dictionary<string, string?>
        {
            ["OCI_NAMESPACE"] = "team/app",
            ["OCI_TAG_NAME"] = "v1 v2",
            ["OCI_TAG_LIST"] = "v2,v3",
            ["OCI_MANIFEST_DIGEST"] = Digest,
            ["OCI_BLOB_DIGEST"] = Digest,
        });

        Assert.Multiple(() =>
        {
            Assert.That(options.ReadOnly.ManifestReferences(options.Target.Namespace).Select(r => r.ToString()),
                Is.EqualTo(new[] { "team/app:v1", "team/app:v2", "team/app:v3", $"team/app@{Digest}" }));
            Assert.That(options.ReadOnly.BlobReferences(options.Target.Namespace).Select(r => r.ToString()), Is.EqualTo(new[] { $"team/app@{Digest}" }));
            Assert.That(options.IsProfileEnabled(Profiles.ReadOnly), Is.True);
        });
    }

    [Test]
    public void The_read_only_switch_leaves_only_the_read_only_profile_on_and_the_budget_takes_bytes()
    {
        var options = Load(flags: ["--read-only", "true", "--byte-budget", "1024", "--whole-downloads", "true"]);

        Assert.Multiple(() =>
        {
            Assert.That(options.Profiles.Where(p => p.Value).Select(p => p.Key), Is.EqualTo(new[] { Profiles.ReadOnly }));
            Assert.That(options.ReadOnly.ByteBudget, Is.EqualTo(1024));
            Assert.That(options.ReadOnly.WholeDownloads, Is.True);
            Assert.That(ConformanceOptions.Defaults.ReadOnly.ByteBudget, Is.EqualTo(64 * 1024 * 1024));
            Assert.That(Assert.Throws<ConfigurationException>(() => Load(flags: ["--byte-budget", "-1"]))!.Message, Does.Contain("--byte-budget"));
        });
    }

    [Test]
    public void A_report_shows_whether_the_run_named_content_to_read()
    {
        var named = Load(new Dictionary<string, string?> { ["OCI_MANIFEST_DIGEST"] = Digest }).Redacted();
        var none = Load().Redacted();

        Assert.Multiple(() =>
        {
            Assert.That(Settings.ReadOnlyContent.Where(s => s.IsSetIn(named)).Select(s => s.Key), Is.EqualTo(new[] { "readOnly.manifests" }));
            Assert.That(Settings.ReadOnlyContent.Where(s => s.IsSetIn(none)), Is.Empty);
        });
    }

    [Test]
    public void Only_read_only_scenarios_with_nothing_named_is_a_configuration_error_pointing_at_the_option()
    {
        var onlyReadOnly = Load(flags: ["--profiles", Profiles.ReadOnly]);
        var selected = Load(flags: ["--scenarios", "read-only-manifests,read-only-blobs"]);
        var named = Load(flags: ["--profiles", Profiles.ReadOnly, "--reference", "library/alpine:3.20"]);

        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ConfigurationException>(() => ConformanceRun.CheckSelection(onlyReadOnly, SuiteData.Shipped))!.Message,
                Does.Contain("set readOnly.references (--reference REPOSITORY:TAG or REPOSITORY@DIGEST"));
            Assert.Throws<ConfigurationException>(() => ConformanceRun.CheckSelection(selected, SuiteData.Shipped));
            Assert.DoesNotThrow(() => ConformanceRun.CheckSelection(named, SuiteData.Shipped));
            Assert.DoesNotThrow(() => ConformanceRun.CheckSelection(Load(), SuiteData.Shipped));
        });
    }

    [Test]
    public async Task In_a_run_of_other_profiles_too_the_read_only_cases_are_not_run_and_say_what_to_set()
    {
        var options = ConformanceOptions.Defaults with { Run = new RunOptions { Scenarios = ["base-v2", "read-only-manifests"] } };

        var report = await ConformanceEngine.RunAsync(options, SuiteData.Shipped);

        var readOnly = report.Cases.Single(c => c.Id == "read-only-manifests");
        Assert.Multiple(() =>
        {
            Assert.That(report.Cases.Single(c => c.Id == "base-v2").Outcome, Is.EqualTo(Outcome.Passed));
            Assert.That(readOnly.Outcome, Is.EqualTo(Outcome.NotRun));
            Assert.That(readOnly.Message, Does.Contain("nothing to read").And.Contain("readOnly.references"));
            Assert.That(readOnly.Exchanges, Is.Empty);
        });
    }

    [TestCase(false, "POST", "403")]
    [TestCase(true, "POST", "405")]
    public async Task A_run_whose_writes_are_refused_ends_with_a_hint_naming_the_references(bool readOnlyRegistry, string method, string status)
    {
        await using var registry = await ReferenceRegistry.StartAsync(readOnlyRegistry
            ? new RegistryOptions { ReadOnly = true }
            : new RegistryOptions { Auth = RegistryAuthMode.Basic, Users = [new RegistryUser("reader", "secret", ["pull"])] });
        var options = Harness.Options(registry.BaseAddress, username: "reader", password: "secret") with { Run = new RunOptions { Scenarios = ["blob-get", "manifest-get-by-tag"] } };

        var report = await ConformanceEngine.RunAsync(options, SuiteData.Shipped);

        Assert.Multiple(() =>
        {
            Assert.That(report.Cases.Single(c => c.Id == "blob-get").Outcome, Is.EqualTo(Outcome.Blocked));
            Assert.That(ReadOnlyHint.For(report), Does.StartWith("hint: the registry refused the suite's writes in 2 cases").And.Contain($"{method} ").And.Contain($"answered {status}")
                .And.Contain("--read-only --reference REPOSITORY:TAG (readOnly.references)"));
        });
    }

    [Test]
    public async Task A_run_whose_writes_were_accepted_has_no_hint()
    {
        await using var registry = await ReferenceRegistry.StartAsync(new RegistryOptions());
        var options = Harness.Options(registry.BaseAddress) with { Run = new RunOptions { Scenarios = ["blob-get"] } };

        Assert.That(ReadOnlyHint.For(await ConformanceEngine.RunAsync(options, SuiteData.Shipped)), Is.Null);
    }
}
