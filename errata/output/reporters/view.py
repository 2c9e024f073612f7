"""The view model of the human formats: markdown and HTML show the same things, decided once here.

What is listed (the new findings under a baseline, else all), the summary rows, the page headings and the
baseline section all come from :func:`view`; each format only marks the pieces up and escapes them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from errata import __version__
from errata.model.document import EquationLabel, Problem
from errata.model.findings import BaselineEntry, ClaimCheck, DerivationCheck, Finding, Report


@dataclass(frozen=True, slots=True)
class SummaryRow:
    rule: str
    severities: tuple[str, ...]  # of the listed findings; empty when the rule found nothing
    count: int


@dataclass(frozen=True, slots=True)
class PageView:
    page: int
    label: str | None  # the printed page number, when it differs from the page index
    findings: tuple[tuple[int, Finding], ...]  # (running number, finding)


@dataclass(frozen=True, slots=True)
class BaselineView:
    source: str
    new: int
    unchanged: tuple[Finding, ...]
    fixed: tuple[BaselineEntry, ...]


@dataclass(frozen=True, slots=True)
class EquationRow:
    equation: EquationLabel
    claims: tuple[ClaimCheck, ...]


@dataclass(frozen=True, slots=True)
class ReportView:
    name: str
    source_id: str  # the first 12 hex digits of the PDF's hash
    pages_scanned: int
    page_count: int
    unreadable: int
    all_findings: int
    version: str
    rows: tuple[SummaryRow, ...]
    listed: tuple[Finding, ...]
    pages: tuple[PageView, ...]
    problems: tuple[Problem, ...]
    baseline: BaselineView | None
    equations: tuple[EquationLabel, ...]
    equation_rows: tuple[EquationRow, ...] | None  # None: the claims were not run (no --verify)
    derivations: tuple[DerivationCheck, ...] | None  # None: no LaTeX source was checked

    @property
    def findings_heading(self) -> str:
        return "Findings" if self.baseline is None else "New findings"

    @property
    def nothing_found(self) -> str:
        return "No errata found." if self.baseline is None else "No new errata."


def printed_label(page: int, label: str | None) -> str | None:
    return label if label and label != str(page) else None


def view(report: Report) -> ReportView:
    listed = tuple(report.new_findings)
    summary = report.summary()
    rule_ids = sorted({*report.rule_ids, *summary.by_rule})
    rows = tuple(
        SummaryRow(
            rid,
            tuple(sorted({f.severity.value for f in listed if f.rule == rid})),
            summary.by_rule.get(rid, 0),
        )
        for rid in rule_ids
    )
    pages: list[PageView] = []
    n = 0
    for page, group in groupby(listed, key=lambda f: f.page):
        numbered = []
        for f in group:
            n += 1
            numbered.append((n, f))
        pages.append(PageView(page, printed_label(page, report.page_labels.get(page)), tuple(numbered)))
    baseline = None
    if report.baseline is not None:
        baseline = BaselineView(
            report.baseline.source, summary.new, tuple(report.unchanged_findings), report.baseline.fixed
        )
    equation_rows = None
    if report.equation_claims is not None:
        claims = report.equation_claims
        equation_rows = tuple(EquationRow(e, tuple(claims.get(e.label, ()))) for e in report.equations)
    return ReportView(
        name=os.path.basename(report.path),
        source_id=report.sha256[:12],
        pages_scanned=len(report.pages_scanned),
        page_count=report.page_count,
        unreadable=len([p for p in report.problems if p.kind == "page-unreadable"]),
        all_findings=len(report.findings),
        version=__version__,
        rows=rows,
        listed=listed,
        pages=tuple(pages),
        problems=tuple(report.problems),
        baseline=baseline,
        equations=tuple(report.equations),
        equation_rows=equation_rows,
        derivations=tuple(report.derivations) if report.derivations is not None else None,
    )


def piece_labels(f: Finding, count: int) -> Sequence[str]:
    """ "page 3, line 12" (with "· ch1.tex:8" when its source line is known) for each of ``count`` crops."""
    out = []
    for i in range(count):
        loc = f.locations[i] if i < len(f.locations) else None
        if loc is None:
            out.append(f"piece {i + 1}")
            continue
        source = f" · {loc.source}" if loc.source is not None else ""
        out.append(f"page {loc.page}, line {loc.line}{source}")
    return out


def source_text(f: Finding) -> str | None:
    """Where the finding is in the source: "ch1.tex:8", "ch1.tex:32–33" across source lines of one file,
    "ch1.tex:40, ch2.tex:1" across files; None when no location has a source line."""
    spots = list(dict.fromkeys(loc.source for loc in f.locations if loc.source is not None))
    if not spots:
        return None
    first, last = spots[0], spots[-1]
    if len(spots) == 1:
        return str(first)
    if all(s.file == first.file for s in spots):
        return f"{first.file}:{first.line}–{last.line}"
    return ", ".join(str(s) for s in spots)
