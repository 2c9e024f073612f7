"""The library entry point: ``errata.scan(path) -> Report``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from errata.engine import run_rules
from errata.findings import Report
from errata.registry import load_rules
from errata.rule import Rule, Severity, Status


def select_rules(
    available: Mapping[str, Rule],
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    *,
    preview: bool = False,
) -> list[Rule]:
    """Rules to run: ``select`` (ids or categories; default all stable) minus ``ignore``."""
    from errata.errors import ErrataError

    def expand(selector: str) -> set[str]:
        if selector in available:
            return {selector}
        ids = {r.id for r in available.values() if r.category == selector}
        if selector == "all":
            ids = set(available)
        if not ids:
            import difflib

            close = difflib.get_close_matches(selector, list(available), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ErrataError(f"unknown rule or category {selector!r}{hint}; see 'errata rules'")
        return ids

    if select:
        chosen: set[str] = set().union(*(expand(s) for s in select))
    else:
        chosen = {r.id for r in available.values() if preview or r.status is Status.STABLE}
    for selector in ignore:
        chosen -= expand(selector)
    return [available[i] for i in sorted(chosen)]


def scan(
    path: str,
    *,
    pages: str | Sequence[int] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    rule_dirs: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    severities: Mapping[str, Severity] | None = None,
    password: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Extract ``path``, run the selected rules and return the report (no output is written)."""
    from errata.extract import extract

    rules = select_rules(load_rules(rule_dirs), select, ignore)
    doc = extract(path, pages=pages, password=password, progress=progress)
    findings, problems = run_rules(doc, rules, options=options, severities=severities)
    return Report(
        path=path,
        sha256=doc.sha256,
        page_count=doc.page_count,
        pages_scanned=doc.pages_scanned,
        findings=findings,
        problems=doc.problems + problems,
        rules=[r.id for r in rules],
        equations=doc.equations,
        page_labels=doc.page_labels,
    )
