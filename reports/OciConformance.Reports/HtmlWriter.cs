using System.Globalization;
using System.Net;
using System.Text;
using OciConformance.Results;

namespace OciConformance.Reports;

/// <summary>
/// One self-contained HTML page (inline CSS and script, nothing fetched): verdict badges per profile, a
/// requirement table that filters by outcome, level and profile and searches by id or text, and every case with
/// its checks and HTTP exchanges.
/// </summary>
public static class HtmlWriter
{
    public const string FileName = "report.html";

    public static Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, Render(report), cancellationToken);

    public static string Render(RunReport report)
    {
        var html = new StringBuilder();
        var header = report.Header;
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>OCI conformance: {E(header.Target.Name)}</title>
            <style>{Css}</style></head><body>
            <header><h1>OCI registry conformance</h1>
            <p class="meta">Target <b>{E(header.Target.Name)}</b> · run {E(header.RunId)} · {header.StartedAt:yyyy-MM-dd HH:mm:ss} UTC · {(header.FinishedAt - header.StartedAt).TotalSeconds:0.0} s · {E(header.Tool)} {E(header.ToolVersion)}</p></header>
            <section id="profiles"><h2>Profiles</h2><div class="badges">
            """);
        foreach (var profile in report.Profiles.Where(p => p.Counts.Values.Sum() > 0 || !p.Enabled))
        {
            var verdict = profile.Enabled ? profile.Verdict.ToText() : "not tested";
            html.Append(CultureInfo.InvariantCulture, $"""<div class="badge {Key(profile.Enabled ? profile.Verdict : Outcome.NotRun)}" data-profile="{E(profile.Profile)}"><span class="name">{E(profile.Profile)}</span><span class="verdict">{E(verdict)}</span><span class="counts">{profile.Counts["passed"]} passed · {profile.Counts["failed"] + profile.Counts["error"]} failed · {profile.Counts["warning"]} warnings</span></div>""");
        }

        html.Append("</div></section>");
        AppendRequirements(html, report);
        AppendCases(html, report);
        html.Append(CultureInfo.InvariantCulture, $"<script>{Script}</script></body></html>");
        return html.ToString();
    }

    private static void AppendRequirements(StringBuilder html, RunReport report)
    {
        html.Append("""
            <section id="requirements"><h2>Requirements</h2>
            <div class="filters"><input id="search" type="search" placeholder="Search id or text">
            <select id="filter-outcome"><option value="">all outcomes</option><option>failed</option><option>warning</option><option>blocked</option><option>passed</option><option>notSupported</option><option>notRun</option><option>error</option></select>
            <select id="filter-level"><option value="">all levels</option><option>MUST</option><option>MUST NOT</option><option>SHOULD</option><option>SHOULD NOT</option><option>MAY</option></select>
            <select id="filter-profile"><option value="">all profiles</option>
            """);
        foreach (var profile in report.Requirements.Select(r => r.Profile).Distinct().Order(StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<option>{E(profile)}</option>");
        }

        html.Append("</select></div><table id=\"requirement-table\"><thead><tr><th>Requirement</th><th>Level</th><th>Profile</th><th>Outcome</th><th>Cases</th><th>Detail</th></tr></thead><tbody>");
        foreach (var r in report.Requirements.OrderByDescending(r => r.Outcome).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"""<tr class="requirement" data-outcome="{Key(r.Outcome)}" data-level="{E(r.Level)}" data-profile="{E(r.Profile)}" data-text="{E((r.Id + " " + r.Title).ToLowerInvariant())}"><td><a href="{E(r.Link)}">{E(r.Id)}</a><div class="title">{E(r.Title)}</div></td><td>{E(r.Level)}</td><td>{E(r.Profile)}</td><td><span class="pill {Key(r.Outcome)}">{E(r.Outcome.ToText())}</span></td><td>{string.Join(" ", r.Cases.Select(c => $"<a href=\"#case-{E(c)}\">{E(c)}</a>"))}</td><td>{E(r.Message ?? "")}</td></tr>""");
        }

        html.Append("</tbody></table></section>");
    }

    private static void AppendCases(StringBuilder html, RunReport report)
    {
        html.Append("<section id=\"cases\"><h2>Cases</h2>");
        foreach (var c in report.Cases)
        {
            var open = c.Outcome is Outcome.Failed or Outcome.Error ? " open" : "";
            html.Append(CultureInfo.InvariantCulture, $"""<details class="case {Key(c.Outcome)}" id="case-{E(c.Id)}"{open}><summary><span class="pill {Key(c.Outcome)}">{E(c.Outcome.ToText())}</span> <b>{E(c.Id)}</b>: {E(c.Title)} <span class="muted">({E(c.Profile)}, {c.DurationMs:0} ms)</span></summary>""");
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
                html.Append(CultureInfo.InvariantCulture, $"""<pre class="exchange" id="x-{E(c.Id)}-{exchange.Sequence}"><b>#{exchange.Sequence}</b> {E(exchange.ToTranscript())}</pre>""");
            }

            html.Append("</details>");
        }

        html.Append("</section>");
    }

    private static string Key(Outcome outcome) => outcome.ToKey();

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#1d2330}
        h1{margin:0 0 4px}h2{margin-top:28px;border-bottom:1px solid #dde;padding-bottom:4px}.meta,.muted{color:#667}
        .badges{display:flex;flex-wrap:wrap;gap:10px}.badge{border-radius:8px;padding:10px 14px;min-width:150px;color:#fff;display:flex;flex-direction:column}
        .badge .name{font-weight:600}.badge .verdict{font-size:18px}.badge .counts{font-size:12px;opacity:.9}
        .passed{background:#1f883d}.failed,.error{background:#cf222e}.warning{background:#bf8700}.blocked{background:#8250df}.notSupported,.notRun{background:#6e7781}
        .pill{display:inline-block;border-radius:10px;padding:1px 8px;color:#fff;font-size:12px}
        table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #eee;padding:5px 6px;text-align:left;vertical-align:top}
        td .title{color:#556;font-size:12px}tr.bad td{background:#fff1f1}tr.hidden{display:none}
        .filters{display:flex;gap:8px;margin:8px 0}.filters input{flex:1;padding:5px}
        details.case{border:1px solid #dde;border-radius:6px;margin:6px 0;padding:6px 10px;background:#fff}details.case>summary{cursor:pointer}
        .message{font-family:ui-monospace,monospace;background:#f6f8fa;padding:6px}
        pre.exchange{background:#0d1117;color:#e6edf3;padding:8px;overflow:auto;font-size:12px;border-radius:4px;white-space:pre-wrap}
        """;

    private const string Script = """
        (function(){
          var search=document.getElementById('search'),outcome=document.getElementById('filter-outcome'),level=document.getElementById('filter-level'),profile=document.getElementById('filter-profile');
          function apply(){var q=search.value.trim().toLowerCase();
            document.querySelectorAll('tr.requirement').forEach(function(row){
              var show=(!q||row.dataset.text.indexOf(q)>=0)&&(!outcome.value||row.dataset.outcome===outcome.value)&&(!level.value||row.dataset.level===level.value)&&(!profile.value||row.dataset.profile===profile.value);
              row.classList.toggle('hidden',!show);});}
          [search,outcome,level,profile].forEach(function(el){el.addEventListener('input',apply);el.addEventListener('change',apply);});
        })();
        """;
}
