using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace OciConformance.Formats;

/// <summary>
/// Every <c>*.schema.json</c> below one or more roots, keyed by its path relative to the root without
/// <c>.schema.json</c> (<c>api/error-body.v1</c>). Schemas reference each other by <c>$id</c>.
/// </summary>
public sealed class SchemaSet
{
    /// <summary>Every schema's <c>$id</c> is this prefix followed by its file path relative to the schema root.</summary>
    public const string IdPrefix = "https://oci-conformance.example/schemas/";

    private const string FileSuffix = ".schema.json";

    private readonly IReadOnlyDictionary<string, SchemaFile> _byKey;

    private SchemaSet(IReadOnlyDictionary<string, SchemaFile> byKey) => _byKey = byKey;

    public IReadOnlyCollection<string> Keys => [.. _byKey.Keys.Order(StringComparer.Ordinal)];

    public bool Contains(string key) => _byKey.ContainsKey(key);

    /// <summary>The file a schema was loaded from.</summary>
    public string PathOf(string key) => Get(key).Path;

    /// <summary>
    /// Loads every schema below each root; later roots may add schemas but never redefine a key. A process loads the same
    /// files once: the configuration, the formats, the coverage exceptions and the report commands all ask for the
    /// shipped set, and building it (meta-schema check, compiled patterns) is the costliest part of a start.
    /// </summary>
    public static SchemaSet Load(params string[] schemaRoots)
    {
        ArgumentNullException.ThrowIfNull(schemaRoots);
        var key = Fingerprint(schemaRoots);
        var loading = Loaded.GetOrAdd(key, _ => new Lazy<SchemaSet>(() => Build(schemaRoots)));
        try
        {
            return loading.Value;
        }
        catch
        {
            // A broken set is not remembered: the next load reports the problem afresh, or succeeds once it is fixed.
            Loaded.TryRemove(KeyValuePair.Create(key, loading));
            throw;
        }
    }

    private static readonly ConcurrentDictionary<string, Lazy<SchemaSet>> Loaded = new(StringComparer.Ordinal);

    /// <summary>The roots and every schema file's path, size and time of change: a file edited since is loaded again.</summary>
    private static string Fingerprint(string[] schemaRoots)
    {
        var text = new StringBuilder();
        foreach (var root in schemaRoots)
        {
            text.Append(Path.GetFullPath(root)).Append('\n');
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var path in Directory.EnumerateFiles(root, "*" + FileSuffix, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(path);
                text.Append(path).Append('\t').Append(info.Length).Append('\t').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
            }
        }

        return text.ToString();
    }

    private static SchemaSet Build(string[] schemaRoots)
    {
        var files = new Dictionary<string, SchemaFile>(StringComparer.Ordinal);
        foreach (var root in schemaRoots)
        {
            if (!Directory.Exists(root))
            {
                throw new SchemaLoadException(root, "schema root folder does not exist");
            }

            foreach (var path in Directory.EnumerateFiles(root, "*" + FileSuffix, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var file = SchemaFile.Read(root, path);
                if (files.TryGetValue(file.Key, out var existing))
                {
                    throw new SchemaLoadException(path, $"duplicate schema key '{file.Key}', already defined by {existing.Path}");
                }

                files.Add(file.Key, file);
            }
        }

        var builder = new SchemaBuilder(files.Values);
        foreach (var file in files.Values)
        {
            builder.Build(file);
        }

        return new SchemaSet(files);
    }

    /// <summary>Validates an instance; every violation carries the rule id of the nearest <c>x-rule</c> around the failing keyword.</summary>
    public SchemaValidation Validate(string key, JsonElement instance)
    {
        var schema = Get(key).Schema!;
        // Almost every instance is valid: the yes/no evaluation stops early and builds no result tree, and only an
        // invalid instance pays for the full tree its violations are read from.
        if (schema.Evaluate(instance, QuickSettings).IsValid)
        {
            return new SchemaValidation(true, []);
        }

        var results = schema.Evaluate(instance, EvaluationSettings);
        var violations = results.IsValid ? [] : ViolationCollector.Collect(results);
        return new SchemaValidation(results.IsValid, violations);
    }

    /// <summary>Rule ids named anywhere in a schema (its <c>x-rule</c> values).</summary>
    public IReadOnlyCollection<string> RulesOf(string key) => Get(key).Rules;

    private static readonly EvaluationOptions QuickSettings = new() { OutputFormat = OutputFormat.Flag };

    // Failed nodes keep their annotations only when dropped annotations are preserved; x-rule is read from them.
    private static readonly EvaluationOptions EvaluationSettings = new()
    {
        OutputFormat = OutputFormat.Hierarchical,
        PreserveDroppedAnnotations = true,
    };

    private SchemaFile Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_byKey.TryGetValue(key, out var file))
        {
            return file;
        }

        var similar = SimilarKeys.Find(key, _byKey.Keys);
        var hint = similar.Count == 0
            ? $"known keys: {string.Join(", ", _byKey.Keys.Order(StringComparer.Ordinal))}"
            : $"did you mean: {string.Join(", ", similar)}";
        throw new KeyNotFoundException($"No schema with key '{key}'; {hint}");
    }

    internal static JsonSchema MetaSchema => MetaSchemas.Draft202012;

    internal static string ExpectedId(string relativePath) => IdPrefix + relativePath;

    internal static string KeyOf(string relativePath) => relativePath[..^FileSuffix.Length];

    internal const string RuleKeyword = "x-rule";
}
