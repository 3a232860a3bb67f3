using System.Text;
using System.Xml;
using System.Xml.Linq;
using OciConformance.Configuration;
using OciConformance.Formats;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>
/// Checks a certification bundle before it is submitted: every file there, all from one run (the same run id in
/// each), every required profile run (those the run enabled, and pull always), and the run passing.
/// </summary>
public static class BundleVerifier
{
    public static async Task<IReadOnlyList<string>> VerifyAsync(string directory, SchemaSet schemas, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return [$"{directory}: no such folder"];
        }

        var problems = new List<string>();
        foreach (var file in CertificationBundle.Files.Where(f => !File.Exists(Path.Combine(directory, f))))
        {
            problems.Add($"{file} is missing");
        }

        RunReport report;
        try
        {
            report = await ReportFile.LoadAsync(Path.Combine(directory, ResultsJson.FileName), schemas, cancellationToken);
        }
        catch (ReportFileException e) when (File.Exists(Path.Combine(directory, ResultsJson.FileName)))
        {
            problems.Add(e.Message);
            return problems;
        }
        catch (ReportFileException)
        {
            return problems;
        }

        var runId = report.Header.RunId;
        await CheckJUnitAsync(Path.Combine(directory, JUnitWriter.FileName), report, problems, cancellationToken);
        await CheckHtmlAsync(Path.Combine(directory, HtmlWriter.FileName), runId, problems, cancellationToken);
        await CheckProductAsync(Path.Combine(directory, CertificationBundle.ProductFile), report, problems, cancellationToken);
        await CheckReadmeAsync(Path.Combine(directory, CertificationBundle.ReadmeFile), runId, problems, cancellationToken);
        CheckProfiles(report, problems);
        CheckPassing(report, problems);
        return problems;
    }

    /// <summary>
    /// Profiles the run had switched on (as recorded in its configuration), plus pull: every registry must serve
    /// content, whatever the run's configuration said. A read-only run shows that with the read-only profile, which
    /// pulls what the registry already holds, so there it stands in for pull (whose cases push their content first).
    /// </summary>
    public static IReadOnlyList<string> RequiredProfiles(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        // A profile the suite has no scenario for (yet) cannot be run, so it cannot be required either.
        var enabled = report.Header.Configuration
            .Where(p => p.Key.StartsWith("profiles.", StringComparison.Ordinal) && p.Value == "true")
            .Select(p => p.Key["profiles.".Length..])
            .Where(profile => report.Cases.Any(c => c.Profile == profile) || report.Profiles.Any(p => p.Profile == profile && !p.Enabled))
            // Nor can the read-only profile in a run that named no existing content for it to read.
            .Where(profile => profile != Profiles.ReadOnly || Settings.ReadOnlyContent.Any(s => s.IsSetIn(report.Header.Configuration)))
            .ToList();
        var pulling = enabled.Contains(Profiles.ReadOnly) && !enabled.Contains(Profiles.Pull) ? Profiles.ReadOnly : Profiles.Pull;
        return [.. enabled.Prepend(pulling).Distinct(StringComparer.Ordinal)];
    }

    private static void CheckProfiles(RunReport report, List<string> problems)
    {
        foreach (var profile in RequiredProfiles(report))
        {
            var verdict = report.Profiles.FirstOrDefault(p => p.Profile == profile);
            if (verdict is null || !verdict.Enabled)
            {
                problems.Add($"required profile '{profile}' was switched off in this run");
            }
            else if (verdict.Counts.Values.Sum() == 0 || verdict.Verdict == Outcome.NotRun)
            {
                problems.Add($"required profile '{profile}' ran no case");
            }
            else if (verdict.Verdict is not (Outcome.Passed or Outcome.Warning))
            {
                problems.Add($"required profile '{profile}' did not pass: {verdict.Verdict.ToText()}");
            }
        }
    }

    private static void CheckPassing(RunReport report, List<string> problems)
    {
        foreach (var requirement in report.Requirements.Where(r => r.Outcome == Outcome.Failed))
        {
            problems.Add($"requirement {requirement.Id} ({requirement.Level}) failed in {string.Join(", ", requirement.FailedCases)}: {requirement.Message}");
        }

        if (report.HasMandatoryFailure && !report.Requirements.Any(r => r.Outcome == Outcome.Failed))
        {
            problems.Add("a MUST-level check failed (see results.json)");
        }

        foreach (var error in report.Cases.Where(c => c.Outcome == Outcome.Error))
        {
            problems.Add($"case {error.Id} could not be run by the suite: {error.Message}");
        }
    }

    private static async Task CheckJUnitAsync(string path, RunReport report, List<string> problems, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return;
        }

        XDocument junit;
        try
        {
            await using var stream = File.OpenRead(path);
            junit = await XDocument.LoadAsync(stream, LoadOptions.None, cancellationToken);
        }
        catch (XmlException e)
        {
            problems.Add($"{JUnitWriter.FileName} is not XML: {e.Message}");
            return;
        }

        var runIds = junit.Descendants("property").Where(p => (string?)p.Attribute("name") == JUnitWriter.RunIdProperty).Select(p => (string?)p.Attribute("value")).Distinct().ToList();
        if (runIds.Count > 0 && runIds.Any(id => id != report.Header.RunId))
        {
            problems.Add($"{JUnitWriter.FileName} is from run {string.Join(", ", runIds)}, results.json from run {report.Header.RunId}");
        }
        else if (runIds.Count == 0 && report.Cases.Count > 0)
        {
            problems.Add($"{JUnitWriter.FileName} names no run id");
        }

        var testcases = junit.Descendants("testcase").Count();
        if (testcases != report.Cases.Count)
        {
            problems.Add($"{JUnitWriter.FileName} has {testcases} test cases, results.json {report.Cases.Count}");
        }
    }

    private static async Task CheckHtmlAsync(string path, string runId, List<string> problems, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var html = await File.ReadAllTextAsync(path, cancellationToken);
        if (!html.Contains($"<meta name=\"{HtmlWriter.RunIdMeta}\" content=\"{System.Net.WebUtility.HtmlEncode(runId)}\">", StringComparison.Ordinal))
        {
            problems.Add($"{HtmlWriter.FileName} is not the report of run {runId}");
        }
    }

    private static async Task CheckProductAsync(string path, RunReport report, List<string> problems, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var product = ReadYamlScalars(await File.ReadAllTextAsync(path, cancellationToken));
        if (string.IsNullOrWhiteSpace(product.GetValueOrDefault("name")))
        {
            problems.Add($"{CertificationBundle.ProductFile} names no product: set product.name (and product.version, product.vendor, product.url) in conformance.json or CONFORMANCE__PRODUCT__NAME");
        }

        if (string.IsNullOrWhiteSpace(product.GetValueOrDefault("version")))
        {
            problems.Add($"{CertificationBundle.ProductFile} gives no product version: set product.version");
        }

        if (product.GetValueOrDefault("runId") != report.Header.RunId)
        {
            problems.Add($"{CertificationBundle.ProductFile} is from run '{product.GetValueOrDefault("runId")}', results.json from run {report.Header.RunId}");
        }

        if (report.Header.Product is { } recorded && product.GetValueOrDefault("name") is { } name && name != recorded.Name)
        {
            problems.Add($"{CertificationBundle.ProductFile} names '{name}', results.json '{recorded.Name}'");
        }
    }

    private static async Task CheckReadmeAsync(string path, string runId, List<string> problems, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && !(await File.ReadAllTextAsync(path, cancellationToken)).Contains($"`{runId}`", StringComparison.Ordinal))
        {
            problems.Add($"{CertificationBundle.ReadmeFile} does not describe run {runId}");
        }
    }

    /// <summary>The top-level <c>key: "value"</c> lines of PRODUCT.yaml, the only YAML this bundle writes.</summary>
    public static IReadOnlyDictionary<string, string> ReadYamlScalars(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in yaml.Split('\n'))
        {
            if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                values[line[..colon]] = Unquote(line[(colon + 1)..].Trim());
            }
        }

        return values;
    }

    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;
        }

        var text = new StringBuilder();
        for (var i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1)
            {
                i++;
                text.Append(value[i] == 'n' ? '\n' : value[i]);
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }
}
