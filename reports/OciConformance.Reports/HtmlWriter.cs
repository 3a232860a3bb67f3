using System.Globalization;
using System.Net;
using System.Text;
using OciConformance.Http;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>
/// One self-contained HTML page (inline CSS and script, nothing fetched): verdict badges per profile, the broken
/// requirements with expected versus actual and the HTTP exchanges that showed them, a requirement table that
/// filters by outcome, level and profile and searches by id or text, coverage, and every case. Given several
/// reports it renders the impact matrix instead.
/// </summary>
public static class HtmlWriter
{
    public const string FileName = "report.html";

    /// <summary>The meta element naming the run, so a bundle check can match the page to its results.json.</summary>
    public const string RunIdMeta = "oci-conformance-run-id";

    /// <summary>The page goes to the file chunk by chunk: megabytes of exchanges are never copied into one string.</summary>
    public static async Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken)
    {
        var html = Build(report);
        await using var file = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        foreach (var chunk in html.GetChunks())
        {
            await file.WriteAsync(chunk, cancellationToken);
        }
    }

    public static string Render(RunReport report) => Build(report).ToString();

    private static StringBuilder Build(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        var header = report.Header;
        var page = new HtmlPage(html);
        page.Open($"OCI conformance: {header.Target.Name}", [(RunIdMeta, header.RunId)]);
        html.Append(CultureInfo.InvariantCulture, $"""
            <header><h1>OCI registry conformance</h1>
            <p class="meta">Target <b>{E(header.Product?.Name ?? header.Target.Name)}</b>{(header.Product is null ? "" : $" ({E(header.Target.Name)})")} · run <code>{E(header.RunId)}</code> · {header.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC · {(header.FinishedAt - header.StartedAt).TotalSeconds:0.0} s{(report.Throttling.Requests > 0 ? $" · <span id=\"throttling\">rate-limited: {E(report.Throttling.Describe())}</span>" : "")}</p>
            <p class="meta">{E(header.Tool)} {E(header.ToolVersion)}{(header.ToolCommit is { } commit ? $" ({E(commit[..Math.Min(12, commit.Length)])})" : "")} · {string.Join(" · ", header.Specs.Select(s => $"<a href=\"{E(s.Document)}\">{E(s.Name)} {E(s.Version)}</a>"))}</p></header>
            """);
        AppendBadges(html, report);
        AppendFailures(html, report);
        AppendRequirements(html, report);
        AppendCoverage(html, report.Coverage);
        TransferChart.Append(html, report);
        AppendCases(html, report);
        if (report.Cleanup is { } cleanup)
        {
            AppendCleanup(html, cleanup);
        }

        AppendConfiguration(html, report.Header);
        page.Close();
        return html;
    }

    /// <summary>The impact matrix: one row per scenario (grouped by profile), one column per report.</summary>
    public static string RenderMatrix(ImpactMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var html = new StringBuilder();
        var page = new HtmlPage(html);
        page.Open($"OCI conformance impact matrix: {matrix.Columns.Count} registries", []);
        html.Append("<header><h1>OCI conformance impact matrix</h1><p class=\"meta\">One column per registry; hover a cell for its message.</p></header>");
        html.Append("<section id=\"matrix-verdicts\"><h2>Profile verdicts</h2><table class=\"matrix\"><thead><tr><th>Profile</th>");
        AppendColumnHeads(html, matrix);
        html.Append("</tr></thead><tbody>");
        foreach (var profile in matrix.Profiles)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(profile.Profile)}</th>");
            foreach (var verdict in profile.Verdicts)
            {
                html.Append(CultureInfo.InvariantCulture, $"""<td class="cell {Key(verdict)}">{E(verdict.ToText())}</td>""");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></section><section id=\"matrix\"><h2>Cases</h2><div class=\"filters\"><input id=\"search\" type=\"search\" placeholder=\"Search case id or title\"><label><input id=\"only-differences\" type=\"checkbox\"> only rows that differ</label></div><table class=\"matrix\" id=\"matrix-table\"><thead><tr><th>Scenario</th>");
        AppendColumnHeads(html, matrix);
        html.Append("</tr></thead>");
        foreach (var group in matrix.Rows.GroupBy(r => r.Profile))
        {
            html.Append(CultureInfo.InvariantCulture, $"""<tbody class="profile-group"><tr class="group"><th colspan="{matrix.Columns.Count + 1}">{E(group.Key)}</th></tr>""");
            foreach (var row in group)
            {
                html.Append(CultureInfo.InvariantCulture, $"""<tr class="matrix-row" data-differs="{(row.Differs ? "true" : "false")}" data-text="{E((row.CaseId + " " + row.Title).ToLowerInvariant())}"><td><b>{E(row.CaseId)}</b><div class="title">{E(row.Title)}</div></td>""");
                foreach (var cell in row.Cells)
                {
                    html.Append(cell is null
                        ? """<td class="cell absent" title="this run has no such case">—</td>"""
                        : $"""<td class="cell {Key(cell.Outcome)}" title="{E(cell.Message ?? cell.Outcome.ToText())}">{E(cell.Outcome.ToText())}</td>""");
                }

                html.Append("</tr>");
            }

            html.Append("</tbody>");
        }

        html.Append("</table></section>");
        page.Close();
        return html.ToString();
    }

    private static void AppendColumnHeads(StringBuilder html, ImpactMatrix matrix)
    {
        foreach (var column in matrix.Columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<th class="target" title="{E(column.Url)} · run {E(column.RunId)} · {column.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC">{E(column.Label)}</th>""");
        }
    }

    private static void AppendBadges(StringBuilder html, RunReport report)
    {
        html.Append("<section id=\"profiles\"><h2>Verdict per profile</h2><div class=\"badges\">");
        foreach (var profile in report.Profiles)
        {
            var tested = profile.Enabled && profile.Counts.Values.Sum() > 0;
            var verdict = !profile.Enabled ? "not tested (switched off)" : tested ? profile.Verdict.ToText() : "not tested (no cases)";
            var failed = profile.Counts["failed"] + profile.Counts["error"];
            html.Append(CultureInfo.InvariantCulture, $"""<div class="badge {Key(tested ? profile.Verdict : Outcome.NotRun)}" data-profile="{E(profile.Profile)}"><span class="name">{E(profile.Profile)}</span><span class="verdict">{E(verdict)}</span><span class="counts">{profile.Counts["passed"]} passed · {failed} failed · {profile.Counts["warning"]} warnings · {profile.Counts["blocked"]} blocked</span></div>""");
        }

        html.Append("</div></section>");
    }

    private static void AppendFailures(StringBuilder html, RunReport report)
    {
        var broken = report.Requirements.Where(r => r.Outcome is Outcome.Failed or Outcome.Warning).OrderByDescending(r => r.Outcome).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var errors = report.Cases.Where(c => c.Outcome == Outcome.Error).ToList();
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"failures\"><h2>Requirements not met ({broken.Count})</h2>");
        if (broken.Count == 0 && errors.Count == 0)
        {
            html.Append("<p class=\"all-clear\">Every requirement that was checked was met.</p>");
        }

        var cases = report.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var requirement in broken)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<article class="failure {Key(requirement.Outcome)}" data-requirement="{E(requirement.Id)}"><h3><span class="pill {Key(requirement.Outcome)}">{E(requirement.Outcome.ToText())}</span> <a href="{E(requirement.Link)}">{E(requirement.Id)}</a> <span class="muted">{E(requirement.Level)}</span></h3><p>{E(requirement.Title)}</p><p class="muted">Affected cases: {string.Join(", ", requirement.FailedCases.Select(c => $"<a href=\"#case-{E(c)}\">{E(c)}</a>"))}</p>""");
            foreach (var caseId in requirement.FailedCases)
            {
                if (!cases.TryGetValue(caseId, out var failedCase))
                {
                    continue;
                }

                foreach (var check in failedCase.FailedChecks.Where(k => k.Requirement == requirement.Id))
                {
                    html.Append(CultureInfo.InvariantCulture, $"""<div class="evidence"><p><b>{E(caseId)}</b>, step “{E(check.Step)}”: {E(check.Description)}</p><dl class="diff"><dt>expected</dt><dd class="expected">{E(check.Expected ?? "")}</dd><dt>actual</dt><dd class="actual">{E(check.Actual ?? "")}</dd></dl>""");
                    if (check.Exchange is { } sequence && failedCase.Exchanges.FirstOrDefault(x => x.Sequence == sequence) is { } exchange)
                    {
                        AppendTranscript(html.Append("""<pre class="exchange">"""), exchange).Append("</pre>");
                    }

                    html.Append("</div>");
                }
            }

            html.Append("</article>");
        }

        foreach (var error in errors)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<article class="failure error"><h3><span class="pill error">error</span> <a href="#case-{E(error.Id)}">{E(error.Id)}</a></h3><p>The suite could not run this case: {E(error.Message ?? "")}</p></article>""");
        }

        html.Append("</section>");
    }

    private static void AppendRequirements(StringBuilder html, RunReport report)
    {
        html.Append("""
            <section id="requirements"><h2>Requirements</h2>
            <div class="filters"><input id="search" type="search" placeholder="Search id or text">
            <select id="filter-outcome"><option value="">all outcomes</option><option value="failed">failed</option><option value="warning">warning</option><option value="blocked">blocked</option><option value="passed">passed</option><option value="notSupported">not supported</option><option value="notApplicable">not applicable</option><option value="notRun">not run</option><option value="error">error</option></select>
            <select id="filter-level"><option value="">all levels</option><option>MUST</option><option>MUST NOT</option><option>SHOULD</option><option>SHOULD NOT</option><option>MAY</option></select>
            <select id="filter-profile"><option value="">all profiles</option>
            """);
        foreach (var profile in report.Requirements.Select(r => r.Profile).Distinct().Order(StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<option>{E(profile)}</option>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</select><span id=\"shown\" class=\"muted\">{report.Requirements.Count} shown</span></div><table id=\"requirement-table\"><thead><tr><th>Requirement</th><th>Level</th><th>Profile</th><th>Outcome</th><th>Cases</th><th>Detail</th></tr></thead><tbody>");
        foreach (var r in report.Requirements.OrderByDescending(r => r.Outcome).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"""<tr class="requirement" data-outcome="{Key(r.Outcome)}" data-level="{E(r.Level)}" data-profile="{E(r.Profile)}" data-text="{E((r.Id + " " + r.Title).ToLowerInvariant())}"><td><a href="{E(r.Link)}">{E(r.Id)}</a><div class="title">{E(r.Title)}</div></td><td>{E(r.Level)}</td><td>{E(r.Profile)}</td><td><span class="pill {Key(r.Outcome)}">{E(r.Outcome.ToText())}</span></td><td>{string.Join(" ", r.Cases.Select(c => $"<a href=\"#case-{E(c)}\">{E(c)}</a>"))}</td><td>{E(r.Message ?? "")}</td></tr>""");
        }

        html.Append("</tbody></table></section>");
    }

    private static void AppendCoverage(StringBuilder html, CoverageReport coverage)
    {
        html.Append(CultureInfo.InvariantCulture, $"""<section id="coverage"><h2>Coverage</h2><p>{coverage.Covered} of {coverage.Testable} black-box-testable registry requirements have a check ({Percent(coverage.Covered, coverage.Testable)}); the catalogue holds {coverage.Total} in all.</p><table id="coverage-table"><thead><tr><th>Profile</th><th>Total</th><th>Testable</th><th>Covered</th><th></th></tr></thead><tbody>""");
        foreach (var category in coverage.Categories)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<tr data-profile="{E(category.Profile)}"><td>{E(category.Profile)}</td><td>{category.Total}</td><td>{category.Testable}</td><td>{category.Covered}</td><td><div class="bar"><span style="width:{Percent(category.Covered, category.Testable)}"></span></div></td></tr>""");
        }

        html.Append(CultureInfo.InvariantCulture, $"""</tbody></table><details id="uncovered"><summary>{coverage.Uncovered.Count} testable requirements without a check</summary><table><thead><tr><th>Requirement</th><th>Level</th><th>Profile</th><th>Reason</th></tr></thead><tbody>""");
        foreach (var item in coverage.Uncovered)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"uncovered\"><td>{E(item.Id)}</td><td>{E(item.Level)}</td><td>{E(item.Profile)}</td><td>{E(item.Reason)}</td></tr>");
        }

        html.Append("</tbody></table></details></section>");
    }

    private static void AppendCases(StringBuilder html, RunReport report)
    {
        html.Append("<section id=\"cases\"><h2>Cases</h2>");
        foreach (var c in report.Cases)
        {
            var open = c.Outcome is Outcome.Failed or Outcome.Error ? " open" : "";
            html.Append(CultureInfo.InvariantCulture, $"""<details class="case {Key(c.Outcome)}" id="case-{E(c.Id)}"{open}><summary><span class="pill {Key(c.Outcome)}">{E(c.Outcome.ToText())}</span> <b>{E(c.Id)}</b>: {E(c.Title)} <span class="muted">({E(c.Profile)}, {E(c.Level)}, {c.DurationMs:0} ms{(c.Throttling is { } throttling ? $", {E(throttling.Describe())}" : "")})</span></summary>""");
            if (c.Message is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"message\">{E(c.Message)}</p>");
            }

            html.Append("<table class=\"checks\"><thead><tr><th>Step</th><th>Check</th><th>Requirement</th><th>Expected</th><th>Actual</th></tr></thead><tbody>");
            foreach (var check in c.Checks)
            {
                html.Append(CultureInfo.InvariantCulture, $"""<tr class="{(check.Passed ? "ok" : "bad")}"><td>{E(check.Step)}</td><td>{(check.Passed ? "✓" : "✗")} {E(check.Description)}</td><td>{E(check.Requirement)} <span class="muted">{E(check.Level)}</span></td><td>{E(check.Expected ?? "")}</td><td>{E(check.Actual ?? "")}{(check.Exchange is { } n ? $" <a href=\"#x-{E(c.Id)}-{n}\">#{n}</a>" : "")}</td></tr>""");
            }

            html.Append("</tbody></table>");
            foreach (var exchange in c.Exchanges)
            {
                html.Append(CultureInfo.InvariantCulture, $"""<pre class="exchange" id="x-{E(c.Id)}-{exchange.Sequence}"><b>#{exchange.Sequence}</b> """);
                AppendTranscript(html, exchange).Append("</pre>");
            }

            html.Append("</details>");
        }

        html.Append("</section>");
    }

    /// <summary>What the run created and deleted again, in figures, then every item it left with the reason.</summary>
    private static void AppendCleanup(StringBuilder html, CleanupReport cleanup)
    {
        html.Append(CultureInfo.InvariantCulture, $"""<section id="cleanup"><h2>Cleanup</h2><p>{E(Sentence(cleanup.Describe()))}</p><table id="cleanup-table"><thead><tr><th></th><th>Repositories</th><th>Tags</th><th>Manifests</th><th>Blobs</th><th>Bytes</th></tr></thead><tbody>""");
        foreach (var (label, tally) in new[] { ("created", cleanup.Created), ("deleted", cleanup.Removed), ("left", cleanup.Left) })
        {
            html.Append(CultureInfo.InvariantCulture, $"""<tr data-row="{label}"><td>{label}</td><td>{tally.Repositories}</td><td>{tally.Tags}</td><td>{tally.Manifests}</td><td>{tally.Blobs}</td><td>{E(CleanupTally.Size(tally.Bytes))}</td></tr>""");
        }

        html.Append("</tbody></table>");
        var left = cleanup.Items.Where(i => i.IsLeft).ToList();
        if (left.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<details id="cleanup-left"><summary>{left.Count} items left in the registry</summary><table><thead><tr><th>Kind</th><th>Repository</th><th>Reference</th><th>Size</th><th>Reason</th></tr></thead><tbody>""");
            foreach (var item in left)
            {
                html.Append(CultureInfo.InvariantCulture, $"""<tr class="left"><td>{E(item.Kind.ToString().ToLowerInvariant())}</td><td>{E(item.Repository)}</td><td><code>{E(item.Reference)}</code></td><td>{(item.Size is { } size ? E(CleanupTally.Size(size)) : "")}</td><td>{E(item.Reason ?? "")}</td></tr>""");
            }

            html.Append("</tbody></table></details>");
        }

        html.Append("</section>");
    }

    private static string Sentence(string text) => string.Concat(text[..1].ToUpperInvariant(), text[1..], ".");

    private static void AppendConfiguration(StringBuilder html, RunHeader header)
    {
        html.Append("<section id=\"configuration\"><h2>Configuration</h2><p class=\"muted\">As the run used it; secrets are masked.</p><table><tbody>");
        foreach (var (key, value) in header.Configuration.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(key)}</code></td><td>{E(value)}</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static string Percent(int part, int whole) =>
        (whole == 0 ? 0 : 100.0 * part / whole).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Key(Outcome outcome) => outcome.ToKey();

    /// <summary>HTML-encoded, with characters a page cannot show written as visible escapes (<see cref="WireText.Escape"/>).</summary>
    internal static string E(string text) => WebUtility.HtmlEncode(WireText.Escape(text));

    /// <summary>An exchange's transcript, encoded straight into the page: the page holds one per exchange of the run.</summary>
    private static StringBuilder AppendTranscript(StringBuilder html, HttpExchange exchange)
    {
        using var page = new StringWriter(html, CultureInfo.InvariantCulture);
        WebUtility.HtmlEncode(WireText.Escape(exchange.ToTranscript()), page);
        return html;
    }
}
