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

    /// <summary>Flags as the command line gives them to the loader: pairs of flag and value.</summary>
    private ConformanceOptions Load(string? file = null, Dictionary<string, string?>? environment = null, Dictionary<string, string>? parameters = null, params string[] flags)
    {
        var path = Path.Combine(_dir, ConfigurationLoader.FileName);
        if (file is null)
        {
            File.Delete(path);
        }
        else
        {
            File.WriteAllText(path, file);
        }

        return ConfigurationLoader.Load(new ConfigurationSources
        {
            Flags = [.. flags.Chunk(2).Select(pair => new FlagValue(pair[0], pair[1]))],
            Environment = environment ?? [],
            Parameters = parameters ?? [],
            WorkingDirectory = _dir,
            BaseDirectory = _dir,
        });
    }

    private ConfigurationException LoadFails(string? file = null, Dictionary<string, string?>? environment = null, Dictionary<string, string>? parameters = null, params string[] flags) =>
        Assert.Throws<ConfigurationException>(() => Load(file, environment, parameters, flags))!;

    [Test]
    public void Defaults_apply_when_nothing_is_configured()
    {
        var options = Load();
        Assert.Multiple(() =>
        {
            Assert.That(options.Target.IsEmbedded, Is.True);
            Assert.That(options.Target.Namespace, Is.EqualTo("conformance"));
            Assert.That(options.Run.Parallelism, Is.EqualTo(8));
            Assert.That(options.Run.RequestTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.Profiles.Where(p => !Profiles.OffByDefault.Contains(p.Key)).Select(p => p.Value), Is.All.True);
            Assert.That(options.IsProfileEnabled(Profiles.Auth), Is.False, "the auth profile needs accounts only the operator can give");
            Assert.That(options.IsProfileEnabled(Profiles.Scale), Is.False, "the scale profile takes minutes and gigabytes");
            Assert.That(options.Scale, Is.EqualTo(new ScaleOptions()), "1 GiB, 10,000 tags, 1,000 referrers unless configured");
            Assert.That(options.Redacted(), Is.EqualTo(ConformanceOptions.Defaults.Redacted()));
        });
    }

    [Test]
    public void Environment_overrides_the_file_test_parameters_override_both_and_flags_override_all()
    {
        const string file = """{ "target": { "url": "http://file:1", "namespace": "fromfile" }, "run": { "parallelism": 3, "requestTimeoutSeconds": 9 } }""";
        var environment = new Dictionary<string, string?>
        {
            ["OCI_ROOT_URL"] = "http://oci:2",
            ["CONFORMANCE__TARGET__URL"] = "http://prefixed:3",
            ["OCI_NAMESPACE"] = "fromoci",
            ["CONFORMANCE__RUN__REQUESTTIMEOUTSECONDS"] = "12",
        };
        var parameters = new Dictionary<string, string> { ["run.parallelism"] = "4" };

        var fromEnvironment = Load(file, environment);
        var fromParameters = Load(file, environment, parameters);
        var fromFlags = Load(file, environment, parameters, "--target", "http://flag:4", "--parallel", "5");

        Assert.Multiple(() =>
        {
            Assert.That(fromEnvironment.Target.Url, Is.EqualTo(new Uri("http://prefixed:3/")), "CONFORMANCE__ wins over the OCI_ name");
            Assert.That(fromEnvironment.Target.Namespace, Is.EqualTo("fromoci"));
            Assert.That(fromEnvironment.Run.Parallelism, Is.EqualTo(3));
            Assert.That(fromEnvironment.Run.RequestTimeout, Is.EqualTo(TimeSpan.FromSeconds(12)));
            Assert.That(fromParameters.Run.Parallelism, Is.EqualTo(4));
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
            Assert.That(options.IsProfileEnabled(Profiles.Referrers), Is.True, "profiles the distribution-spec suite does not know stay as configured");
        });
    }

    [Test]
    public void Profile_flags_select_and_skip()
    {
        var only = Load(flags: ["--profiles", "pull,push"]);
        var skipped = Load(flags: ["--skip-profiles", "push"]);
        var fromFile = Load("""{ "profiles": { "auth": false }, "run": { "skip": ["push"] } }""");
        Assert.Multiple(() =>
        {
            Assert.That(only.Profiles.Where(p => p.Value).Select(p => p.Key), Is.EquivalentTo(PullAndPush));
            Assert.That(skipped.IsProfileEnabled(Profiles.Push), Is.False);
            Assert.That(skipped.IsProfileEnabled(Profiles.Pull), Is.True);
            Assert.That(fromFile.Profiles.Where(p => !p.Value).Select(p => p.Key), Is.EquivalentTo(new[] { "auth", "push", "scale" }));
        });
    }

    [Test]
    public void A_wrong_number_names_the_key_its_source_the_value_and_the_expected_form()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LoadFails("""{ "run": { "parallelism": "lots" } }""").Message,
                Is.EqualTo("conformance.json (run.parallelism) = 'lots': expected a whole number from 1 to 64."));
            Assert.That(LoadFails(flags: ["--parallel", "lots"]).Message, Is.EqualTo("flag --parallel = 'lots': expected a whole number from 1 to 64."));
            Assert.That(LoadFails(flags: ["--timeout", "0"]).Message, Is.EqualTo("flag --timeout = '0': expected a whole number from 1 to 3600."));
            Assert.That(LoadFails(parameters: new() { ["run.parallelism"] = "65" }).Message, Is.EqualTo("test parameter run.parallelism = '65': expected a whole number from 1 to 64."));
        });
    }

    [Test]
    public void A_wrong_boolean_in_the_environment_names_the_variable()
    {
        var error = LoadFails(environment: new() { ["OCI_TEST_PUSH"] = "maybe" });
        Assert.That(error.Message, Is.EqualTo("environment OCI_TEST_PUSH = 'maybe': expected true or false (also accepted: 1/0, yes/no, on/off)."));
    }

    [Test]
    public void Text_from_the_environment_is_checked_against_the_same_schema_as_the_file()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LoadFails(environment: new() { ["OCI_SPEC_VERSION"] = "2.0" }).Message, Is.EqualTo("environment OCI_SPEC_VERSION = '2.0': expected one of 1.0, 1.1, dev."));
            Assert.That(LoadFails("""{ "run": { "specVersion": "2.0" } }""").Message, Is.EqualTo("conformance.json (run.specVersion) = '2.0': expected one of 1.0, 1.1, dev."));
            Assert.That(LoadFails("""{ "run": { "debug": "yes" } }""").Message, Is.EqualTo("conformance.json (run.debug) = 'yes': expected true or false."),
                "conformance.json holds JSON: the words besides true and false are for text");
            Assert.That(Load(environment: new() { ["CONFORMANCE__RUN__DEBUG"] = "on" }).Run.Debug, Is.True);
        });
    }

    [TestCase("ftp://registry.example", TestName = "A non-HTTP URL is refused")]
    [TestCase("registry.example:5000", TestName = "A URL without scheme is refused")]
    [TestCase("http://user:secret@registry.example", TestName = "A URL carrying credentials is refused")]
    [TestCase("http://registry.example/?q=1", TestName = "A URL with a query is refused")]
    public void Bad_target_urls_are_refused_with_the_expected_form(string url)
    {
        var error = LoadFails(flags: ["--target", url]);
        Assert.That(error.Message, Does.StartWith($"flag --target = '{url}': expected an absolute http:// or https:// URL"));
    }

    [TestCase("", TestName = "An empty URL means the embedded registry")]
    [TestCase("embedded", TestName = "The URL 'embedded' means the embedded registry")]
    public void The_embedded_registry_can_be_asked_for_explicitly(string url) =>
        Assert.That(Load("""{ "target": { "url": "http://file:1" } }""", flags: ["--target", url]).Target.IsEmbedded, Is.True);

    [Test]
    public void Unknown_keys_and_options_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LoadFails("""{ "target": { "urll": "x" } }""").Message, Does.StartWith("Unknown configuration key: conformance.json (target.urll). Known keys: target.url, target.namespace"));
            Assert.That(LoadFails(environment: new() { ["CONFORMANCE__TARGET__URLL"] = "x" }).Message, Does.StartWith("Unknown configuration key: environment CONFORMANCE__TARGET__URLL."));
            Assert.That(LoadFails(parameters: new() { ["run.paralel"] = "1" }).Message, Does.StartWith("Unknown configuration key: test parameter run.paralel."));
            Assert.That(LoadFails(flags: ["--tagret", "x"]).Message, Does.Contain("Unknown option '--tagret'"));
            Assert.That(LoadFails(flags: ["--profiles", "pull,pish"]).Message, Does.StartWith("flag --profiles = 'pull,pish': expected a comma-separated list of: pull, push, discovery"));
            Assert.That(LoadFails(flags: ["--profiles", ""]).Message, Does.StartWith("flag --profiles = '': expected a comma-separated list of:"), "at least one profile");
        });
    }

    [Test]
    public void An_invalid_namespace_is_refused()
    {
        Assert.That(LoadFails(flags: ["--namespace", "Upper/Case"]).Message, Does.StartWith("flag --namespace = 'Upper/Case': expected a repository name path such as 'conformance'"));
    }

    [Test]
    public void Broken_json_in_the_file_is_a_configuration_error()
    {
        Assert.That(LoadFails("{ \"target\": ").Message, Does.Contain("not valid JSON"));
    }

    [Test]
    public void A_list_in_the_file_is_a_JSON_array()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Load("""{ "run": { "scenarios": ["base-v2", "blob-get"] } }""").Run.Scenarios, Is.EqualTo(new[] { "base-v2", "blob-get" }));
            Assert.That(LoadFails("""{ "run": { "scenarios": "base-v2" } }""").Message, Is.EqualTo("conformance.json (run.scenarios) = 'base-v2': expected a list."));
        });
    }

    [Test]
    public void Relative_folders_in_the_file_resolve_against_its_folder_and_elsewhere_against_the_working_directory()
    {
        var nested = Directory.CreateDirectory(Path.Combine(_dir, "config")).FullName;
        File.WriteAllText(Path.Combine(nested, "custom.json"), """{ "run": { "reportDir": "out", "bundleDir": "bundle" } }""");

        var options = Load(environment: new() { [ConfigurationLoader.ConfigFileVariable] = "config/custom.json" }, flags: ["--bundle", "evidence"]);

        Assert.Multiple(() =>
        {
            Assert.That(options.Run.ReportDir, Is.EqualTo(Path.Combine(nested, "out")));
            Assert.That(options.Run.BundleDir, Is.EqualTo(Path.Combine(_dir, "evidence")));
        });
    }

    [Test]
    public void The_config_flag_wins_over_the_variable_and_a_missing_file_is_an_error()
    {
        File.WriteAllText(Path.Combine(_dir, "a.json"), """{ "run": { "parallelism": 2 } }""");
        File.WriteAllText(Path.Combine(_dir, "b.json"), """{ "run": { "parallelism": 3 } }""");
        var environment = new Dictionary<string, string?> { [ConfigurationLoader.ConfigFileVariable] = "a.json" };

        Assert.Multiple(() =>
        {
            Assert.That(Load(environment: environment).Run.Parallelism, Is.EqualTo(2));
            Assert.That(Load(environment: environment, flags: [ConfigurationLoader.ConfigFlag, "b.json"]).Run.Parallelism, Is.EqualTo(3));
            Assert.That(LoadFails(flags: [ConfigurationLoader.ConfigFlag, "missing.json"]).Message, Does.Contain("missing.json").And.Contain("does not exist"));
        });
    }

    [Test]
    public void Secrets_never_appear_in_the_redacted_configuration()
    {
        var options = Load(environment: new() { ["OCI_USERNAME"] = "alice", ["OCI_PASSWORD"] = "s3cret-value" });
        var shown = string.Join("\n", options.Redacted().Select(p => $"{p.Key}={p.Value}"));
        Assert.That(shown, Does.Not.Contain("s3cret-value").And.Contain("target.password=***").And.Contain("target.username=alice"));
    }

    [Test]
    public void The_redacted_configuration_shows_every_setting_that_is_part_of_the_options()
    {
        var shown = Load().Redacted();
        Assert.Multiple(() =>
        {
            Assert.That(shown.Keys, Is.EquivalentTo(Settings.All.Where(s => s.IsShown).Select(s => s.Key)));
            Assert.That(shown["run.parallelism"], Is.EqualTo("8"));
            Assert.That(shown["profiles.pull"], Is.EqualTo("true"));
            Assert.That(shown["target.url"], Is.EqualTo("(embedded reference registry)"));
            Assert.That(shown["target.password"], Is.EqualTo("(none)"));
        });
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
        var runs = Load(flags: ["--targets", "reference=,distribution=http://127.0.0.1:5000"]).PerTarget();
        Assert.That(runs.Select(r => (r.Target.Name, r.Target.IsEmbedded)), Is.EqualTo(new[] { ("reference", true), ("distribution", false) }));
    }

    [Test]
    public void A_target_entry_can_be_set_from_the_environment()
    {
        var runs = Load("""{ "targets": [ { "name": "reference", "url": "" } ] }""", environment: new() { ["CONFORMANCE__TARGETS__0__REFERRERSAPI"] = "no" }).PerTarget();
        Assert.That(runs.Single().Embedded.ReferrersApi, Is.False);
    }

    [TestCase("""{ "targets": [ { "url": "" } ] }""", "conformance.json (targets.0) has no name: expected a target name of", TestName = "A target without a name is refused")]
    [TestCase("""{ "targets": [ { "name": "a", "url": "" }, { "name": "A", "url": "" } ] }""", "target name 'A' is used twice", TestName = "Two targets with one name are refused")]
    [TestCase("""{ "targets": [ { "name": "a b", "url": "" } ] }""", "conformance.json (targets.0.name) = 'a b': expected a target name of", TestName = "A target name that cannot name a folder is refused")]
    [TestCase("""{ "targets": [ { "name": "a", "url": "ftp://x" } ] }""", "conformance.json (targets.0.url) = 'ftp://x'", TestName = "A bad target URL names its entry")]
    public void Bad_targets_are_refused(string file, string message) =>
        Assert.That(LoadFails(file).Message, Does.Contain(message));

    [Test]
    public void A_bad_target_in_the_flag_names_the_flag_and_its_value()
    {
        Assert.That(LoadFails(flags: ["--targets", "a b=,c="]).Message, Does.StartWith("flag --targets = 'a b=,c=': expected a target name of letters, digits"));
    }
}
