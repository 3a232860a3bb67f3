using System.Globalization;
using System.Text;
using System.Xml.Linq;
using OciConformance.Http;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>
/// JUnit XML in the shape GitHub, GitLab and Jenkins all read (the Ant/Surefire family): one testsuite per profile,
/// one testcase per scenario, the failure message naming the broken requirement and the body carrying expected
/// versus actual and the HTTP exchanges. Only elements that shape allows are used: the requirement ids go into the
/// testcase's system-out, and the run id into each testsuite's properties.
/// </summary>
public static class JUnitWriter
{
    public const string FileName = "junit.xml";

    public const string RunIdProperty = "runId";

    public static XDocument Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var suites = report.Cases.GroupBy(c => c.Profile).Select(g => Suite(report.Header, g.Key, [.. g]));
        var root = new XElement("testsuites",
            new XAttribute("name", $"OCI conformance: {report.Header.Target.Name}"),
            new XAttribute("tests", report.Cases.Count),
            new XAttribute("failures", report.Cases.Count(c => c.Outcome == Outcome.Failed)),
            new XAttribute("errors", report.Cases.Count(c => c.Outcome == Outcome.Error)),
            new XAttribute("skipped", report.Cases.Count(IsSkipped)),
            new XAttribute("time", Seconds((report.Header.FinishedAt - report.Header.StartedAt).TotalMilliseconds)),
            suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), Holdable(root));
    }

    /// <summary>
    /// XML 1.0 cannot hold control characters, lone surrogates or U+FFFE/U+FFFF, even as references; whatever a
    /// registry put into a message or an exchange is written with those as visible escapes (<see cref="WireText.Escape"/>).
    /// </summary>
    private static XElement Holdable(XElement root)
    {
        foreach (var attribute in root.DescendantsAndSelf().Attributes())
        {
            attribute.Value = WireText.Escape(attribute.Value);
        }

        foreach (var text in root.DescendantNodes().OfType<XText>())
        {
            text.Value = WireText.Escape(text.Value);
        }

        return root;
    }

    public static async Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(path);
        await Render(report).SaveAsync(stream, SaveOptions.None, cancellationToken);
    }

    private static XElement Suite(RunHeader header, string profile, List<CaseResult> cases) => new("testsuite",
        new XAttribute("name", profile),
        new XAttribute("tests", cases.Count),
        new XAttribute("failures", cases.Count(c => c.Outcome == Outcome.Failed)),
        new XAttribute("errors", cases.Count(c => c.Outcome == Outcome.Error)),
        new XAttribute("skipped", cases.Count(IsSkipped)),
        new XAttribute("time", Seconds(cases.Sum(c => c.DurationMs))),
        new XAttribute("timestamp", header.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
        new XElement("properties",
            Property(RunIdProperty, header.RunId),
            Property("target", header.Target.Name),
            Property("tool", $"{header.Tool} {header.ToolVersion}")),
        cases.Select(Case));

    private static XElement Property(string name, string value) => new("property", new XAttribute("name", name), new XAttribute("value", value));

    private static bool IsSkipped(CaseResult c) => c.Outcome is Outcome.NotRun or Outcome.NotApplicable or Outcome.NotSupported or Outcome.Blocked;

    private static XElement Case(CaseResult c)
    {
        var element = new XElement("testcase",
            new XAttribute("classname", $"oci.{c.Profile}"),
            new XAttribute("name", $"{c.Id}: {c.Title}"),
            new XAttribute("time", Seconds(c.DurationMs)));
        var firstBroken = c.FailedChecks.FirstOrDefault(k => k.Counts) ?? c.FailedChecks.FirstOrDefault();
        var requirement = firstBroken?.Requirement ?? c.BlockedBy ?? (c.Requirements.Count > 0 ? c.Requirements[0] : "");
        switch (c.Outcome)
        {
            case Outcome.Failed:
                element.Add(new XElement("failure", new XAttribute("message", $"[{requirement}] ({firstBroken?.Level ?? c.Level}) {c.Message ?? "failed"}"), new XAttribute("type", requirement), Detail(c)));
                break;
            case Outcome.Error:
                element.Add(new XElement("error", new XAttribute("message", c.Message ?? "the suite could not run this case"), new XAttribute("type", "suite-error"), Detail(c)));
                break;
            case Outcome.Blocked:
                element.Add(new XElement("skipped", new XAttribute("message", $"blocked by [{requirement}]: {c.Message}")));
                break;
            case Outcome.NotRun or Outcome.NotApplicable or Outcome.NotSupported:
                element.Add(new XElement("skipped", new XAttribute("message", $"{c.Outcome.ToText()}: {c.Message}")));
                break;
        }

        var output = $"requirements: {string.Join(", ", c.Requirements)}\nlevel: {c.Level}\noutcome: {c.Outcome.ToText()}";
        if (c.Outcome == Outcome.Warning)
        {
            output += $"\nWARNING [{requirement}] {c.Message}\n\n{Detail(c)}";
        }

        element.Add(new XElement("system-out", output));
        return element;
    }

    private static string Detail(CaseResult c)
    {
        var text = new StringBuilder();
        text.AppendJoin('\n', c.FailedChecks.Select(k => $"[{k.Requirement}] ({k.Level}) in step '{k.Step}': {k.Description}\n  expected: {k.Expected}\n  actual:   {k.Actual}"));
        text.Append("\n\nHTTP exchanges:\n");
        for (var i = 0; i < c.Exchanges.Count; i++)
        {
            c.Exchanges[i].AppendTranscript(i == 0 ? text : text.Append("\n\n"));
        }

        return text.ToString();
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.000", CultureInfo.InvariantCulture);
}
