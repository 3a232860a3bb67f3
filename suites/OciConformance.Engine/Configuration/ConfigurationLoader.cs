using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OciConformance.Configuration;

/// <summary>Where configuration comes from. Tests pass their own environment; the programs pass the process's.</summary>
public sealed record ConfigurationSources
{
    public IReadOnlyList<string> Args { get; init; } = [];
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Values by configuration key (<c>target.url</c>), as NUnit test parameters give them; above the environment, below flags.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();
    public string BaseDirectory { get; init; } = AppContext.BaseDirectory;

    public static ConfigurationSources FromProcess(IReadOnlyList<string> args) => new()
    {
        Args = args,
        Environment = System.Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal),
    };
}

/// <summary>
/// Reads <c>conformance.json</c>, then environment variables, then command-line flags (each overriding the one
/// before), and turns the result into <see cref="ConformanceOptions"/>. Any unusable value stops here, before a
/// single request is sent, with a message that names the key, where it came from, the value and the expected form.
/// </summary>
public static partial class ConfigurationLoader
{
    public const string FileName = "conformance.json";
    public const string EnvironmentPrefix = "CONFORMANCE__";
    public const string ConfigFileVariable = "CONFORMANCE_CONFIG";

    private static readonly Dictionary<string, string> OciVariables = new(StringComparer.Ordinal)
    {
        ["OCI_ROOT_URL"] = "target:url",
        ["OCI_NAMESPACE"] = "target:namespace",
        ["OCI_USERNAME"] = "target:username",
        ["OCI_PASSWORD"] = "target:password",
        ["OCI_CROSSMOUNT_NAMESPACE"] = "target:crossMountNamespace",
        ["OCI_DEBUG"] = "run:debug",
        ["OCI_REPORT_DIR"] = "run:reportDir",
        ["OCI_SPEC_VERSION"] = "run:specVersion",
    };

    /// <summary>The distribution-spec suite's workflow switches: setting any of them selects exactly those workflows.</summary>
    private static readonly Dictionary<string, string> OciWorkflowVariables = new(StringComparer.Ordinal)
    {
        ["OCI_TEST_PULL"] = Profiles.Pull,
        ["OCI_TEST_PUSH"] = Profiles.Push,
        ["OCI_TEST_CONTENT_DISCOVERY"] = Profiles.Discovery,
        ["OCI_TEST_CONTENT_MANAGEMENT"] = Profiles.Management,
    };

    private static readonly Dictionary<string, string> FlagKeys = new(StringComparer.Ordinal)
    {
        ["--config"] = "config",
        ["--target"] = "target:url",
        ["--namespace"] = "target:namespace",
        ["--username"] = "target:username",
        ["--password"] = "target:password",
        ["--cross-mount-namespace"] = "target:crossMountNamespace",
        ["--profiles"] = "run:only",
        ["--skip-profiles"] = "run:skip",
        ["--parallel"] = "run:parallelism",
        ["--timeout"] = "run:requestTimeoutSeconds",
        ["--output"] = "run:reportDir",
        ["--spec-version"] = "run:specVersion",
        ["--debug"] = "run:debug",
        ["--embedded-storage"] = "embedded:storagePath",
        ["--bundle"] = "run:bundleDir",
        ["--targets"] = "run:targets",
        ["--scenarios"] = "run:scenarios",
    };

    private static readonly string[] BareFlags = ["--debug"];

