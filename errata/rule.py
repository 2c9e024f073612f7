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
from typing import Any

from errata.model.document import Flow, Region

RULE_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$|^[a-z][a-z0-9]+$")
MARKER_RE = re.compile(r"\[\[(.+?)\]\](?!\])")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Status(StrEnum):
    PREVIEW = "preview"
    STABLE = "stable"
    DEPRECATED = "deprecated"


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's raw result: a span of the flow, a short message and an optional replacement text."""

    start: int
    end: int
    message: str
    suggestion: str | None = None


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


class NlpUnavailableError(RuntimeError):
    """The part-of-speech tagger a rule needs is not installed; the rule is skipped with a one-line note."""


@dataclass(slots=True)
class RuleContext:
    """What a check may use besides the flow: the rule's options and, lazily, the POS tagger."""

    options: Mapping[str, Any] = field(default_factory=dict)
    tagger: Callable[[], Any] | None = None

    def nlp(self) -> Any:
        if self.tagger is None:
            from errata.nlp import load_tagger

            return load_tagger()
        return self.tagger()


Check = Callable[[Flow, RuleContext], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's metadata and its pure check function."""

    id: str
    summary: str
    severity: Severity
    check: Check
    examples: Examples
    doc: str = ""
    category: str = "typo"
    regions: frozenset[Region] = frozenset({Region.BODY, Region.CAPTION, Region.FOOTNOTE, Region.MARGIN})
    needs: frozenset[str] = frozenset()
    status: Status = Status.STABLE
    since: str = "0.1.0"

    def doc_section(self, heading: str) -> str:
        """The text under ``## heading`` in the rule's documentation."""
        m = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", self.doc, re.M | re.S)
        return m.group(1).strip() if m else ""
