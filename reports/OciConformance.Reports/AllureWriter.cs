using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OciConformance.Http;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>
/// An Allure results folder written to Allure's documented file format (the Allure.NUnit adapter is not
/// available here): one <c>&lt;uuid&gt;-result.json</c> per case, its HTTP exchanges as text attachments, plus
/// <c>environment.properties</c>, <c>executor.json</c> and <c>categories.json</c>. Allure 2 and 3 both build a
/// report from it.
/// </summary>
public static class AllureWriter
{
    public const string FolderName = "allure-results";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(RunReport report, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var links = report.Requirements.ToDictionary(r => r.Id, r => r.Link, StringComparer.Ordinal);
        using var files = new FileWriter();
        foreach (var c in report.Cases)
        {
            var uuid = Uuid(report.Header.RunId, c.Id);
            var attachments = new List<(string File, HttpExchange Exchange)>();
            var result = Result(report.Header, c, uuid, links, attachments);
            foreach (var (file, exchange) in attachments)
            {
                await files.WriteAsync(Path.Combine(folder, file), exchange, cancellationToken);
            }

            await files.WriteAsync(Path.Combine(folder, $"{uuid}-result.json"), result, cancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "environment.properties"), Environment(report.Header), cancellationToken);
        await files.WriteAsync(Path.Combine(folder, "executor.json"), Executor(report.Header), cancellationToken);
        await files.WriteAsync(Path.Combine(folder, "categories.json"), Categories(), cancellationToken);
    }

    /// <summary>
    /// Writes the folder's files, a result or a transcript at a time, through one builder and one buffer kept for them
    /// all: a run has a file per exchange, and a string, a builder and a writer of its own for each of them was most of
    /// what writing the folder allocated.
    /// </summary>
    private sealed class FileWriter : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _bytes = new(64 * 1024);
        private readonly Utf8JsonWriter _json;
        private readonly StringBuilder _text = new();

        public FileWriter() => _json = new Utf8JsonWriter(_bytes, new JsonWriterOptions { Indented = true, Encoder = Json.Encoder });

        public Task WriteAsync(string path, JsonNode node, CancellationToken cancellationToken)
        {
            _bytes.ResetWrittenCount();
            _json.Reset(_bytes);
            node.WriteTo(_json, Json);
            _json.Flush();
            return File.WriteAllBytesAsync(path, _bytes.WrittenMemory, cancellationToken);
        }

        public Task WriteAsync(string path, HttpExchange exchange, CancellationToken cancellationToken)
        {
            _text.Clear();
            return File.WriteAllTextAsync(path, WireText.Escape(exchange.AppendTranscript(_text).ToString()), cancellationToken);
        }

