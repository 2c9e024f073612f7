"""The rule API: what a rule module declares and what its check returns.

A rule is one module exposing ``RULE``, a frozen :class:`Rule`. Its check is a pure function of a flow and a
:class:`RuleContext`: text in, :class:`Hit` spans out. It never sees a PDF, a page, a file or an output format;
the engine turns hits into located findings. The module docstring is the rule's documentation (sections
``## What it does``, ``## Why is this bad?``, ``## Example``, ``## Use instead``, ``## Known false positives``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from errata.lint.nlp import NlpUnavailableError, load_tagger
from errata.model.document import Document, Flow, Region
from errata.model.findings import RuleInfo, Severity

__all__ = [
    "Bad",
    "Check",
    "DocumentCheck",
    "Examples",
    "Hit",
    "NlpUnavailableError",
    "Option",
    "Rule",
    "RuleContext",
    "Scope",
    "Severity",
    "SingleChapter",
    "Status",
]

T = TypeVar("T")

RULE_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$|^[a-z][a-z0-9]+$")
MARKER_RE = re.compile(r"\[\[(.+?)\]\](?!\])")


class Status(StrEnum):
    """A rule's lifecycle: preview rules run only when selected by id or category (or with ``preview``)."""

    PREVIEW = "preview"
    STABLE = "stable"


class Scope(StrEnum):
    """What a rule's check reads: one flow at a time, or the whole document (cross-references, spellings)."""

    FLOW = "flow"
    DOCUMENT = "document"


class SingleChapter(StrEnum):
    """What a rule's findings become when the PDF is one chapter of a book (``single-chapter``).

    ``DOWNGRADE``: a finding may be caused by what lies in another chapter (a reference resolved only in the
    whole book), so its severity is lowered to ``single-chapter-severity``.
    """

    KEEP = "keep"
    DOWNGRADE = "downgrade"


@dataclass(frozen=True, slots=True)
class Option:
    """An option a rule accepts in ``[rules.<id>.options]`` (``allow`` is every rule's, built in)."""

    name: str
    type: type
    default: Any
    doc: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's raw result: a span of the flow, a short message and an optional replacement text."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    region: Region | None = None  # the flow of a document-level rule's hit (flow rules: the flow checked)


@dataclass(frozen=True, slots=True)
class Bad:
    """Text the rule must flag. ``[[...]]`` marks the expected match; ``fix`` is the expected suggestion."""

    text: str
    fix: str | None = None

    @property
    def plain(self) -> str:
        return MARKER_RE.sub(lambda m: m.group(1), self.text)

    @property
    def span(self) -> tuple[int, int]:
        m = MARKER_RE.search(self.text)
        if m is None:
            raise ValueError(f"bad example without a [[marker]]: {self.text!r}")
        return m.start(), m.start() + len(m.group(1))

    @property
    def fixed(self) -> str:
        """The example with the suggestion applied: the rule must no longer flag it."""
        if self.fix is None:
            return self.plain
        return MARKER_RE.sub(lambda m: self.fix or "", self.text, count=1)


@dataclass(frozen=True, slots=True)
class Examples:
    bad: tuple[Bad, ...]
    good: tuple[str, ...]


@dataclass(slots=True)
class RuleContext:
    """What a check may use besides the flow: the rule's options, lazily the POS tagger and, for a flow read
    in windows, facts of the whole flow (:meth:`of_flow`)."""

    options: Mapping[str, Any] = field(default_factory=dict)
    tagger: Callable[[], Any] | None = None
    # The flow being checked, a window at a time without context (see errata.model.windows); None: the flow
    # checked is the whole flow.
    windows: Callable[[], Iterable[Flow]] | None = None
    _facts: dict[Callable[[Iterable[Flow]], Any], Any] = field(default_factory=dict, repr=False)

    def nlp(self) -> Any:
        if self.tagger is None:
            return load_tagger()
        return self.tagger()

    def of_flow(self, flow: Flow, survey: Callable[[Iterable[Flow]], T]) -> T:
        """What ``survey`` finds in the whole flow that ``flow`` is a window of (``flow`` itself when the check
        reads a whole flow). ``survey`` reads the flow's windows in order, as plain text without geometry, and
        must not depend on where a window ends: count or collect what lies within a block. It runs once per
        flow."""
        if self.windows is None:
            return survey([flow])
        if survey not in self._facts:
            self._facts[survey] = survey(self.windows())
        found: T = self._facts[survey]
        return found


Check = Callable[[Flow, RuleContext], Iterable[Hit]]
DocumentCheck = Callable[[Document, RuleContext], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's metadata and its pure check function.

    ``scope`` FLOW: ``check(flow, ctx)`` runs on each flow of ``regions``; DOCUMENT: ``check(document, ctx)``
    runs once and every hit names its flow in ``Hit.region``. ``options`` are the options the rule accepts
    besides ``allow``; the configuration is checked against them.
    """

    id: str
    summary: str
    severity: Severity
    check: Check | DocumentCheck
    examples: Examples
    doc: str = ""
    category: str = "typo"
    regions: frozenset[Region] = frozenset({Region.BODY, Region.CAPTION, Region.FOOTNOTE, Region.MARGIN})
    status: Status = Status.STABLE
    scope: Scope = Scope.FLOW
    options: tuple[Option, ...] = ()
    single_chapter: SingleChapter = SingleChapter.KEEP
    # Loads what ``check`` will need (the tagger, a word list) ahead of the first flow; a scan calls it in a
    # thread of its own while the pages are read. It must be safe to call more than once, and a failure is
    # left for ``check`` to meet and report.
    prepare: Callable[[], object] | None = None

    def doc_section(self, heading: str) -> str:
        """The text under ``## heading`` in the rule's documentation."""
        return self.info().doc_section(heading)

    def info(self) -> RuleInfo:
        return RuleInfo(
            self.id,
            self.summary,
            self.severity,
            self.category,
            self.status.value,
            self.doc,
            self.single_chapter.value,
        )

    def option_names(self) -> tuple[str, ...]:
        return ("allow", *(o.name for o in self.options))
