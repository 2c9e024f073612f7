"""The markdown report (the default): a summary table by rule, then findings by page, in context."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import groupby
from urllib.parse import quote

from errata import __version__
from errata.model.findings import Finding, Report
from errata.reporters import RenderContext

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$-])")


def escape(text: str) -> str:
    """PDF text made inert in markdown: every markup character escaped, line breaks folded."""
    text = re.sub(r"[\r\n\t]+", " ", text)
    text = "".join(ch if ch.isprintable() or ch == " " else " " for ch in text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def _page_heading(page: int, label: str | None) -> str:
    if label and label != str(page):
        return f"### Page {page} (printed {escape(label)})"
    return f"### Page {page}"


def _images(f: Finding, paths: Sequence[str]) -> list[str]:
    """The crops of a finding's pieces, each its own paragraph inside the list item."""
    out: list[str] = []
    for i, path in enumerate(paths):
        loc = f.locations[i] if i < len(f.locations) else None
        alt = f"page {loc.page}, line {loc.line}" if loc is not None else f"piece {i + 1}"
        out += ["", f"   ![{escape(alt)}]({quote(path)})"]
    return out


def _finding(n: int, f: Finding, images: Sequence[str] = ()) -> list[str]:
    a, b = f.context_span
    context = f"{escape(f.context[:a])}**{escape(f.context[a:b])}**{escape(f.context[b:])}"
    where = f.where()
    out = [
        f"{n}. **{f.rule}** ({f.severity.value}), {where}: {escape(f.message)}  ",
        f"   > {context}  ",
    ]
    if f.suggestion is not None:
        out.append(f"   Suggestion: “{escape(f.suggestion)}”")
    return out + _images(f, images)


def _baseline(ctx: RenderContext) -> list[str]:
    """Counts against the baseline, the accepted findings in brief and the entries that are gone."""
    t = ctx.triage
    if t is None:
        return []
    lines = ["", "## Baseline", "", f"Against `{escape(t.baseline or 'the baseline')}`: {t.counts()}."]
    if t.unchanged:
        lines += ["", "### In the baseline (not listed above)", ""]
        lines += [f"- p. {f.page}, line {f.line}: **{f.rule}** “{escape(f.match)}”" for f in t.unchanged]
    if t.fixed:
        lines += ["", "### Fixed (in the baseline, no longer found)", ""]
        lines += [f"- was p. {e.page}, line {e.line}: **{e.rule}** “{escape(e.match)}”" for e in t.fixed]
    return lines


def _equations(report: Report) -> list[str]:
    """The numbered equations found in the PDF and, after --verify, the claims that check each one."""
    if not report.equations:
        return []
    out = ["", "## Equations", ""]
    if report.equation_claims is None:
        out.append(", ".join(f"({escape(e.label)}) p. {e.page}" for e in report.equations))
        out += ["", "Run `errata scan --verify` to check them numerically."]
        return out
    out += ["| Equation | Page | Claim | Status |", "|---|---|---|---|"]
    for e in report.equations:
        claims = report.equation_claims.get(e.label, [])
        if not claims:
            out.append(f"| ({escape(e.label)}) | {e.page} | – | no claim |")
        for claim_id, _summary, status in claims:
            shown = status if status == "verified" else f"**{status}**"
            out.append(f"| ({escape(e.label)}) | {e.page} | `{claim_id}` | {shown} |")
    return out


def render(
    report: Report, ctx: RenderContext | None = None, *, images: Mapping[str, Sequence[str]] | None = None
) -> str:
    """The markdown report. ``images`` maps a finding's fingerprint to its crops' paths, relative to the report."""
    images = images or {}
    triage = ctx.triage if ctx is not None else None
    listed = triage.new if triage is not None else report.findings
    name = os.path.basename(report.path)
    lines = [f"# errata report: {escape(name)}", ""]
    failed = [p for p in report.problems if p.kind == "page-unreadable"]
    lines.append(
        f"Source `{report.sha256[:12]}` · {len(report.pages_scanned)} of {report.page_count} pages scanned"
        + (f" · {len(failed)} unreadable" if failed else "")
        + f" · {len(report.findings)} findings · errata {__version__}"
    )
    lines += ["", "## Summary", "", "| Rule | Severity | Findings |", "|---|---|---|"]
    counts = Counter((f.rule, f.severity.value) for f in report.findings)
    for rule in report.rules:
        sev = next((s for (r, s) in counts if r == rule), None)
        lines.append(f"| {rule} | {sev or '–'} | {sum(c for (r, _), c in counts.items() if r == rule)} |")
    lines.append(f"| **Total** | | **{len(report.findings)}** |")
    if triage is not None:
        lines += [
            "",
            f"Baseline: **{len(triage.new)} new**, {len(triage.unchanged)} unchanged, {len(triage.fixed)} fixed.",
        ]
    if report.problems:
        lines += ["", "## Problems", ""]
        lines += [f"- {p.kind}: {escape(p.message)}" for p in report.problems]
    lines += ["", "## Findings" if triage is None else "## New findings", ""]
    if not listed:
        lines.append("No errata found." if triage is None else "No new errata.")
    n = 0
    for page, group in groupby(listed, key=lambda f: f.page):
        lines += [_page_heading(page, report.page_labels.get(page)), ""]
        for f in group:
            n += 1
            lines += _finding(n, f, images.get(f.fingerprint, ()))
            lines.append("")
    if ctx is not None:
        lines += _baseline(ctx)
    lines += _equations(report)
    return "\n".join(lines).rstrip() + "\n"
