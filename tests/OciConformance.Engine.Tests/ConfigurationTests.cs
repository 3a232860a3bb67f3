using OciConformance.Configuration;

namespace OciConformance.Engine.Tests;

public sealed class ConfigurationTests
{
    private static readonly string[] PullAndPush = ["pull", "push"];
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("oci-config-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private ConformanceOptions Load(string? file = null, Dictionary<string, string?>? environment = null, params string[] args)
    {
        if (file is not null)
        {
            File.WriteAllText(Path.Combine(_dir, ConfigurationLoader.FileName), file);
        }

        return ConfigurationLoader.Load(new ConfigurationSources
        {
            Args = args,
            Environment = environment ?? [],
            WorkingDirectory = _dir,
            BaseDirectory = _dir,
        });
    }

    private ConfigurationException LoadFails(string? file = null, Dictionary<string, string?>? environment = null, params string[] args) =>
        Assert.Throws<ConfigurationException>(() => Load(file, environment, args))!;

    [Test]
    public void Defaults_apply_when_nothing_is_configured()
    {
        var options = Load();
        Assert.Multiple(() =>
        {
            Assert.That(options.Target.IsEmbedded, Is.True);
            Assert.That(options.Target.Namespace, Is.EqualTo("conformance"));
            Assert.That(options.Run.Parallelism, Is.EqualTo(8));
            Assert.That(options.Profiles.Values, Is.All.True);
        });
    }

    [Test]
    public void Environment_overrides_the_file_and_flags_override_both()
    {
        const string file = """{ "target": { "url": "http://file:1", "namespace": "fromfile" }, "run": { "parallelism": 3 } }""";
        var environment = new Dictionary<string, string?>
        {
            ["OCI_ROOT_URL"] = "http://oci:2",
            ["CONFORMANCE__TARGET__URL"] = "http://prefixed:3",
            ["OCI_NAMESPACE"] = "fromoci",
        };

        var fromEnvironment = Load(file, environment);
        var fromFlags = Load(file, environment, "--target", "http://flag:4", "--parallel=5");

        Assert.Multiple(() =>
        {
            Assert.That(fromEnvironment.Target.Url, Is.EqualTo(new Uri("http://prefixed:3/")), "CONFORMANCE__ wins over the OCI_ name");
            Assert.That(fromEnvironment.Target.Namespace, Is.EqualTo("fromoci"));
            Assert.That(fromEnvironment.Run.Parallelism, Is.EqualTo(3));
            Assert.That(fromFlags.Target.Url, Is.EqualTo(new Uri("http://flag:4/")));
            Assert.That(fromFlags.Run.Parallelism, Is.EqualTo(5));
        });
    }

    [Test]
    public void Setting_any_OCI_TEST_variable_selects_exactly_those_workflows()
    {
        var options = Load(environment: new() { ["OCI_TEST_PULL"] = "1", ["OCI_TEST_CONTENT_DISCOVERY"] = "true" });
        Assert.Multiple(() =>
        {
            Assert.That(options.IsProfileEnabled(Profiles.Pull), Is.True);
            Assert.That(options.IsProfileEnabled(Profiles.Discovery), Is.True);
            Assert.That(options.IsProfileEnabled(Profiles.Push), Is.False);
            Assert.That(options.IsProfileEnabled(Profiles.Management), Is.False);
        });
    }

    [Test]
    public void Profile_flags_select_and_skip()
    {
        var only = Load(args: ["--profiles", "pull,push"]);
        var skipped = Load(args: ["--skip-profiles", "push"]);
        Assert.Multiple(() =>
        {
            Assert.That(only.Profiles.Where(p => p.Value).Select(p => p.Key), Is.EquivalentTo(PullAndPush));
            Assert.That(skipped.IsProfileEnabled(Profiles.Push), Is.False);
            Assert.That(skipped.IsProfileEnabled(Profiles.Pull), Is.True);
        });
    }

    [Test]
    public void A_wrong_number_names_the_key_its_source_the_value_and_the_expected_form()
    {
        var error = LoadFails("""{ "run": { "parallelism": "lots" } }""");
        Assert.That(error.Message, Does.Contain("conformance.json (run.parallelism)").And.Contain("'lots'").And.Contain("a whole number from 1 to 64"));
    }

    [Test]
    public void A_wrong_boolean_in_the_environment_names_the_variable()
    {
        var error = LoadFails(environment: new() { ["OCI_TEST_PUSH"] = "maybe" });
        Assert.That(error.Message, Does.Contain("OCI_TEST_PUSH").And.Contain("'maybe'").And.Contain("true or false"));
    }

    [TestCase("ftp://registry.example", TestName = "A non-HTTP URL is refused")]
    [TestCase("registry.example:5000", TestName = "A URL without scheme is refused")]
    [TestCase("http://user:secret@registry.example", TestName = "A URL carrying credentials is refused")]
    public void Bad_target_urls_are_refused_with_the_expected_form(string url)
    {
        var error = LoadFails(args: ["--target", url]);
        Assert.That(error.Message, Does.Contain("flag --target").And.Contain("absolute http:// or https:// URL"));
    }

    [Test]
    public void Unknown_keys_and_options_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LoadFails("""{ "target": { "urll": "x" } }""").Message, Does.Contain("target.urll"));
            Assert.That(LoadFails("{}", args: ["--tagret", "x"]).Message, Does.Contain("Unknown option '--tagret'"));
            Assert.That(LoadFails("{}", args: ["--profiles", "pull,pish"]).Message, Does.Contain("'pull,pish'"));
        });
    }

    [Test]
    public void An_invalid_namespace_is_refused()
    {
        Assert.That(LoadFails(args: ["--namespace", "Upper/Case"]).Message, Does.Contain("repository name"));
    }

    [Test]
    public void Broken_json_in_the_file_is_a_configuration_error()
    {
        Assert.That(LoadFails("{ \"target\": ").Message, Does.Contain("not valid JSON"));
    }

    [Test]
    public void Secrets_never_appear_in_the_redacted_configuration()
    {
        var options = Load(environment: new() { ["OCI_USERNAME"] = "alice", ["OCI_PASSWORD"] = "s3cret-value" });
        var shown = string.Join("\n", options.Redacted().Select(p => $"{p.Key}={p.Value}"));
        Assert.That(shown, Does.Not.Contain("s3cret-value").And.Contain("target.password=***"));
    }

    [Test]
    public void Several_targets_become_one_run_each_with_its_own_report_folder()
    {
        var options = Load("""
            { "target": { "namespace": "ci" },
              "targets": [ { "name": "reference", "url": "" }, { "name": "no-referrers", "url": "", "referrersApi": false },
                           { "name": "distribution", "url": "http://127.0.0.1:5000" } ] }
            """);
        var runs = options.PerTarget();
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => r.Target.Name), Is.EqualTo(new[] { "reference", "no-referrers", "distribution" }));
            Assert.That(runs.Select(r => Path.GetFileName(r.Run.ReportDir)), Is.EqualTo(new[] { "reference", "no-referrers", "distribution" }));
            Assert.That(runs[1].Embedded.ReferrersApi, Is.False);
            Assert.That(runs[2].Target.Url, Is.EqualTo(new Uri("http://127.0.0.1:5000/")));
            Assert.That(runs.Select(r => r.Target.Namespace), Is.All.EqualTo("ci"), "a target inherits what it does not set");
        });
    }

    [Test]
    public void Targets_can_come_from_a_flag()
    {
        var runs = Load(args: ["--targets", "reference=,distribution=http://127.0.0.1:5000"]).PerTarget();
        Assert.That(runs.Select(r => (r.Target.Name, r.Target.IsEmbedded)), Is.EqualTo(new[] { ("reference", true), ("distribution", false) }));
    }

    [TestCase("""{ "targets": [ { "url": "" } ] }""", "has no name", TestName = "A target without a name is refused")]
    [TestCase("""{ "targets": [ { "name": "a", "url": "" }, { "name": "A", "url": "" } ] }""", "used twice", TestName = "Two targets with one name are refused")]
    [TestCase("""{ "targets": [ { "name": "a b", "url": "" } ] }""", "target names", TestName = "A target name that cannot name a folder is refused")]
    [TestCase("""{ "targets": [ { "name": "a", "url": "ftp://x" } ] }""", "targets.0.url", TestName = "A bad target URL names its entry")]
    public void Bad_targets_are_refused(string file, string message) =>
        Assert.That(LoadFails(file).Message, Does.Contain(message));
}
