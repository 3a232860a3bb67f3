using System.Text.Json.Nodes;

namespace OciConformance.Configuration;

/// <summary>
/// Reads conformance.json, then the environment, then NUnit test parameters, then flags (each over the ones before),
/// checks the merged whole against the schema and binds it into <see cref="ConformanceOptions"/> through
/// <see cref="Settings"/>. Any unusable value stops here, before a single request is sent, with a message that names
/// where it came from, the key, the value and the expected form.
/// </summary>
public static class ConfigurationLoader
{
    public const string FileName = "conformance.json";
    public const string EnvironmentPrefix = "CONFORMANCE__";
    public const string ConfigFileVariable = "CONFORMANCE_CONFIG";

    /// <summary>Picks the configuration file; the one flag that is no setting.</summary>
    public const string ConfigFlag = "--config";

    public static ConformanceOptions Load(ConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var schema = ConfigurationSchema.Shipped;
        var document = new ConfigurationDocument();
        if (FindConfigFile(sources) is { } file)
        {
            document.ReadFile(file);
            schema.Check(document);
        }

        foreach (var entry in FromEnvironment(sources).Concat(FromParameters(sources)).Concat(FromFlags(sources)))
        {
            document.Set(entry.Path, entry.Value, entry.Origin);
        }

        schema.Check(document);
        return Bind(document, schema);
    }

    private sealed record Entry(IReadOnlyList<string> Path, JsonNode Value, Origin Origin);

    private static IEnumerable<Entry> FromEnvironment(ConfigurationSources sources)
    {
        var set = sources.Environment.Where(e => !string.IsNullOrEmpty(e.Value)).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);
        var oci = Settings.All.Where(s => s.Oci is not null).ToList();
        var selecting = oci.Any(s => s.Oci!.IsWorkflowSwitch && set.ContainsKey(s.Oci.Name));
        foreach (var setting in oci)
        {
            var variable = setting.Oci!;
            var text = set.TryGetValue(variable.Name, out var value) ? value : selecting && variable.IsWorkflowSwitch ? "false" : null;
            if (text is not null)
            {
                yield return new Entry(setting.Path, setting.FromText(text), new Origin($"environment {variable.Name}", sources.WorkingDirectory, text));
            }
        }

        // After the OCI_ names, so that CONFORMANCE__ names win; in name order, so that a whole list comes before its entries.
        foreach (var (name, text) in set.Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            yield return Resolved(name[EnvironmentPrefix.Length..].Split("__"), text, $"environment {name}", sources.WorkingDirectory);
        }
    }

    private static IEnumerable<Entry> FromParameters(ConfigurationSources sources) =>
        sources.Parameters.Select(p => Resolved(p.Key.Split('.'), p.Value, $"test parameter {p.Key}", sources.WorkingDirectory));

    private static IEnumerable<Entry> FromFlags(ConfigurationSources sources) =>
        sources.Flags.Where(f => f.Flag != ConfigFlag).Select(f => Settings.All.FirstOrDefault(s => s.Flag == f.Flag) is { } setting
            ? new Entry(setting.Path, setting.FromText(f.Text), new Origin($"flag {f.Flag}", sources.WorkingDirectory, f.Text))
            : throw new ConfigurationException($"Unknown option '{f.Flag}'."));

    /// <summary>A value named by key segments, matched without regard to case as environment names are upper case.</summary>
    private static Entry Resolved(string[] segments, string text, string source, string workingDirectory)
    {
        foreach (var setting in Settings.All.Where(s => s.Path.Count <= segments.Length && s.Path.Select((p, i) => string.Equals(p, segments[i], StringComparison.OrdinalIgnoreCase)).All(same => same)))
        {
            var below = segments.Length == setting.Path.Count ? new TextKey([], setting.FromText) : setting.Below(segments.Skip(setting.Path.Count).ToList());
            if (below is not null)
            {
                return new Entry([.. setting.Path, .. below.Path], below.FromText(text), new Origin(source, workingDirectory, text));
            }
        }

        throw new ConfigurationException($"Unknown configuration key: {source}. Known keys: {string.Join(", ", Settings.All.Select(s => s.Key))}.");
    }

    private static ConformanceOptions Bind(ConfigurationDocument document, ConfigurationSchema schema)
    {
        var options = ConformanceOptions.Defaults;
        foreach (var setting in Settings.All)
        {
            if (document.Find(setting.Path) is not { } value)
            {
                continue;
            }

            try
            {
                options = setting.Apply(options, value, document.OriginOf(setting.Path));
            }
            catch (FormatException)
            {
                throw schema.Refusal(document, setting.Path);
            }
        }

        return options;
    }

    private static string? FindConfigFile(ConfigurationSources sources)
    {
        var chosen = sources.Flags.LastOrDefault(f => f.Flag == ConfigFlag)?.Text
            ?? (sources.Environment.TryGetValue(ConfigFileVariable, out var variable) && !string.IsNullOrEmpty(variable) ? variable : null);
        if (chosen is not null)
        {
            var full = Path.GetFullPath(chosen, sources.WorkingDirectory);
            return File.Exists(full) ? full : throw new ConfigurationException($"Configuration file '{full}' (from {ConfigFlag} or {ConfigFileVariable}) does not exist.");
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
}
