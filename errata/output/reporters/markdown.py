"""The markdown report (the default): a summary table by rule, then findings by page, in context."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from errata.model.findings import Finding, Report
from errata.output.reporters.context import RenderContext
from errata.output.reporters.view import PageView, ReportView, piece_labels, source_text, view

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$-])")


def escape(text: str) -> str:
    """PDF text made inert in markdown: every markup character escaped, line breaks folded."""
    text = re.sub(r"[\r\n\t]+", " ", text)
    text = "".join(ch if ch.isprintable() or ch == " " else " " for ch in text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def _page_heading(page: PageView) -> str:
    if page.label is not None:
        return f"### Page {page.page} (printed {escape(page.label)})"
    return f"### Page {page.page}"


def _images(f: Finding, paths: Sequence[str]) -> list[str]:
    """The crops of a finding's pieces, each its own paragraph inside the list item."""
    out: list[str] = []
    for alt, path in zip(piece_labels(f, len(paths)), paths, strict=True):
        out += ["", f"   ![{escape(alt)}]({quote(path)})"]
    return out


def context(f: Finding) -> str:
    """The sentence with the match in bold."""
    before, match, after = f.context_parts()
    return f"{escape(before)}**{escape(match)}**{escape(after)}"


def _finding(n: int, f: Finding, images: Sequence[str] = ()) -> list[str]:
    source = source_text(f)
    shown = f.where() if source is None else f"{f.where()} · {escape(source)}"
    out = [
        f"{n}. **{f.rule}** ({f.severity.value}), {shown}: {escape(f.message)}  ",
        f"   > {context(f)}  ",
    ]
    if f.suggestion is not None:
        out.append(f"   Suggestion: “{escape(f.suggestion)}”")
    return out + _images(f, images)


def _baseline(v: ReportView) -> list[str]:
    """Counts against the baseline, the accepted findings in brief and the entries that are gone."""
    b = v.baseline
    if b is None:
        return []
    counts = f"{b.new} new, {len(b.unchanged)} in the baseline, {len(b.fixed)} fixed"
    lines = ["", "## Baseline", "", f"Against `{escape(b.source)}`: {counts}."]
    if b.unchanged:
        lines += ["", "### In the baseline (not listed above)", ""]
        lines += [f"- p. {f.page}, line {f.line}: **{f.rule}** “{escape(f.match)}”" for f in b.unchanged]
    if b.fixed:
        lines += ["", "### Fixed (in the baseline, no longer found)", ""]
        lines += [f"- was p. {e.page}, line {e.line}: **{e.rule}** “{escape(e.match)}”" for e in b.fixed]
    return lines


def _equations(v: ReportView) -> list[str]:
    """The numbered equations found in the PDF and, after --verify, the claims that check each one."""
    if not v.equations:
        return []
    out = ["", "## Equations", ""]
    if v.equation_rows is None:
        out.append(", ".join(f"({escape(e.label)}) p. {e.page}" for e in v.equations))
        out += ["", "Run `errata scan --verify` to check them numerically."]
        return out
    out += ["| Equation | Page | Claim | Status |", "|---|---|---|---|"]
    for row in v.equation_rows:
        e = row.equation
        if not row.claims:
            out.append(f"| ({escape(e.label)}) | {e.page} | – | no claim |")
        for c in row.claims:
            shown = c.status if c.status == "verified" else f"**{c.status}**"
            out.append(f"| ({escape(e.label)}) | {e.page} | `{c.claim}` | {shown} |")
    return out


def _derivations(v: ReportView) -> list[str]:
    """With --verify --tex: every step of the source's display math and its verdict."""
    if v.derivations is None:
        return []
    out = ["", "## Derivations", ""]
    if not v.derivations:
        return [*out, "No display math with steps to check."]
    out += ["| Source | Step | Verdict | Details |", "|---|---|---|---|"]
    for d in v.derivations:
        shown = d.verdict if d.verdict == "verified" else f"**{d.verdict}**"
        out.append(f"| `{escape(d.file)}:{d.line}` | {d.kind} | {shown} | {escape(d.details)} |")
    return out


def render(report: Report, ctx: RenderContext | None = None) -> str:
    """The markdown report; ``ctx.images`` maps a fingerprint to its crops' paths, relative to the report."""
    images = ctx.images if ctx is not None else {}
    v = view(report)
    lines = [f"# errata report: {escape(v.name)}", ""]
    lines.append(
        f"Source `{v.source_id}` · {v.pages_scanned} of {v.page_count} pages scanned"
        + (f" · {v.unreadable} unreadable" if v.unreadable else "")
        + f" · {v.all_findings} findings · errata {v.version}"
    )
    lines += ["", "## Summary", "", "| Rule | Severity | Findings |", "|---|---|---|"]
    for row in v.rows:
        lines.append(f"| {row.rule} | {', '.join(row.severities) or '–'} | {row.count} |")
    lines.append(f"| **Total** | | **{len(v.listed)}** |")
    if v.baseline is not None:
        b = v.baseline
        lines += ["", f"Baseline: **{b.new} new**, {len(b.unchanged)} unchanged, {len(b.fixed)} fixed."]
    if v.problems:
        lines += ["", "## Problems", ""]
        lines += [f"- {p.kind}: {escape(p.message)}" for p in v.problems]
    lines += ["", f"## {v.findings_heading}", ""]
    if not v.listed:
        lines.append(v.nothing_found)
    for page in v.pages:
        lines += [_page_heading(page), ""]
        for n, f in page.findings:
            paths = [str(p) for p in images.get(f.fingerprint, ())]
            lines += _finding(n, f, paths)
            lines.append("")
    lines += _baseline(v)
    lines += _equations(v)
    lines += _derivations(v)
    return "\n".join(lines).rstrip() + "\n"
