"""What a project has accepted: allowed phrases, suppress entries, the single-chapter downgrade, baselines, diffs.

A PDF cannot carry ``# noqa`` comments, so everything that quiets a finding lives beside the PDF: in the
config (:mod:`errata.config`) or in a baseline file. Baseline entries are matched by the finding's content
fingerprint (rule, match, sentence, occurrence; never page or line), so an edit elsewhere in the book does not
make an accepted finding look new. A finding whose sentence itself was edited falls back to a looser match:
same rule, same matched text, a sentence at least 80% alike.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from errata.config import Config
from errata.errors import ErrataError
from errata.inputs import parse_json, read_text
from errata.model.document import Problem
from errata.model.findings import Finding, Report
from errata.rule import Severity

BASELINE_VERSION = 1
REFERENCE_RULE = "unresolved-reference"
_SIMILAR = 0.8


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def apply_config(report: Report, config: Config) -> Report:
    """The report with allowed phrases and suppressed findings dropped and the single-chapter downgrade applied.

    Suppress entries that matched nothing come back as ``unused-suppression`` problems, so the list shrinks
    as errata are fixed.
    """
    allowed = {_norm(p) for p in config.phrases()}
    used: set[int] = set()
    single = config.is_single_chapter(report.path)
    downgrade = Severity(config.single_chapter_severity)
    kept: list[Finding] = []
    for f in report.findings:
        if _norm(f.match) in allowed:
            continue
        hit = next((i for i, e in enumerate(config.ignores) if _suppresses(e, f)), None)
        if hit is not None:
            used.add(hit)
            continue
        if single and f.rule == REFERENCE_RULE and f.severity.rank > downgrade.rank:
            f = replace(f, severity=downgrade)
        kept.append(f)
    problems = list(report.problems)
    for i, entry in enumerate(config.ignores):
        if i not in used:
            problems.append(
                Problem("unused-suppression", f"suppress entry ({entry.label()}) matched nothing")
            )
    return replace(report, findings=kept, problems=problems)


def _suppresses(entry: Any, f: Finding) -> bool:
    if entry.rule is not None and entry.rule != f.rule:
        return False
    if entry.fingerprint is not None and entry.fingerprint != f.fingerprint:
        return False
    return entry.text is None or _norm(entry.text) == _norm(f.match)


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "rule": self.rule,
            "match": self.match,
            "page": self.page,
            "page_label": self.page_label,
            "line": self.line,
            "context": self.context,
        }


@dataclass(slots=True)
class Triage:
    """Findings against a baseline: ``new`` ones fail, ``unchanged`` ones are accepted, ``fixed`` are gone."""

    new: list[Finding]
    unchanged: list[Finding]
    fixed: list[BaselineEntry]
    matched: dict[str, BaselineEntry] = field(default_factory=dict)  # finding fingerprint -> its entry
    baseline: str | None = None

    def state(self, f: Finding) -> str:
        return "unchanged" if f.fingerprint in self.matched else "new"

    def counts(self) -> str:
        return f"{len(self.new)} new, {len(self.unchanged)} in the baseline, {len(self.fixed)} fixed"


def triage(
    findings: Sequence[Finding], entries: Sequence[BaselineEntry], baseline: str | None = None
) -> Triage:
    """Match findings to baseline entries: by fingerprint first, then by rule, match and a similar sentence."""
    matched: dict[str, BaselineEntry] = {}
    free = list(entries)
    by_fp = {e.fingerprint: e for e in entries}
    for f in findings:
        entry = by_fp.get(f.fingerprint)
        if entry is not None and entry in free:
            matched[f.fingerprint] = entry
            free.remove(entry)
    for f in findings:
        if f.fingerprint in matched:
            continue
        best: tuple[float, int] | None = None
        for i, e in enumerate(free):
            if e.rule != f.rule or _norm(e.match) != _norm(f.match):
                continue
            ratio = difflib.SequenceMatcher(None, _norm(e.context), _norm(f.context)).ratio()
            if ratio >= _SIMILAR and (best is None or ratio > best[0]):
                best = (ratio, i)
        if best is not None:
            matched[f.fingerprint] = free.pop(best[1])
    return Triage(
        new=[f for f in findings if f.fingerprint not in matched],
        unchanged=[f for f in findings if f.fingerprint in matched],
        fixed=free,
        matched=matched,
        baseline=baseline,
    )


def diff(old: Report, new: Report) -> Triage:
    """What changed between two drafts: ``new`` findings, ``fixed`` ones (old entries), ``unchanged`` ones."""
    return triage(new.findings, [BaselineEntry.of(f) for f in old.findings], baseline=old.path)


def document_key(pdf: str) -> str:
    return Path(pdf).name


def baseline_text(reports: Iterable[Report], existing: Mapping[str, Any] | None = None) -> str:
    """The baseline file for ``reports``, keeping other documents of an ``existing`` baseline."""
    documents: dict[str, Any] = dict((existing or {}).get("documents", {}))
    for report in reports:
        documents[document_key(report.path)] = [BaselineEntry.of(f).as_dict() for f in report.findings]
    data = {"errata_baseline": BASELINE_VERSION, "documents": dict(sorted(documents.items()))}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_baseline_file(path: str, *, missing_ok: bool = False) -> dict[str, Any]:
    if not os.path.lexists(path):
        if missing_ok:
            return {}
        raise ErrataError(f"baseline {path} does not exist (write it with 'errata baseline PDF -o {path}')")
    data = parse_json(read_text(path, f"baseline {path}"), f"baseline {path}")
    if not isinstance(data, dict) or data.get("errata_baseline") != BASELINE_VERSION:
        raise ErrataError(f"baseline {path}: not an errata baseline (version {BASELINE_VERSION})")
    if not isinstance(data.get("documents"), dict):
        raise ErrataError(f"baseline {path}: 'documents' must be an object")
    return data


def load_baseline(path: str, pdf: str) -> list[BaselineEntry]:
    """The entries recorded for ``pdf`` (by file name; a baseline of one document applies to any PDF)."""
    documents = read_baseline_file(path)["documents"]
    key = document_key(pdf)
    if key in documents:
        raw = documents[key]
    elif len(documents) == 1:
        (raw,) = documents.values()
    else:
        raw = []
    try:
        return [
            BaselineEntry(
                fingerprint=str(e["fingerprint"]),
                rule=str(e["rule"]),
                match=str(e["match"]),
                context=str(e.get("context", "")),
                page=int(e.get("page", 0)),
                page_label=e.get("page_label"),
                line=int(e.get("line", 0)),
            )
            for e in raw
        ]
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise ErrataError(f"baseline {path}: malformed entry ({type(exc).__name__}: {exc})") from None
