"""Located findings and the report a scan produces. Reporters read these; rules never see them."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from errata.model.document import EquationLabel, Location, Problem
from errata.rule import Severity


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

    @property
    def page(self) -> int:
        return self.locations[0].page if self.locations else 0

    @property
    def page_label(self) -> str | None:
        return self.locations[0].page_label if self.locations else None

    @property
    def line(self) -> int:
        return self.locations[0].line if self.locations else 0

    def where(self) -> str:
        """ "line 12", "line 12–13" across a line break, "line 45, continues on page 3" across a page break."""
        text = f"line {self.line}"
        pages = sorted({loc.page for loc in self.locations})
        if len(pages) > 1:
            return f"{text}, continues on page {pages[-1]}"
        if len(self.locations) > 1:
            return f"{text}–{self.locations[-1].line}"
        return text

    def sort_key(self) -> tuple[int, int, float, str, str]:
        x0 = self.locations[0].bbox[0] if self.locations else 0.0
        return (self.page, self.line, x0, self.rule, self.match)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def fingerprint(rule: str, match: str, context: str, occurrence: int) -> str:
    """A finding's identity across edits: rule, match and context words, never page or line numbers."""
    payload = "\x1f".join((rule, _normalise(match), _normalise(context), str(occurrence)))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


@dataclass(slots=True)
class Report:
    """Everything a reporter needs: the source, what was scanned, the findings and what could not be read."""

    path: str
    sha256: str
    page_count: int
    pages_scanned: list[int]
    findings: list[Finding]
    problems: list[Problem] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    equations: list[EquationLabel] = field(default_factory=list)
    page_labels: dict[int, str | None] = field(default_factory=dict)
    # With --verify: per equation label found in the PDF, the claims covering it as (claim id, summary, status).
    equation_claims: dict[str, list[tuple[str, str, str]]] | None = None
