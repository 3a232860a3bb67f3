using System.Globalization;
using System.Text;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>
/// The folder a vendor submits as evidence: results.json, junit.xml and report.html of one run, PRODUCT.yaml naming
/// the product, and a README.md saying what the files are and what the run found.
/// </summary>
public static class CertificationBundle
{
    public const string ProductFile = "PRODUCT.yaml";
    public const string ReadmeFile = "README.md";

    public static IReadOnlyList<string> Files { get; } = [ResultsJson.FileName, JUnitWriter.FileName, HtmlWriter.FileName, ProductFile, ReadmeFile];

    public static async Task<IReadOnlyList<string>> WriteAsync(RunReport report, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        await ResultsJson.WriteAsync(report, Path.Combine(directory, ResultsJson.FileName), cancellationToken);
        await JUnitWriter.WriteAsync(report, Path.Combine(directory, JUnitWriter.FileName), cancellationToken);
        await HtmlWriter.WriteAsync(report, Path.Combine(directory, HtmlWriter.FileName), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, ProductFile), ProductYaml(report), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, ReadmeFile), Readme(report), cancellationToken);
        return [.. Files.Select(f => Path.Combine(directory, f))];
    }

    public static string ProductYaml(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var header = report.Header;
        var product = header.Product;
        var yaml = new StringBuilder();
        yaml.Append("# The product this conformance run certifies; written by ").Append(header.Tool).Append(".\n");
        yaml.Append("name: ").Append(Quote(product?.Name ?? "")).Append('\n');
        yaml.Append("version: ").Append(Quote(product?.Version ?? "")).Append('\n');
        yaml.Append("vendor: ").Append(Quote(product?.Vendor ?? "")).Append('\n');
        yaml.Append("url: ").Append(Quote(product?.Url ?? "")).Append('\n');
        yaml.Append("runId: ").Append(Quote(header.RunId)).Append('\n');
        yaml.Append("tool: ").Append(Quote($"{header.Tool} {header.ToolVersion}")).Append('\n');
        yaml.Append("toolCommit: ").Append(Quote(header.ToolCommit ?? "")).Append('\n');
        yaml.Append("testedAt: ").Append(Quote(header.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))).Append('\n');
        yaml.Append("profiles:\n");
        foreach (var profile in report.Profiles)
        {
            yaml.Append("  ").Append(profile.Profile).Append(": ").Append(Quote(profile.Enabled ? profile.Verdict.ToKey() : "notTested")).Append('\n');
        }

        return yaml.ToString();
    }

    public static string Readme(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var header = report.Header;
        var name = header.Product is { } p ? $"{p.Name} {p.Version}".Trim() : header.Target.Name;
        var text = new StringBuilder();
        text.AppendLine($"# OCI conformance evidence: {name}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run `{header.RunId}` of {header.Tool} {header.ToolVersion} against {header.Target.Name}, {header.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
        text.AppendLine();
        text.AppendLine("| File | What it holds |");
        text.AppendLine("|---|---|");
        text.AppendLine($"| `{ResultsJson.FileName}` | every case, check and HTTP exchange; the source of the other files (schema `{RunReport.SchemaId}`) |");
        text.AppendLine($"| `{JUnitWriter.FileName}` | the same cases as JUnit XML |");
        text.AppendLine($"| `{HtmlWriter.FileName}` | the readable report; open it in a browser, it needs no network |");
        text.AppendLine($"| `{ProductFile}` | the product, its version and vendor |");
        text.AppendLine();
        text.AppendLine("| Profile | Verdict |");
        text.AppendLine("|---|---|");
        foreach (var profile in report.Profiles.Where(p => p.Enabled || p.Counts.Values.Sum() > 0))
        {
            text.AppendLine($"| {profile.Profile} | {profile.Verdict.ToText()} |");
        }

        text.AppendLine();
        text.AppendLine($"Check the bundle with `oci-conformance verify-bundle <this folder>`.");
        return text.ToString();
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
