using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OciConformance.Configuration;
using OciConformance.Requirements;
using OciConformance.Testing;

namespace OciConformance.Engine.Tests;

/// <summary>
/// The declarations in Settings, the schema and the README's configuration table say the same: a setting added,
/// renamed, retyped or given another default in one of them and not the others fails here.
/// </summary>
public sealed class SettingsAgreementTests
{
    /// <summary>Set to 1 to rewrite the README's configuration table from the declarations.</summary>
    public const string UpdateReadmeVariable = "UPDATE_README";

    private const string TableStart = "<!-- settings table: generated from suites/OciConformance.Engine/Configuration/Settings.cs; UPDATE_README=1 dotnet test tests/OciConformance.Engine.Tests rewrites it -->";
    private const string TableEnd = "<!-- end of settings table -->";

    private static ConfigurationSchema Schema => ConfigurationSchema.Shipped;

    [Test]
    public void Every_declared_setting_is_in_the_schema_with_its_type_and_default()
    {
        Assert.Multiple(() =>
        {
            foreach (var setting in Settings.All)
            {
                var node = Schema.At(setting.Key);
                Assert.That(node, Is.Not.Null, $"{setting.Key} is declared in Settings.cs but not in {ConfigurationSchema.Key}");
                Assert.That(node?["type"]?.GetValue<string>(), Is.EqualTo(setting.JsonType), $"{setting.Key}: type");
                Assert.That(JsonNode.DeepEquals(node?["default"], setting.Default), Is.True,
                    $"{setting.Key}: the schema's default is {node?["default"]?.ToJsonString() ?? "none"}, the declared one {setting.Default?.ToJsonString() ?? "none"}");
            }
        });
    }