        public void Dispose() => _json.Dispose();
    }

    /// <summary>Allure's status for an outcome. Blocked reads as skipped: the deviation behind it is reported once, by the case that tests it.</summary>
    public static string Status(Outcome outcome) => outcome switch
    {
        Outcome.Passed or Outcome.Warning => "passed",
        Outcome.Failed => "failed",
        Outcome.Error => "broken",
        _ => "skipped",
    };

    public static string Severity(string level) => level switch
    {
        "MUST" or "MUST NOT" => "critical",
        "SHOULD" or "SHOULD NOT" => "normal",
        _ => "minor",
    };

    private static JsonObject Result(RunHeader header, CaseResult c, string uuid, Dictionary<string, string> links, List<(string File, HttpExchange Exchange)> attachments)
    {
        var start = c.StartedAt ?? header.StartedAt;
        var startMs = start.ToUnixTimeMilliseconds();
        var stopMs = startMs + (long)Math.Ceiling(c.DurationMs);
        var fullName = $"oci.{c.Profile}.{c.Id}";
        var attached = new HashSet<int>();
        JsonObject Attach(HttpExchange exchange)
        {
            var file = $"{Uuid(uuid, exchange.Sequence.ToString(CultureInfo.InvariantCulture))}-attachment.txt";
            attachments.Add((file, exchange));
            attached.Add(exchange.Sequence);
            return new JsonObject { ["name"] = $"#{exchange.Sequence} {exchange.Summary}", ["source"] = file, ["type"] = "text/plain" };
        }

        var steps = new JsonArray();
        foreach (var step in c.Checks.GroupBy(k => k.Step))
        {
            var checks = step.ToList();
            var stepExchanges = checks.Select(k => k.Exchange).OfType<int>().Distinct().Where(n => !attached.Contains(n))
                .Select(n => c.Exchanges.FirstOrDefault(x => x.Sequence == n)).OfType<HttpExchange>().ToList();
            var failed = checks.FirstOrDefault(k => !k.Passed);
            steps.Add(new JsonObject
            {
                ["name"] = step.Key,
                ["status"] = StepStatus(checks),
                ["statusDetails"] = failed is null ? new JsonObject() : Details($"[{failed.Requirement}] {failed.Description}: expected {failed.Expected}, got {failed.Actual}", null),
                ["stage"] = "finished",
                ["start"] = startMs,
                ["stop"] = stopMs,
                ["steps"] = new JsonArray([.. checks.Select(k => CheckStep(k, startMs, stopMs))]),
                ["attachments"] = new JsonArray([.. stepExchanges.Select(Attach)]),
                ["parameters"] = new JsonArray(),
            });
        }

        var rest = new JsonArray([.. c.Exchanges.Where(x => !attached.Contains(x.Sequence)).ToList().Select(Attach)]);
        var labels = new JsonArray
        {
            Label("parentSuite", "OCI conformance"),
            Label("suite", c.Profile),
            Label("subSuite", c.File is { } file ? Path.GetFileNameWithoutExtension(file) : c.Profile),
            Label("feature", c.Profile),
            Label("story", c.Title),
            Label("severity", Severity(c.Level)),
            Label("host", header.Target.Name),
            Label("framework", header.Tool),
            Label("language", "csharp"),
        };
        foreach (var requirement in c.Requirements)
        {
            labels.Add(Label("tag", requirement));
        }

        if (c.Outcome is Outcome.Warning or Outcome.Blocked or Outcome.NotSupported or Outcome.NotApplicable)
        {
            labels.Add(Label("tag", c.Outcome.ToKey()));
        }

        return new JsonObject
        {
            ["uuid"] = uuid,
            ["historyId"] = Hash(fullName),
            ["testCaseId"] = Hash(fullName),
            ["fullName"] = fullName,
            ["name"] = $"{c.Id}: {c.Title}",
            ["description"] = $"Requirements: {string.Join(", ", c.Requirements)} ({c.Level}). Outcome: {c.Outcome.ToText()}.",
            ["status"] = Status(c.Outcome),
            ["statusDetails"] = c.Message is null ? new JsonObject() : Details($"{c.Outcome.ToText()}: {c.Message}", Trace(c)),
            ["stage"] = "finished",
            ["start"] = startMs,
            ["stop"] = stopMs,
            ["labels"] = labels,
            ["links"] = new JsonArray([.. c.Requirements.Select(r => (JsonNode)new JsonObject { ["name"] = r, ["url"] = links.GetValueOrDefault(r, ""), ["type"] = "link" })]),
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "target", ["value"] = header.Target.Name, ["excluded"] = true }),
            ["steps"] = steps,
            ["attachments"] = rest,
        };
    }

    private static JsonObject CheckStep(CheckResult check, long start, long stop) => new()
    {
        ["name"] = $"{(check.Passed ? "✓" : "✗")} {check.Description} [{check.Requirement} {check.Level}]",
        ["status"] = check.Passed ? "passed" : check.Gate is not null || check.BlockedBy is not null ? "skipped" : check.Setup ? "broken" : "failed",
        ["statusDetails"] = check.Passed ? new JsonObject() : Details($"expected {check.Expected}, got {check.Actual}", null),
        ["stage"] = "finished",
        ["start"] = start,
        ["stop"] = stop,
        ["steps"] = new JsonArray(),
        ["attachments"] = new JsonArray(),
        ["parameters"] = new JsonArray(),
    };

    private static string StepStatus(List<CheckResult> checks)
    {
        var failed = checks.Where(k => !k.Passed).ToList();
        if (failed.Count == 0)
        {
            return "passed";
        }

        return failed.Any(k => k.Counts && k.Inferred is null && k.Level is "MUST" or "MUST NOT") ? "failed"
            : failed.Any(k => k.Setup && k.BlockedBy is null) ? "broken"
            : failed.All(k => k.Gate is not null || k.BlockedBy is not null) ? "skipped"
            : "passed";
    }

    private static JsonObject Details(string message, string? trace)
    {
        var details = new JsonObject { ["message"] = message };
        if (trace is not null)
        {
            details["trace"] = trace;
        }

        return details;
    }

    private static string? Trace(CaseResult c)
    {
        var lines = c.FailedChecks.Select(k => $"[{k.Requirement}] ({k.Level}) step '{k.Step}': {k.Description}\n  expected: {k.Expected}\n  actual:   {k.Actual}").ToList();
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }

    private static JsonObject Label(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static string Environment(RunHeader header)
    {
        var entries = new List<(string Key, string Value)>
        {
            ("target", header.Target.Name),
            ("target.url", header.Target.Url),
            ("tool", $"{header.Tool} {header.ToolVersion}"),
            ("tool.commit", header.ToolCommit ?? "unknown"),
            ("run.id", header.RunId),
        };
        entries.AddRange(header.Specs.Select(s => ($"spec.{s.Name}", s.Version)));
        if (header.Product is { } product)
        {
            entries.Add(("product", $"{product.Name} {product.Version}".Trim()));
        }

        entries.AddRange(header.Configuration.Where(p => p.Key.StartsWith("profiles.", StringComparison.Ordinal)).Select(p => (p.Key, p.Value)));
        var text = new StringBuilder();
        foreach (var (key, value) in entries)
        {
            text.Append(EscapeProperty(key)).Append(" = ").Append(EscapeProperty(value)).Append('\n');
        }

        return text.ToString();
    }

    // In a .properties file backslash, separators and line breaks would end or split an entry.
    private static string EscapeProperty(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("=", "\\=", StringComparison.Ordinal)
        .Replace(":", "\\:", StringComparison.Ordinal);

    private static JsonObject Executor(RunHeader header) => new()
    {
        ["name"] = header.Tool,
        ["type"] = header.Tool,
        ["buildName"] = $"run {header.RunId}",
        ["buildOrder"] = header.StartedAt.ToUnixTimeSeconds(),
        ["reportName"] = $"OCI conformance: {header.Target.Name}",
    };

    private static JsonArray Categories() =>
    [
        new JsonObject { ["name"] = "Requirement not met", ["matchedStatuses"] = new JsonArray("failed") },
        new JsonObject { ["name"] = "Blocked by an earlier failure", ["matchedStatuses"] = new JsonArray("skipped"), ["messageRegex"] = "blocked.*" },
        new JsonObject { ["name"] = "Optional feature not supported", ["matchedStatuses"] = new JsonArray("skipped"), ["messageRegex"] = "not supported.*" },
        new JsonObject { ["name"] = "Suite error", ["matchedStatuses"] = new JsonArray("broken") },
    ];

    /// <summary>A UUID derived from the run and the case, so writing the same report twice gives the same files.</summary>
    private static string Uuid(string scope, string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}/{name}"))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
