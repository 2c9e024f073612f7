"""Located findings and the report a scan produces. Reporters read these; rules never see them.

A :class:`Report` is complete: besides the findings it carries each finding's baseline state, the metadata
of every rule that ran, the summary counts and the equation coverage, so that every output format is a pure
function of it and no reporter re-derives what another one decided.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from errata.model.document import EquationLabel, Location, Problem
from errata.util.text import normalise


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """3 for an error, 2 for a warning, 1 for info: higher is more severe."""
        members = list(Severity)
        return len(members) - members.index(self)


SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)
"""Severity names, most severe first."""

FAIL_ON: tuple[str, ...] = (*SEVERITIES, "never")
"""The values of ``--fail-on`` and the ``fail-on`` setting."""


class BaselineState(StrEnum):
    """A finding against a baseline, named as SARIF names them."""

    NEW = "new"
    UNCHANGED = "unchanged"  # the baseline holds this finding (same fingerprint)
    UPDATED = (
        "updated"  # the baseline holds it with an edited sentence (same rule and match, similar context)
    )


def page_name(page: int, label: str | None, prefix: str = "p. ", escape: Callable[[str], str] = str) -> str:
    """ "p. 12", or "p. 12 (printed 3)" when the printed page number differs from the page index."""
    printed = f" (printed {escape(label)})" if label and label != str(page) else ""
    return f"{prefix}{page}{printed}"


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule's hit, located on the page: one :class:`Location` per printed line the match touches."""

    rule: str
    severity: Severity
    message: str
    match: str
    context: str
    context_span: tuple[int, int]  # where the match sits inside ``context``
    locations: tuple[Location, ...]
    suggestion: str | None = None
    region: str = "body"
    fingerprint: str = ""
    baseline: BaselineState | None = None  # None: no baseline was applied

    @property
    def page(self) -> int:
        return self.locations[0].page if self.locations else 0

    @property
    def page_label(self) -> str | None:
        return self.locations[0].page_label if self.locations else None

    @property
    def line(self) -> int:
        return self.locations[0].line if self.locations else 0

    @property
    def is_new(self) -> bool:
        """Not accepted by a baseline (every finding is new when no baseline was applied)."""
        return self.baseline is None or self.baseline is BaselineState.NEW

    def where(self) -> str:
        """ "line 12", "line 12–13" across a line break, "line 45, continues on page 3" across a page break."""
        text = f"line {self.line}"
        pages = sorted({loc.page for loc in self.locations})
        if len(pages) > 1:
            return f"{text}, continues on page {pages[-1]}"
        if len(self.locations) > 1:
            return f"{text}–{self.locations[-1].line}"
        return text

    def context_parts(self) -> tuple[str, str, str]:
        """The sentence split around the match: (before, match, after)."""
        a, b = self.context_span
        return self.context[:a], self.context[a:b], self.context[b:]

    def sort_key(self) -> tuple[int, int, float, str, str]:
        x0 = self.locations[0].bbox[0] if self.locations else 0.0
        return (self.page, self.line, x0, self.rule, self.match)


def fingerprint(rule: str, match: str, context: str, occurrence: int) -> str:
    """A finding's identity across edits: rule, match and context words, never page or line numbers."""
    payload = "\x1f".join((rule, normalise(match), normalise(context), str(occurrence)))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a report says about a rule that ran: its metadata, never its code."""

    id: str
    summary: str
    severity: Severity
    category: str
    status: str
    doc: str = ""
    single_chapter: str = "keep"  # "downgrade": findings may be caused by another chapter

    def doc_section(self, heading: str) -> str:
        """The text under ``## heading`` in the rule's documentation."""
        import re

        m = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", self.doc, re.M | re.S)
        return m.group(1).strip() if m else ""


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """An accepted finding. ``page``, ``page_label`` and ``line`` are hints for people, never matched on."""

    fingerprint: str
    rule: str
    match: str
    context: str
    page: int
    page_label: str | None
    line: int

    @classmethod
    def of(cls, f: Finding) -> BaselineEntry:
        return cls(f.fingerprint, f.rule, f.match, f.context, f.page, f.page_label, f.line)

    def as_dict(self) -> dict[str, object]:
        return {
            "fingerprint": self.fingerprint,
            "rule": self.rule,
            "match": self.match,
            "page": self.page,
            "page_label": self.page_label,
            "line": self.line,
            "context": self.context,
        }


@dataclass(frozen=True, slots=True)
class BaselineResult:
    """How a report's findings compare with a baseline (or an older draft): what is gone, and what matched."""

    source: str  # the baseline file, or the older draft's path
    fixed: tuple[BaselineEntry, ...] = ()
    matched: dict[str, BaselineEntry] = field(default_factory=dict)  # finding fingerprint -> its entry


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """One claim that checks an equation, and how it fared (``None``: not run)."""

    claim: str
    summary: str
    status: str | None


