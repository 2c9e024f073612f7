"""The HTML report: one self-contained file (styles, script and page crops inline; it requests nothing).

A summary by rule, filters by rule and severity that hide and show findings, and each finding beside the crop
of its printed line(s). Every piece of PDF text is escaped: the PDF is untrusted input.
"""

from __future__ import annotations

import base64
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from html import escape
from itertools import groupby
from typing import TYPE_CHECKING

from errata import __version__
from errata.model.findings import Finding, Report

if TYPE_CHECKING:
    from errata.reporters import RenderContext

SEVERITIES = ("error", "warning", "info")

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
    a, b = f.context_span
    context = f"{_e(f.context[:a])}<mark>{_e(f.context[a:b])}</mark>{_e(f.context[b:])}"
    sev = f.severity.value
    out = [
        f'<article class="finding sev-{_e(sev)}" data-rule="{_e(f.rule)}" data-severity="{_e(sev)}"'
        f' id="f-{_e(f.fingerprint)}">',
        '<div class="text">',
        f'<div><span class="badge">{_e(sev)}</span> <code>{_e(f.rule)}</code> · {_e(f.where())}</div>',
        f'<p class="msg">{_e(f.message)}</p>',
        f"<blockquote>{context}</blockquote>",
    ]
    if f.suggestion is not None:
        out.append(f'<p class="fix">Suggestion: “{_e(f.suggestion)}”</p>')
    out.append("</div>")
    out.append('<div class="crops">')
    for i, png in enumerate(crops):
        loc = f.locations[i] if i < len(f.locations) else None
        label = f"page {loc.page}, line {loc.line}" if loc is not None else f"piece {i + 1}"
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


def render(
    report: Report,
    ctx: RenderContext | None = None,
    *,
    images: Mapping[str, Sequence[bytes]] | None = None,
) -> str:
    """The report as one HTML page. ``images`` maps a finding's fingerprint to its crops' PNG bytes."""
    triage = getattr(ctx, "triage", None)
    listed: list[Finding] = list(triage.new) if triage is not None else list(report.findings)
    images = images or {}
    name = os.path.basename(report.path)
    failed = [p for p in report.problems if p.kind == "page-unreadable"]
    by_rule = Counter(f.rule for f in listed)
    by_sev = Counter(f.severity.value for f in listed)
    rules = sorted({*report.rules, *by_rule})
    severities = [s for s in SEVERITIES if s in by_sev] + sorted(set(by_sev) - set(SEVERITIES))
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>errata report: {_e(name)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>errata report: {_e(name)}</h1>",
        f'<p class="meta">Source <code>{_e(report.sha256[:12])}</code> · {len(report.pages_scanned)} of'
        f" {report.page_count} pages scanned"
        + (f" · {len(failed)} unreadable" if failed else "")
        + f" · {len(report.findings)} findings · errata {_e(__version__)}</p>",
        "<h2>Summary</h2>",
        "<table><thead><tr><th>Rule</th><th>Severity</th><th>Findings</th></tr></thead><tbody>",
    ]
    for rule in rules:
        sevs = sorted({f.severity.value for f in listed if f.rule == rule})
        out.append(
            f"<tr><td><code>{_e(rule)}</code></td><td>{_e(', '.join(sevs) or '–')}</td>"
            f'<td class="n">{by_rule[rule]}</td></tr>'
        )
    out.append(f'<tr><th>Total</th><td></td><th class="n">{len(listed)}</th></tr></tbody></table>')
    if triage is not None:
        out.append(
            f"<p>Baseline: <strong>{len(triage.new)} new</strong>, {len(triage.unchanged)} unchanged,"
            f" {len(triage.fixed)} fixed.</p>"
        )
    if report.problems:
        out.append("<h2>Problems</h2><ul>")
        out += [f"<li>{_e(p.kind)}: {_e(p.message)}</li>" for p in report.problems]
        out.append("</ul>")
    out.append(f"<h2>{'Findings' if triage is None else 'New findings'}</h2>")
    if listed:
        out += _checkboxes("rule", [r for r in rules if by_rule[r]], by_rule)
        out += _checkboxes("severity", severities, by_sev)
        out.append(f'<p id="shown">{len(listed)} of {len(listed)} findings shown</p>')
    else:
        out.append("<p>No errata found.</p>" if triage is None else "<p>No new errata.</p>")
    for page, group in groupby(listed, key=lambda f: f.page):
        label = report.page_labels.get(page)
        heading = f"Page {page}" + (f" (printed {_e(label)})" if label and label != str(page) else "")
        out.append(f'<section class="page" data-page="{page}"><h3>{heading}</h3>')
        for f in group:
            out += _finding(f, images.get(f.fingerprint, ()))
        out.append("</section>")
    if report.equations:
        out.append("<h2>Numbered equations</h2>")
        out.append("<p>" + ", ".join(f"({_e(e.label)}) p. {e.page}" for e in report.equations) + "</p>")
    out += [f"<script>{_SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