    [Test]
    public void Every_schema_property_is_declared()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(SuitePaths.Schemas, $"{ConfigurationSchema.Key}.schema.json")))!["properties"]!.AsObject();
        var keys = root.Where(p => p.Key != "$schema").SelectMany(section => Schema.At(section.Key)!["properties"] is JsonObject properties
            ? properties.Select(p => $"{section.Key}.{p.Key}")
            : [section.Key]);

        Assert.That(keys, Is.EquivalentTo(Settings.All.Select(s => s.Key)));
    }

    [Test]
    public void A_target_entry_holds_a_name_and_the_settings_it_may_set_for_itself_with_their_types()
    {
        var entry = Schema.At("targets.0")!["properties"]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Select(p => p.Key), Is.EquivalentTo(Settings.TargetFields.Select(f => f.Name).Prepend("name")));
            foreach (var field in Settings.TargetFields)
            {
                Assert.That(Schema.At($"targets.0.{field.Name}")?["type"]?.GetValue<string>(), Is.EqualTo(field.JsonType), field.Name);
            }
        });
    }

    [Test]
    public void The_schema_lists_the_profiles_spec_versions_and_proposals_the_engine_knows()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Schema.At("run.only.0")!["enum"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EqualTo(Profiles.All));
            Assert.That(Schema.At("run.specVersion")!["enum"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EqualTo(SpecVersions.All));
            Assert.That(Schema.At("run.proposals.0")!["enum"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EqualTo(Proposals.All));
        });
    }

    [Test]
    public void Environment_names_follow_from_the_keys_and_the_distribution_spec_names_are_kept()
    {
        var oci = Settings.All.Where(s => s.Oci is not null).ToDictionary(s => s.Oci!.Name, s => s.Key);

        Assert.Multiple(() =>
        {
            Assert.That(Settings.RequestTimeout.EnvironmentVariable, Is.EqualTo("CONFORMANCE__RUN__REQUESTTIMEOUTSECONDS"));
            Assert.That(Settings.ProfileSwitches[0].EnvironmentVariable, Is.EqualTo("CONFORMANCE__PROFILES__PULL"));
            Assert.That(oci, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["OCI_ROOT_URL"] = "target.url",
                ["OCI_NAMESPACE"] = "target.namespace",
                ["OCI_USERNAME"] = "target.username",
                ["OCI_PASSWORD"] = "target.password",
                ["OCI_CROSSMOUNT_NAMESPACE"] = "target.crossMountNamespace",
                ["OCI_DEBUG"] = "run.debug",
                ["OCI_REPORT_DIR"] = "run.reportDir",
                ["OCI_SPEC_VERSION"] = "run.specVersion",
                ["OCI_TEST_PULL"] = "profiles.pull",
                ["OCI_TEST_PUSH"] = "profiles.push",
                ["OCI_TEST_CONTENT_DISCOVERY"] = "profiles.discovery",
                ["OCI_TEST_CONTENT_MANAGEMENT"] = "profiles.management",
                ["OCI_TAG_NAME"] = "readOnly.tags",
                ["OCI_TAG_LIST"] = "readOnly.tagList",
                ["OCI_MANIFEST_DIGEST"] = "readOnly.manifests",
                ["OCI_BLOB_DIGEST"] = "readOnly.blobs",
            }));
            Assert.That(Settings.All.Where(s => s.Oci is { IsWorkflowSwitch: true }).Select(s => s.Oci!.Name), Is.All.StartsWith("OCI_TEST_"));
        });
    }

    [Test]
    public void Keys_flags_and_environment_names_are_unique_and_every_valued_flag_names_its_value()
    {
        var flagged = Settings.All.Where(s => s.Flag is not null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Settings.All.Select(s => s.Key), Is.Unique);
            Assert.That(flagged.Select(s => s.Flag).Append(ConfigurationLoader.ConfigFlag), Is.Unique);
            Assert.That(Settings.All.Select(s => s.EnvironmentVariable), Is.Unique);
            Assert.That(flagged.Where(s => !s.IsSwitch).Select(s => s.ValueName), Has.None.Null);
            Assert.That(Settings.All.Where(s => s.IsSecret).Select(s => s.Key), Is.EqualTo(new[] { "target.password", "auth.pullOnlyPassword" }));
        });
    }

    [Test]
    public void The_README_configuration_table_is_the_one_the_declarations_render()
    {
        var readme = Path.Combine(TestFolders.RepositoryRoot, "README.md");
        var text = File.ReadAllText(readme);
        var start = text.IndexOf(TableStart, StringComparison.Ordinal);
        var end = text.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.That(start >= 0 && end > start, Is.True, $"README.md's ## Configuration section should hold the table between\n{TableStart}\nand\n{TableEnd}");
        var rendered = $"{TableStart}\n{Table()}{TableEnd}";
        var written = text[start..(end + TableEnd.Length)];
        if (Environment.GetEnvironmentVariable(UpdateReadmeVariable) == "1")
        {
            File.WriteAllText(readme, text[..start] + rendered + text[(end + TableEnd.Length)..]);
            written = rendered;
        }

        Assert.That(written, Is.EqualTo(rendered),
            $"README.md's configuration table is not what Settings.cs declares; rewrite it with: {UpdateReadmeVariable}=1 dotnet test tests/OciConformance.Engine.Tests --filter Name~README");
    }

    private static string Table()
    {
        var table = new StringBuilder("| key | flag | environment | default | what |\n|---|---|---|---|---|\n");
        foreach (var setting in Settings.All)
        {
            var flag = setting.Flag is null ? "" : $"`{setting.Flag}{(setting.ValueName is null ? "" : " " + setting.ValueName)}`";
            var environment = string.Join(", ", new[] { setting.EnvironmentVariable, setting.Oci?.Name }.OfType<string>().Select(name => $"`{name}`"));
            var fallback = setting.Default is null ? setting.DefaultText : $"`{setting.DefaultText}`";
            table.Append(CultureInfo.InvariantCulture, $"| `{setting.Key}` | {flag} | {environment} | {fallback} | {Schema.Explain(setting).Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        return table.ToString();
    }
}
