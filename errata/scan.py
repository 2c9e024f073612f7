"""The library entry point: ``errata.scan(path) -> Report``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from errata.config import Config
from errata.engine import run_rules
from errata.model.findings import Report
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

            categories = sorted({r.category for r in available.values()})
            close = difflib.get_close_matches(selector, [*available, *categories], n=1)
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
    **extract_options: Any,
) -> Report:
    """Extract ``path``, run the selected rules and return the report (no output is written).

    ``extract_options`` go to :func:`errata.extract.extract`: ``jobs``, ``use_cache``, ``cache_dir``,
    ``page_timeout``.
    """
    from errata.extract import extract

    rules = select_rules(load_rules(rule_dirs), select, ignore)
    doc = extract(path, pages=pages, password=password, progress=progress, **extract_options)
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


def scan_configured(
    path: str,
    config: Config,
    *,
    pages: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    rule_dirs: Sequence[str] = (),
    password: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    **extract_options: Any,
) -> Report:
    """:func:`scan` under a project configuration; ``select`` replaces the config's, ``ignore`` adds to it.

    Pages in ``skip-pages`` are not read at all; per-rule severities and options come from ``[rules.<id>]``;
    allowed phrases, suppress entries and the single-chapter downgrade are applied to the findings.
    """
    from errata.config import check_rule_ids
    from errata.suppress import apply_config

    dirs = [*rule_dirs, *(config.resolve(p) for p in config.rule_paths)]
    check_rule_ids(config, list(load_rules(dirs)))
    wanted: str | list[int] | None = pages
    if config.skip_pages:
        wanted = _pages_without(path, pages, config.skip_pages, password)
    severities = {rid: Severity(rc.severity) for rid, rc in config.rules.items() if rc.severity is not None}
    report = scan(
        path,
        pages=wanted,
        select=tuple(select) or config.select,
        ignore=(*config.ignore, *ignore),
        rule_dirs=dirs,
        options=config.rule_options(),
        severities=severities,
        password=password,
        progress=progress,
        **extract_options,
    )
    return apply_config(report, config)


def _pages_without(path: str, pages: str | None, skip: str, password: str | None) -> list[int] | str | None:
    """The pages of ``pages`` (default: all) outside the ``skip-pages`` ranges."""
    from errata.config import in_ranges, parse_skip_pages
    from errata.errors import ErrataError
    from errata.extract import count_pages, parse_pages

    ranges = parse_skip_pages(skip)
    count = count_pages(path, password)
    wanted = [p for p in parse_pages(pages, count) if not in_ranges(p, ranges)]
    if not wanted:
        raise ErrataError(f"skip-pages {skip!r} leaves no page of {path} to scan")
    return wanted