    private static readonly HashSet<string> ScalarKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "target:url", "target:namespace", "target:username", "target:password", "target:crossMountNamespace",
        "run:parallelism", "run:requestTimeoutSeconds", "run:debug", "run:reportDir", "run:only", "run:skip", "run:specVersion",
        "embedded:referrersApi", "embedded:artifactManifest", "embedded:orasArtifacts", "embedded:storagePath",
        "run:bundleDir", "run:targets", "run:scenarios", "product:name", "product:version", "product:vendor", "product:url",
    };

    /// <summary>The flags the runner accepts, for its help text.</summary>
    public static IReadOnlyDictionary<string, string> Flags => FlagKeys;

    public static ConformanceOptions Load(ConfigurationSources sources)
    {
        var values = new Dictionary<string, SourcedValue>(StringComparer.OrdinalIgnoreCase);
        var flags = ParseFlags(sources.Args);
        var file = FindConfigFile(sources, flags);
        if (file is not null)
        {
            Merge(values, ReadFile(file), key => new Source($"{Path.GetFileName(file)} ({key.Replace(':', '.')})", Path.GetDirectoryName(file)!));
        }

        Merge(values, ReadOciEnvironment(sources.Environment), key => new Source($"environment {OciVariableFor(key)}", sources.WorkingDirectory));
        Merge(values, ReadPrefixedEnvironment(sources.Environment), key => new Source($"environment {EnvironmentPrefix}{key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}", sources.WorkingDirectory));
        Merge(values, sources.Parameters.ToDictionary(p => p.Key.Replace('.', ':'), p => p.Value, StringComparer.OrdinalIgnoreCase), key => new Source($"test parameter {key.Replace(':', '.')}", sources.WorkingDirectory));
        Merge(values, flags.Where(f => f.Key != "config").ToDictionary(), key => new Source($"flag {FlagKeys.First(f => f.Value == key).Key}", sources.WorkingDirectory));

        return Bind(values);
    }

    private sealed record Source(string Description, string BaseDirectory);

    private sealed record SourcedValue(string Value, Source Source)
    {
        public string Describe(string expected) => $"{Source.Description} = '{Value}': expected {expected}.";
    }

    private static void Merge(Dictionary<string, SourcedValue> into, IReadOnlyDictionary<string, string> layer, Func<string, Source> source)
    {
        foreach (var (key, value) in layer)
        {
            into[key] = new SourcedValue(value, source(key));
        }
    }

    private static Dictionary<string, string> ParseFlags(IReadOnlyList<string> args)
    {
        var normalized = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (!FlagKeys.ContainsKey(name))
            {
                throw new ConfigurationException($"Unknown option '{arg}'. Known options: {string.Join(", ", FlagKeys.Keys)}.");
            }

            var hasInlineValue = arg.Contains('=', StringComparison.Ordinal);
            var nextIsValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            if (BareFlags.Contains(name) && !hasInlineValue && !nextIsValue)
            {
                normalized.Add($"{name}=true");
            }
            else if (!hasInlineValue && !nextIsValue)
            {
                throw new ConfigurationException($"Option '{name}' needs a value, e.g. {name} VALUE.");
            }
            else if (hasInlineValue)
            {
                normalized.Add(arg);
            }
            else
            {
                normalized.Add($"{name}={args[++i]}");
            }
        }

        var parsed = new ConfigurationBuilder().AddCommandLine([.. normalized], FlagKeys).Build();
        return parsed.AsEnumerable().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.OrdinalIgnoreCase);
    }

    private static string? FindConfigFile(ConfigurationSources sources, Dictionary<string, string> flags)
    {
        if (flags.TryGetValue("config", out var explicitPath) || sources.Environment.TryGetValue(ConfigFileVariable, out explicitPath) && !string.IsNullOrEmpty(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath!, sources.WorkingDirectory);
            return File.Exists(full) ? full : throw new ConfigurationException($"Configuration file '{full}' (from --config or {ConfigFileVariable}) does not exist.");
        }

        return FindUpwards(sources.WorkingDirectory) ?? FindUpwards(sources.BaseDirectory);
    }

    private static string? FindUpwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static Dictionary<string, string> ReadFile(string path)
    {
        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException or System.Text.Json.JsonException)
        {
            throw new ConfigurationException($"Configuration file '{path}' is not valid JSON: {e.InnerException?.Message ?? e.Message}", e);
        }

        return root.AsEnumerable()
            .Where(p => p.Value is not null && !p.Key.StartsWith("$schema", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value!, StringComparer.OrdinalIgnoreCase);
    }

    private static Dictionary<string, string> ReadOciEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in OciVariables)
        {
            if (environment.TryGetValue(variable, out var value) && !string.IsNullOrEmpty(value))
            {
                values[key] = value;
            }
        }

        if (OciWorkflowVariables.Keys.Any(v => environment.TryGetValue(v, out var value) && !string.IsNullOrEmpty(value)))
        {
            foreach (var (variable, profile) in OciWorkflowVariables)
            {
                values[$"profiles:{profile}"] = environment.TryGetValue(variable, out var value) && !string.IsNullOrEmpty(value) ? value : "false";
            }
        }

        return values;
    }

    private static string OciVariableFor(string key) =>
        OciVariables.FirstOrDefault(p => string.Equals(p.Value, key, StringComparison.OrdinalIgnoreCase)).Key
        ?? OciWorkflowVariables.First(p => string.Equals($"profiles:{p.Value}", key, StringComparison.OrdinalIgnoreCase)).Key;

    private static Dictionary<string, string> ReadPrefixedEnvironment(IReadOnlyDictionary<string, string?> environment) =>
        environment
            .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(e.Value))
            .ToDictionary(e => e.Key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), e => e.Value!, StringComparer.OrdinalIgnoreCase);

    private static ConformanceOptions Bind(Dictionary<string, SourcedValue> values)
    {
        foreach (var (key, value) in values)
        {
            var isProfile = key.StartsWith("profiles:", StringComparison.OrdinalIgnoreCase);
            var isTarget = TargetEntry().Match(key);
            if (isTarget.Success ? !TargetFields.Contains(isTarget.Groups[2].Value) : isProfile ? !Profiles.IsKnown(key["profiles:".Length..].ToLowerInvariant()) : !ScalarKeys.Contains(key))
            {
                throw new ConfigurationException($"Unknown configuration key: {value.Source.Description}. Known keys: {string.Join(", ", ScalarKeys.Select(k => k.Replace(':', '.')))}, profiles.<{string.Join("|", Profiles.All)}>.");
            }
        }

        var profiles = Profiles.All.ToDictionary(p => p, p => Bool(values, $"profiles:{p}", true), StringComparer.Ordinal);
        ApplyProfileSelection(values, profiles);
        var target = new TargetOptions
        {
            Url = TargetUrl(values, "target:url"),
                Namespace = Matching(values, "target:namespace", "conformance", RepositoryNamespace.IsValid, "a repository name path such as 'conformance' or 'myorg/tests' (lowercase letters, digits, separators . _ __ -, components joined by /)"),
                Username = Text(values, "target:username"),
                Password = Text(values, "target:password"),
                CrossMountNamespace = Text(values, "target:crossMountNamespace") is { } mount
                    ? Matching(values, "target:crossMountNamespace", mount, RepositoryNamespace.IsValid, "a repository name path such as 'conformance-mount'")
                    : null,
        };
        var embedded = Embedded(values, "embedded", new EmbeddedOptions());

        return new ConformanceOptions
        {
            Target = target,
            Targets = NamedTargets(values, target, embedded),
            Profiles = profiles,
            Run = new RunOptions
            {
                Parallelism = Int(values, "run:parallelism", 8, 1, 64),
                RequestTimeout = TimeSpan.FromSeconds(Int(values, "run:requestTimeoutSeconds", 30, 1, 3600)),
                Debug = Bool(values, "run:debug", false),
                ReportDir = PathValue(values, "run:reportDir", "reports/out"),
                SpecVersion = Matching(values, "run:specVersion", Requirements.SpecVersions.Default, Requirements.SpecVersions.IsKnown, $"one of {string.Join(", ", Requirements.SpecVersions.All)}"),
                BundleDir = values.ContainsKey("run:bundleDir") ? PathValue(values, "run:bundleDir", "") : null,
                Scenarios = values.TryGetValue("run:scenarios", out var scenarios)
                    ? [.. scenarios.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
                    : [],
            },
            Product = new ProductOptions
            {
                Name = Text(values, "product:name"),
                Version = Text(values, "product:version"),
                Vendor = Text(values, "product:vendor"),
                Url = Text(values, "product:url"),
            },
            Embedded = embedded,
        };
    }

    private static readonly HashSet<string> TargetFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "url", "namespace", "username", "password", "referrersApi", "artifactManifest", "orasArtifacts",
    };

    [System.Text.RegularExpressions.GeneratedRegex("^targets:([0-9]+):([A-Za-z]+)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex TargetEntry();

    private static EmbeddedOptions Embedded(Dictionary<string, SourcedValue> values, string prefix, EmbeddedOptions defaults) => new()
    {
        ReferrersApi = Bool(values, $"{prefix}:referrersApi", defaults.ReferrersApi),
        ArtifactManifest = Bool(values, $"{prefix}:artifactManifest", defaults.ArtifactManifest),
        OrasArtifacts = Bool(values, $"{prefix}:orasArtifacts", defaults.OrasArtifacts),
        StoragePath = values.ContainsKey($"{prefix}:storagePath") ? PathValue(values, $"{prefix}:storagePath", "") : defaults.StoragePath,
    };

    /// <summary>
    /// <c>targets</c> in the file (or <c>CONFORMANCE__TARGETS__0__URL</c> …), or <c>--targets name=url,…</c>. Each
    /// entry inherits namespace and credentials from <c>target</c> and the embedded switches from <c>embedded</c>.
    /// </summary>
    private static List<NamedTarget> NamedTargets(Dictionary<string, SourcedValue> values, TargetOptions inherited, EmbeddedOptions embedded)
    {
        var targets = new List<NamedTarget>();
        if (values.TryGetValue("run:targets", out var list))
        {
            foreach (var item in list.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = item.Split('=', 2);
                var entry = new Dictionary<string, SourcedValue>(StringComparer.OrdinalIgnoreCase) { ["target:url"] = list with { Value = parts.Length == 2 ? parts[1] : "" } };
                targets.Add(new NamedTarget(TargetName(parts[0], list), inherited with { Url = TargetUrl(entry, "target:url") }, embedded));
            }

            return Unique(targets, list);
        }

        var indexes = values.Keys.Select(k => TargetEntry().Match(k)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order();
        foreach (var index in indexes)
        {
            var prefix = $"targets:{index}";
            var name = values.TryGetValue($"{prefix}:name", out var named) ? TargetName(named.Value, named) : throw new ConfigurationException($"targets[{index}] has no name: each target needs a short name for its report folder and matrix column.");
            targets.Add(new NamedTarget(name, inherited with
            {
                Url = TargetUrl(values, $"{prefix}:url"),
                Namespace = Matching(values, $"{prefix}:namespace", inherited.Namespace, RepositoryNamespace.IsValid, "a repository name path such as 'conformance'"),
                Username = Text(values, $"{prefix}:username") ?? inherited.Username,
                Password = Text(values, $"{prefix}:password") ?? inherited.Password,
            }, Embedded(values, prefix, embedded)));
        }

        return Unique(targets, null);

        static List<NamedTarget> Unique(List<NamedTarget> targets, SourcedValue? source) =>
            targets.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } duplicate
                ? throw new ConfigurationException($"Target name '{duplicate.Key}' is used twice{(source is null ? "" : $" ({source.Source.Description})")}: names must be unique.")
                : targets;
    }

    private static string TargetName(string name, SourcedValue source) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
            ? name
            : throw new ConfigurationException(source.Describe("target names of letters, digits, '.', '_' and '-' (they name report folders), e.g. --targets reference=,distribution=http://127.0.0.1:5000"));

    private static void ApplyProfileSelection(Dictionary<string, SourcedValue> values, Dictionary<string, bool> profiles)
    {
        if (values.TryGetValue("run:only", out var only))
        {
            var selected = ProfileList(only);
            foreach (var profile in Profiles.All)
            {
                profiles[profile] = selected.Contains(profile);
            }
        }

        if (values.TryGetValue("run:skip", out var skip))
        {
            foreach (var profile in ProfileList(skip))
            {
                profiles[profile] = false;
            }
        }
    }

    private static HashSet<string> ProfileList(SourcedValue value)
    {
        var names = value.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = names.Where(n => !Profiles.IsKnown(n)).ToList();
        return unknown.Count == 0 && names.Count > 0
            ? names
            : throw new ConfigurationException(value.Describe($"a comma-separated list of profiles from: {string.Join(", ", Profiles.All)}"));
    }

    private static Uri? TargetUrl(Dictionary<string, SourcedValue> values, string key)
    {
        if (!values.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value.Value) || value.Value == "embedded")
        {
            return null;
        }

        var text = value.Value.Trim();
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ConfigurationException(value.Describe("an absolute http:// or https:// URL without credentials or query, e.g. http://127.0.0.1:5000 (or empty for the embedded registry)"));
        }

        return uri;
    }

    private static string? Text(Dictionary<string, SourcedValue> values, string key) =>
        values.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value.Value) ? value.Value : null;

    private static string Matching(Dictionary<string, SourcedValue> values, string key, string fallback, Func<string, bool> isValid, string expected)
    {
        if (!values.TryGetValue(key, out var value) || string.IsNullOrEmpty(value.Value))
        {
            return fallback;
        }

        return isValid(value.Value) ? value.Value : throw new ConfigurationException(value.Describe(expected));
    }

    private static string PathValue(Dictionary<string, SourcedValue> values, string key, string fallback)
    {
        if (!values.TryGetValue(key, out var value))
        {
            return fallback;
        }

        return string.IsNullOrWhiteSpace(value.Value)
            ? throw new ConfigurationException(value.Describe("a folder path"))
            : Path.GetFullPath(value.Value, value.Source.BaseDirectory);
    }

    private static bool Bool(Dictionary<string, SourcedValue> values, string key, bool fallback)
    {
        if (!values.TryGetValue(key, out var value))
        {
            return fallback;
        }

        return value.Value.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new ConfigurationException(value.Describe("true or false (also accepted: 1/0, yes/no, on/off)")),
        };
    }

    private static int Int(Dictionary<string, SourcedValue> values, string key, int fallback, int min, int max)
    {
        if (!values.TryGetValue(key, out var value))
        {
            return fallback;
        }

        return int.TryParse(value.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ConfigurationException(value.Describe($"a whole number from {min} to {max}"));
    }
}
