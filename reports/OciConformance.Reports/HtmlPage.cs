using System.Globalization;
using System.Net;
using System.Text;
using OciConformance.Http;

namespace OciConformance.Reports;

/// <summary>
/// The frame every HTML report shares: document head with inline style, and the closing script. The script marks
/// <c>&lt;body data-ready="true"&gt;</c> once it has run to the end, so a headless browser test can tell a page
/// whose script broke from one that works.
/// </summary>
internal sealed class HtmlPage(StringBuilder html)
{
    public void Open(string title, IEnumerable<(string Name, string Content)> meta)
    {
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            {string.Concat(meta.Select(m => $"<meta name=\"{WebUtility.HtmlEncode(WireText.Escape(m.Name))}\" content=\"{WebUtility.HtmlEncode(WireText.Escape(m.Content))}\">"))}
            <title>{WebUtility.HtmlEncode(WireText.Escape(title))}</title>
            <style>{Css}</style></head><body data-ready="false">
            """);
    }

    public void Close() => html.Append(CultureInfo.InvariantCulture, $"<script>{Script}</script></body></html>");

    private const string Css = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#1d2330;background:#fafbfc}
        h1{margin:0 0 4px}h2{margin-top:28px;border-bottom:1px solid #dde;padding-bottom:4px}h3{margin:4px 0}.meta,.muted{color:#667}a{color:#0969da}
        .badges{display:flex;flex-wrap:wrap;gap:10px}.badge{border-radius:8px;padding:10px 14px;min-width:150px;color:#fff;display:flex;flex-direction:column}
        .badge .name{font-weight:600}.badge .verdict{font-size:18px}.badge .counts{font-size:12px;opacity:.9}
        .passed{background:#1f883d}.failed,.error{background:#cf222e}.warning{background:#bf8700}.blocked{background:#8250df}.notSupported,.notApplicable,.notRun{background:#6e7781}
        .pill{display:inline-block;border-radius:10px;padding:1px 8px;color:#fff;font-size:12px}
        table{border-collapse:collapse;width:100%;margin:8px 0;background:#fff}th,td{border-bottom:1px solid #eee;padding:5px 6px;text-align:left;vertical-align:top}
        td .title{color:#556;font-size:12px}tr.bad td{background:#fff1f1}.hidden{display:none}
        .filters{display:flex;gap:8px;margin:8px 0;align-items:center}.filters input[type=search]{flex:1;padding:5px}
        article.failure{background:#fff;border:1px solid #dde;border-left:5px solid #cf222e;border-radius:6px;padding:8px 12px;margin:10px 0}
        article.failure.warning{border-left-color:#bf8700}article.failure p{margin:4px 0}.all-clear{color:#1f883d;font-weight:600}
        dl.diff{display:grid;grid-template-columns:80px 1fr;gap:2px 8px;margin:4px 0}dl.diff dt{color:#667}dl.diff dd{margin:0;font-family:ui-monospace,monospace;white-space:pre-wrap}
        dd.expected{color:#1a7f37}dd.actual{color:#cf222e}
        #transfer-chart rect{fill:#6e7781}#transfer-chart rect.passed{fill:#1f883d}#transfer-chart rect.failed,#transfer-chart rect.error{fill:#cf222e}#transfer-chart rect.warning{fill:#bf8700}
        .bar{background:#eee;border-radius:4px;height:10px;width:160px}.bar span{display:block;height:10px;border-radius:4px;background:#1f883d}
        details.case{border:1px solid #dde;border-radius:6px;margin:6px 0;padding:6px 10px;background:#fff}details.case>summary{cursor:pointer}
        .message{font-family:ui-monospace,monospace;background:#f6f8fa;padding:6px}
        pre.exchange{background:#0d1117;color:#e6edf3;padding:8px;overflow:auto;font-size:12px;border-radius:4px;white-space:pre-wrap}
        table.matrix th.target{writing-mode:horizontal-tb;max-width:220px;font-size:12px}table.matrix td.cell{color:#fff;text-align:center;vertical-align:middle;font-size:12px;cursor:help;border:2px solid #fff;width:180px}
        table.matrix td.absent{background:#d0d7de;color:#555}tr.group th{background:#eef1f4}
        """;

    private const string Script = """
        (function(){
          function on(el,fn){if(el){el.addEventListener('input',fn);el.addEventListener('change',fn);}}
          var search=document.getElementById('search'),outcome=document.getElementById('filter-outcome'),level=document.getElementById('filter-level'),profile=document.getElementById('filter-profile'),shown=document.getElementById('shown');
          function filterRequirements(){var q=search.value.trim().toLowerCase(),n=0;
            document.querySelectorAll('tr.requirement').forEach(function(row){
              var show=(!q||row.dataset.text.indexOf(q)>=0)&&(!outcome.value||row.dataset.outcome===outcome.value)&&(!level.value||row.dataset.level===level.value)&&(!profile.value||row.dataset.profile===profile.value);
              row.classList.toggle('hidden',!show);if(show){n++;}});
            if(shown){shown.textContent=n+' shown';}}
          var differs=document.getElementById('only-differences');
          function filterMatrix(){var q=search.value.trim().toLowerCase(),only=differs.checked;
            document.querySelectorAll('tr.matrix-row').forEach(function(row){
              var show=(!q||row.dataset.text.indexOf(q)>=0)&&(!only||row.dataset.differs==='true');
              row.classList.toggle('hidden',!show);});}
          if(outcome){[search,outcome,level,profile].forEach(function(el){on(el,filterRequirements);});filterRequirements();}
          else if(differs){[search,differs].forEach(function(el){on(el,filterMatrix);});filterMatrix();}
          document.body.setAttribute('data-ready','true');
        })();
        """;
}
