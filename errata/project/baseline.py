"""Baselines: the findings a project has accepted, matched by content, and the comparison of two drafts.

Baseline entries are matched by the finding's content fingerprint (rule, match, sentence, occurrence; never
page or line), so an edit elsewhere in the book does not make an accepted finding look new. A finding whose
sentence itself was edited falls back to a looser match: same rule, same matched text, a sentence at least 80%
alike; SARIF calls such a finding ``updated``.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from errata.errors import ErrataError
from errata.model.findings import BaselineEntry, BaselineResult, BaselineState, Finding, Report
from errata.util.inputs import parse_json, read_text
from errata.util.text import normalise

BASELINE_VERSION = 1
_SIMILAR = 0.8


def match_entries(findings: Sequence[Finding], entries: Sequence[BaselineEntry]) -> dict[str, BaselineEntry]:
    """Finding fingerprint -> the entry it matches: by fingerprint first, then by rule, match and sentence."""
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
            if e.rule != f.rule or normalise(e.match) != normalise(f.match):
                continue
            ratio = difflib.SequenceMatcher(None, normalise(e.context), normalise(f.context)).ratio()
            if ratio >= _SIMILAR and (best is None or ratio > best[0]):
                best = (ratio, i)
        if best is not None:
            matched[f.fingerprint] = free.pop(best[1])
    return matched


def apply_baseline(report: Report, entries: Sequence[BaselineEntry], source: str) -> Report:
    """The report with every finding's baseline state set and the entries no longer found listed as fixed."""
    matched = match_entries(report.findings, entries)

    def state(f: Finding) -> BaselineState:
        entry = matched.get(f.fingerprint)
        if entry is None:
            return BaselineState.NEW
        return BaselineState.UNCHANGED if entry.fingerprint == f.fingerprint else BaselineState.UPDATED

    used = {id(e) for e in matched.values()}
    fixed = tuple(e for e in entries if id(e) not in used)
    return replace(
        report,
        findings=[replace(f, baseline=state(f)) for f in report.findings],
        baseline=BaselineResult(source=source, fixed=fixed, matched=matched),
    )


def diff(old: Report, new: Report) -> Report:
    """The newer draft's report against the older one's findings: new, fixed and remaining findings."""
    return apply_baseline(new, [BaselineEntry.of(f) for f in old.findings], old.path)


def counts(report: Report) -> str:
    """ "1 new, 3 in the baseline, 1 fixed" """
    s = report.summary()
    return f"{s.new} new, {s.unchanged} in the baseline, {s.fixed} fixed"


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
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise ErrataError(f"baseline {path}: malformed entry ({type(exc).__name__}: {exc})") from None
