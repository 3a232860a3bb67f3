using System.Text.Json.Nodes;

namespace OciConformance.Configuration;

/// <summary>
/// One configuration setting as <see cref="Settings"/> declares it: its key, its flag, the distribution-spec suite's
/// name for it, its help, whether it is secret, and how a value binds into <see cref="ConformanceOptions"/>. Its
/// environment name follows from the key, its default from <see cref="ConformanceOptions.Defaults"/>, and the values
/// it accepts from the schema.
/// </summary>
public abstract record Setting
{
    /// <summary>The dotted key, as in conformance.json and in NUnit test parameters: <c>run.parallelism</c>.</summary>
    public required string Key { get; init; }

    /// <summary>What the setting does, in a few words, for the help and the README.</summary>
    public required string Help { get; init; }

    /// <summary>The command-line flag, e.g. <c>--parallel</c>; null when the setting has none.</summary>
    public string? Flag { get; init; }

    /// <summary>What the help calls the flag's value (<c>N</c>, <c>URL</c>); switches take none.</summary>
    public string? ValueName { get; init; }

    /// <summary>The distribution-spec conformance suite's environment variable for this setting, if it has one.</summary>
    public OciVariable? Oci { get; init; }

    /// <summary>A secret is masked wherever the configuration is shown.</summary>
    public bool IsSecret { get; init; }

    /// <summary>How a setting that holds nothing reads in the help and the reports, e.g. "embedded reference registry".</summary>
    public string Unset { get; init; } = "none";

    /// <summary>A list whose flag may be given more than once, every value kept (others: the later value wins).</summary>
    public bool Repeatable { get; init; }

    public IReadOnlyList<string> Path => Key.Split('.');

    /// <summary>The key's last part: the property name in conformance.json.</summary>
    public string Name => Path[^1];

    /// <summary><c>CONFORMANCE__RUN__PARALLELISM</c> for <c>run.parallelism</c>.</summary>
    public string EnvironmentVariable => ConfigurationLoader.EnvironmentPrefix + string.Join("__", Path).ToUpperInvariant();

    /// <summary>The JSON type conformance.json gives the value: <c>boolean</c>, <c>integer</c>, <c>string</c> or <c>array</c>.</summary>
    public abstract string JsonType { get; }

    /// <summary>A switch is a boolean flag: given alone, it means true.</summary>
    public bool IsSwitch => JsonType == "boolean";

    /// <summary>Whether the setting is part of the options (and so of the reports) or only steers others, as <c>run.only</c> does.</summary>
    public abstract bool IsShown { get; }

    /// <summary>The default as conformance.json would hold it; null when by default the setting holds nothing.</summary>
    public JsonNode? Default => Json(ConformanceOptions.Defaults);

    /// <summary>The default as the help and the README show it.</summary>
    public string DefaultText => Display(Default) ?? Unset;

    /// <summary>The value in <paramref name="options"/> as logs and reports may show it: secrets masked.</summary>
    public string Shown(ConformanceOptions options) =>
        Json(options) is { } value ? (IsSecret ? Secret.Mask : Display(value)!) : $"({Unset})";

    /// <summary>Whether the setting held a value in a run, given the configuration as the run's report shows it.</summary>
    public bool IsSetIn(IReadOnlyDictionary<string, string> shown) =>
        shown is not null && shown.TryGetValue(Key, out var value) && value != $"({Unset})";

    /// <summary>The value a string from the environment, a test parameter or a flag stands for, as typed JSON.</summary>
    public abstract JsonNode FromText(string text);

    /// <summary>The value this setting holds in <paramref name="options"/>; null when it holds nothing or is not shown.</summary>
    public abstract JsonNode? Json(ConformanceOptions options);

    /// <summary>Binds a value the schema accepted; a relative path resolves against <paramref name="origin"/>'s folder.</summary>
    internal abstract ConformanceOptions Apply(ConformanceOptions options, JsonNode value, Origin origin);

    /// <summary>A key below this setting's, as in <c>targets.0.url</c>; null when the setting has none there.</summary>
    internal virtual TextKey? Below(IReadOnlyList<string> rest) => null;

    internal static string? Display(JsonNode? value) => value switch
    {
        null => null,
        JsonArray items => string.Join(",", items.Select(Display)),
        JsonValue text when text.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };
}

/// <summary>A setting whose value is a <typeparamref name="T"/> in the options.</summary>
internal sealed record Setting<T> : Setting
{
    public required SettingType<T> Type { get; init; }

    /// <summary>Puts a value into the options; the options before it hold the lower layers and the defaults.</summary>
    public required Func<ConformanceOptions, T, ConformanceOptions> Set { get; init; }

    /// <summary>Reads the value back out of the options; null for a setting that only steers others.</summary>
    public Func<ConformanceOptions, T>? Get { get; init; }

    public override string JsonType => Type.JsonType;

    public override bool IsShown => Get is not null;

    public override JsonNode FromText(string text) => Type.FromText(text);

    public override JsonNode? Json(ConformanceOptions options) => Get is null ? null : Type.ToJson(Get(options));

    internal override ConformanceOptions Apply(ConformanceOptions options, JsonNode value, Origin origin) =>
        Set(options, Type.Read(value, origin.BaseDirectory));
}

/// <summary>A key path below a setting's, and how text becomes its value.</summary>
internal sealed record TextKey(IReadOnlyList<string> Path, Func<string, JsonNode> FromText);

/// <summary>
/// A variable of the distribution-spec conformance suite. Its workflow switches (<c>OCI_TEST_PULL</c> …) select:
/// once any of them is set, those left unset are off.
/// </summary>
public sealed record OciVariable(string Name, bool IsWorkflowSwitch = false);