@dataclass(frozen=True, slots=True)
class DerivationCheck:
    """One step of the LaTeX source's display math, checked numerically (``scan --verify --tex``)."""

    file: str
    line: int
    kind: str  # "chain" (a = b = c) or "derivation" (a line that follows from the lines before)
    verdict: str  # "verified", "refuted" or "not checkable"
    details: str  # largest error and tolerance, the counterexample, or what was not understood


@dataclass(frozen=True, slots=True)
class Summary:
    """The counts every format shows. Under a baseline, ``total`` and the breakdowns count new findings."""

    total: int
    by_rule: dict[str, int]
    by_severity: dict[str, int]
    all_findings: int
    new: int
    unchanged: int
    fixed: int


@dataclass(slots=True)
class Report:
    """Everything a reporter needs: the source, what was scanned, the findings and what could not be read."""

    path: str
    sha256: str
    page_count: int
    pages_scanned: list[int]
    findings: list[Finding]
    problems: list[Problem] = field(default_factory=list)
    rules: list[RuleInfo] = field(default_factory=list)
    equations: list[EquationLabel] = field(default_factory=list)
    page_labels: dict[int, str | None] = field(default_factory=dict)
    # With --verify: per equation label found in the PDF, the claims covering it.
    equation_claims: dict[str, list[ClaimCheck]] | None = None
    baseline: BaselineResult | None = None
    derivations: list[DerivationCheck] | None = None  # with --verify --tex: every step of the source

    @property
    def rule_ids(self) -> list[str]:
        return [r.id for r in self.rules]

    def rule(self, rule_id: str) -> RuleInfo | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def new_findings(self) -> list[Finding]:
        """The findings a baseline does not accept: all of them when no baseline was applied."""
        return [f for f in self.findings if f.is_new]

    @property
    def unchanged_findings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_new]

    @property
    def unreadable_pages(self) -> list[int]:
        return sorted({p.page for p in self.problems if p.kind == "page-unreadable" and p.page is not None})

    def summary(self) -> Summary:
        listed = self.new_findings
        fixed = len(self.baseline.fixed) if self.baseline is not None else 0
        return Summary(
            total=len(listed),
            by_rule=dict(sorted(Counter(f.rule for f in listed).items())),
            by_severity=dict(sorted(Counter(f.severity.value for f in listed).items())),
            all_findings=len(self.findings),
            new=len(listed),
            unchanged=len(self.findings) - len(listed),
            fixed=fixed,
        )


@dataclass(frozen=True, slots=True)
class BookSummary:
    """One book of a directory scan, as the summary report lists it (also what a re-run reads back)."""

    name: str  # the book's path below the scanned folder, without ".pdf"
    path: str
    sha256: str
    pages: int
    pages_scanned: int
    pages_failed: int
    by_rule: dict[str, int]
    by_severity: dict[str, int]
    new: int
    unchanged: int
    fixed: int
    worst_pages: tuple[tuple[int, int], ...]  # (page, findings), most findings first
    report: str  # where its report was written

    @classmethod
    def of(cls, report: Report, name: str, written: str, worst: int = 5) -> BookSummary:
        s = report.summary()
        per_page = Counter(f.page for f in report.new_findings)
        ranked = sorted(per_page.items(), key=lambda kv: (-kv[1], kv[0]))[:worst]
        return cls(
            name=name,
            path=report.path,
            sha256=report.sha256,
            pages=report.page_count,
            pages_scanned=len(report.pages_scanned),
            pages_failed=len(report.unreadable_pages),
            by_rule=s.by_rule,
            by_severity=s.by_severity,
            new=s.new,
            unchanged=s.unchanged,
            fixed=s.fixed,
            worst_pages=tuple(ranked),
            report=written,
        )

    def fails(self, fail_on: str) -> bool:
        """Whether the book's new findings reach ``fail_on`` (as the exit code counts them)."""
        if fail_on == "never":
            return False
        threshold = Severity(fail_on).rank
        return any(n and Severity(sev).rank >= threshold for sev, n in self.by_severity.items())

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "path": self.path,
            "sha256": self.sha256,
            "pages": self.pages,
            "pages_scanned": self.pages_scanned,
            "pages_failed": self.pages_failed,
            "by_rule": dict(self.by_rule),
            "by_severity": dict(self.by_severity),
            "new": self.new,
            "unchanged": self.unchanged,
            "fixed": self.fixed,
            "worst_pages": [list(p) for p in self.worst_pages],
            "report": self.report,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BookSummary:
        """A summary read back from a directory scan's state file (plain JSON, checked field by field)."""
        return cls(
            name=str(data["name"]),
            path=str(data["path"]),
            sha256=str(data["sha256"]),
            pages=int(data["pages"]),
            pages_scanned=int(data["pages_scanned"]),
            pages_failed=int(data["pages_failed"]),
            by_rule={str(k): int(v) for k, v in dict(data["by_rule"]).items()},
            by_severity={str(k): int(v) for k, v in dict(data["by_severity"]).items()},
            new=int(data["new"]),
            unchanged=int(data["unchanged"]),
            fixed=int(data["fixed"]),
            worst_pages=tuple((int(p), int(n)) for p, n in data["worst_pages"]),
            report=str(data["report"]),
        )
