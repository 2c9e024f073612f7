"""The HTML report: one self-contained file (styles, script and page crops inline; it requests nothing).

A summary by rule, filters by rule and severity that hide and show findings, and each finding beside the crop
of its printed line(s). Every piece of PDF text is escaped: the PDF is untrusted input.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Sequence
from html import escape

from errata.model.findings import SEVERITIES, Finding, Report
from errata.output.reporters.context import RenderContext
from errata.output.reporters.view import piece_labels, source_text, view

# Only inline styles, inline script and data: images may load: the report fetches nothing.
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

_STYLE = """
:root { --error: #c62828; --warning: #b26a00; --info: #1565c0; --line: #ddd; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px;
       padding: 1rem 1.5rem 3rem; color: #222; background: #fafafa; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid var(--line); }
.meta { color: #555; margin: 0 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; }
td.n { text-align: right; }
fieldset { border: 1px solid var(--line); margin: .5rem 0; padding: .4rem .8rem; background: #fff; }
fieldset label { margin-right: 1rem; white-space: nowrap; }
#shown { color: #555; }
.finding { display: grid; grid-template-columns: minmax(18rem, 1fr) minmax(0, 1.6fr); gap: 1rem;
           background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--warning);
           padding: .6rem .8rem; margin: .6rem 0; }
.finding.sev-error { border-left-color: var(--error); }
.finding.sev-info { border-left-color: var(--info); }
.finding[hidden], .page[hidden] { display: none; }
.badge { display: inline-block; font-size: .75rem; font-weight: 600; text-transform: uppercase; color: #fff;
         background: var(--warning); border-radius: 3px; padding: 0 .35rem; }
.sev-error .badge { background: var(--error); }
.sev-info .badge { background: var(--info); }
.msg { margin: .3rem 0; }
blockquote { margin: .3rem 0; padding-left: .6rem; border-left: 3px solid var(--line); color: #333; }
mark { background: #ffe08a; }
.fix { margin: .3rem 0; }
.crops img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); margin: 0 0 .4rem; }
.crops .where { font-size: .8rem; color: #666; margin: 0 0 .15rem; }
@media (max-width: 800px) { .finding { grid-template-columns: 1fr; } }
"""

_SCRIPT = """
(function () {
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var pages = Array.prototype.slice.call(document.querySelectorAll(".page"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  var shown = document.getElementById("shown");
  function wanted(kind) {
    var out = {};
    boxes.forEach(function (b) { if (b.dataset.filter === kind && b.checked) { out[b.value] = true; } });
    return out;
  }
  function apply() {
    var rules = wanted("rule"), severities = wanted("severity"), n = 0;
    findings.forEach(function (f) {
      var show = rules[f.dataset.rule] === true && severities[f.dataset.severity] === true;
      f.hidden = !show;
      if (show) { n += 1; }
    });
    pages.forEach(function (p) { p.hidden = p.querySelector(".finding:not([hidden])") === null; });
    if (shown) { shown.textContent = n + " of " + findings.length + " findings shown"; }
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  apply();
})();
"""


def _e(text: object) -> str:
    """Text made inert in HTML, quotes included (safe in attributes too); control characters become spaces."""
    s = "".join(ch if ch.isprintable() or ch in " \n" else " " for ch in str(text))
    return escape(s, quote=True)


def _finding(f: Finding, crops: Sequence[bytes]) -> list[str]:
    before, match, after = f.context_parts()
    context = f"{_e(before)}<mark>{_e(match)}</mark>{_e(after)}"
    sev = f.severity.value
    source = source_text(f)
    shown = _e(f.where()) + (f' · <code class="src">{_e(source)}</code>' if source is not None else "")
    out = [
        f'<article class="finding sev-{_e(sev)}" data-rule="{_e(f.rule)}" data-severity="{_e(sev)}"'
        f' id="f-{_e(f.fingerprint)}">',
        '<div class="text">',
        f'<div><span class="badge">{_e(sev)}</span> <code>{_e(f.rule)}</code> · {shown}</div>',
        f'<p class="msg">{_e(f.message)}</p>',
        f"<blockquote>{context}</blockquote>",
    ]
    if f.suggestion is not None:
        out.append(f'<p class="fix">Suggestion: “{_e(f.suggestion)}”</p>')
    out.append("</div>")
    out.append('<div class="crops">')
    for label, png in zip(piece_labels(f, len(crops)), crops, strict=True):
        if len(crops) > 1:
            out.append(f'<p class="where">{_e(label)}</p>')
        data = base64.b64encode(png).decode("ascii")
        out.append(f'<img alt="{_e(label)}: {_e(f.match)}" src="data:image/png;base64,{data}">')
    out += ["</div>", "</article>"]
    return out


def _checkboxes(kind: str, values: Sequence[str], counts: Counter[str]) -> list[str]:
    out = [f"<fieldset><legend>{'Rules' if kind == 'rule' else 'Severities'}</legend>"]
    for v in values:
        out.append(
            f'<label><input type="checkbox" data-filter="{kind}" value="{_e(v)}" checked>'
            f" {_e(v)} ({counts[v]})</label>"
        )
    out.append("</fieldset>")
    return out


def render(report: Report, ctx: RenderContext | None = None) -> str:
    """The report as one HTML page; ``ctx.images`` maps a finding's fingerprint to its crops' PNG bytes."""
    images = ctx.images if ctx is not None else {}
    v = view(report)
    by_rule = Counter({row.rule: row.count for row in v.rows})
    by_sev = Counter(f.severity.value for f in v.listed)
    severities = [s for s in SEVERITIES if s in by_sev] + sorted(set(by_sev) - set(SEVERITIES))
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>errata report: {_e(v.name)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>errata report: {_e(v.name)}</h1>",
        f'<p class="meta">Source <code>{_e(v.source_id)}</code> · {v.pages_scanned} of'
        f" {v.page_count} pages scanned"
        + (f" · {v.unreadable} unreadable" if v.unreadable else "")
        + f" · {v.all_findings} findings · errata {_e(v.version)}</p>",
        "<h2>Summary</h2>",
        "<table><thead><tr><th>Rule</th><th>Severity</th><th>Findings</th></tr></thead><tbody>",
    ]
    for row in v.rows:
        out.append(
            f"<tr><td><code>{_e(row.rule)}</code></td><td>{_e(', '.join(row.severities) or '–')}</td>"
            f'<td class="n">{row.count}</td></tr>'
        )
    out.append(f'<tr><th>Total</th><td></td><th class="n">{len(v.listed)}</th></tr></tbody></table>')
    if v.baseline is not None:
        b = v.baseline
        out.append(
            f"<p>Baseline: <strong>{b.new} new</strong>, {len(b.unchanged)} unchanged, {len(b.fixed)} fixed.</p>"
        )
    if v.problems:
        out.append("<h2>Problems</h2><ul>")
        out += [f"<li>{_e(p.kind)}: {_e(p.message)}</li>" for p in v.problems]
        out.append("</ul>")
    out.append(f"<h2>{v.findings_heading}</h2>")
    if v.listed:
        out += _checkboxes("rule", [row.rule for row in v.rows if row.count], by_rule)
        out += _checkboxes("severity", severities, by_sev)
        out.append(f'<p id="shown">{len(v.listed)} of {len(v.listed)} findings shown</p>')
    else:
        out.append(f"<p>{v.nothing_found}</p>")
    for page in v.pages:
        heading = f"Page {page.page}" + (f" (printed {_e(page.label)})" if page.label is not None else "")
        out.append(f'<section class="page" data-page="{page.page}"><h3>{heading}</h3>')
        for _, f in page.findings:
            out += _finding(f, [c for c in images.get(f.fingerprint, ()) if isinstance(c, bytes)])
        out.append("</section>")
    if v.equations:
        out.append("<h2>Numbered equations</h2>")
        out.append("<p>" + ", ".join(f"({_e(e.label)}) p. {e.page}" for e in v.equations) + "</p>")
    out += [f"<script>{_SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
