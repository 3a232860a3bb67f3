using System.Globalization;
using System.Xml.Linq;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>
/// JUnit XML as GitHub, GitLab and Jenkins read it: one testsuite per profile, one testcase per scenario, the
/// failure message naming the broken requirement and the body carrying the HTTP exchanges.
/// </summary>
public static class JUnitWriter
{
    public const string FileName = "junit.xml";

    public static XDocument Render(RunReport report)
    {
        var suites = report.Cases.GroupBy(c => c.Profile).Select(g => Suite(g.Key, [.. g]));
        var root = new XElement("testsuites",
            new XAttribute("name", $"OCI conformance: {report.Header.Target.Name}"),
            new XAttribute("tests", report.Cases.Count),
            new XAttribute("failures", report.Cases.Count(c => c.Outcome == Outcome.Failed)),
            new XAttribute("errors", report.Cases.Count(c => c.Outcome == Outcome.Error)),
            new XAttribute("skipped", report.Cases.Count(IsSkipped)),
            new XAttribute("time", Seconds((report.Header.FinishedAt - report.Header.StartedAt).TotalMilliseconds)),
            suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    public static async Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(path);
        await Render(report).SaveAsync(stream, SaveOptions.None, cancellationToken);
    }

    private static XElement Suite(string profile, List<CaseResult> cases) => new("testsuite",
        new XAttribute("name", profile),
        new XAttribute("tests", cases.Count),
        new XAttribute("failures", cases.Count(c => c.Outcome == Outcome.Failed)),
        new XAttribute("errors", cases.Count(c => c.Outcome == Outcome.Error)),
        new XAttribute("skipped", cases.Count(IsSkipped)),
        new XAttribute("time", Seconds(cases.Sum(c => c.DurationMs))),
        cases.Select(Case));

    private static bool IsSkipped(CaseResult c) => c.Outcome is Outcome.NotRun or Outcome.NotSupported or Outcome.Blocked;

    private static XElement Case(CaseResult c)
    {
        var element = new XElement("testcase",
            new XAttribute("classname", $"oci.{c.Profile}"),
            new XAttribute("name", $"{c.Id}: {c.Title}"),
            new XAttribute("time", Seconds(c.DurationMs)),
            new XElement("properties",
                c.Requirements.Select(r => new XElement("property", new XAttribute("name", "requirement"), new XAttribute("value", r))),
                new XElement("property", new XAttribute("name", "level"), new XAttribute("value", c.Level)),
                new XElement("property", new XAttribute("name", "outcome"), new XAttribute("value", c.Outcome.ToText()))));
        var detail = Detail(c);
        switch (c.Outcome)
        {
            case Outcome.Failed:
                element.Add(new XElement("failure", new XAttribute("message", c.Message ?? "failed"), new XAttribute("type", c.FailedChecks.FirstOrDefault()?.Requirement ?? "failure"), detail));
                break;
            case Outcome.Error:
                element.Add(new XElement("error", new XAttribute("message", c.Message ?? "error"), detail));
                break;
            case Outcome.NotRun or Outcome.NotSupported or Outcome.Blocked:
                element.Add(new XElement("skipped", new XAttribute("message", $"{c.Outcome.ToText()}: {c.Message}")));
                break;
            case Outcome.Warning:
                element.Add(new XElement("system-out", $"WARNING {c.Message}\n\n{detail}"));
                break;
        }

        return element;
    }

    private static string Detail(CaseResult c)
    {
        var checks = c.FailedChecks.Select(k => $"{k.Requirement} ({k.Level}) in step '{k.Step}': {k.Description}\n  expected: {k.Expected}\n  actual:   {k.Actual}");
        var exchanges = c.Exchanges.Select(e => e.ToTranscript());
        return string.Join("\n", checks) + "\n\nHTTP exchanges:\n" + string.Join("\n\n", exchanges);
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.000", CultureInfo.InvariantCulture);
}
