"""The scan pipeline, the library's entry point: ``errata.scan(path, options) -> Report``.

One call does everything a scan means, in this order: the rules are loaded once and checked against the
configuration, the pages outside ``skip-pages`` are extracted, the selected rules run, allowed phrases and
suppress entries are applied, findings are compared with the baseline, and (with ``verify``) the numbered
equations get their claims' statuses. The command line only parses options, calls these functions, picks a
reporter and sets the exit code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from errata.errors import ErrataError
from errata.extract import DEFAULT_PAGE_TIMEOUT
from errata.extract.page import PageLayout
from errata.extract.workers import DEFAULT_PAGE_MEMORY_MB
from errata.lint.registry import load_rules, select_rules
from errata.lint.rule import Rule, Severity
from errata.model.document import Document
from errata.model.findings import ClaimCheck, DerivationCheck, Report
from errata.project.config import Config


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """How to scan. Every field has the command line's default except ``jobs`` (1; the CLI uses every CPU)
    and ``use_cache`` (off; the CLI keeps a page cache).

    ``select`` replaces the configuration's selection and ``ignore`` adds to it; ``baseline`` names a
    baseline file (default: the configuration's, unless ``no_baseline``); ``verify`` runs the equations'
    claims (needs torch) and records their status per numbered equation. ``synctex`` names the SyncTeX file
    (default: ``<stem>.synctex.gz`` or ``<stem>.synctex`` beside the PDF; ``no_synctex`` reads none) whose
    source lines the findings get, relative to ``source_root`` (default: the main .tex's folder).
    """

    config: Config = field(default_factory=Config)
    pages: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_dirs: tuple[str, ...] = ()
    preview: bool = False
    password: str | None = None
    backend: str = "pdfplumber"
    jobs: int = 1
    use_cache: bool = False
    cache_dir: str | None = None
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT
    page_memory: int | None = DEFAULT_PAGE_MEMORY_MB  # megabytes a page's reader may grow by (None: no limit)
    baseline: str | None = None
    no_baseline: bool = False
    verify: bool = False
    verify_labels: str | None = None
    verify_samples: int = 20_000
    verify_device: str = "auto"
    verify_tex: str | None = None  # with verify: also check every step of this LaTeX source's display math
    synctex: str | None = None
    source_root: str | None = None
    no_synctex: bool = False
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)

    def baseline_path(self) -> str | None:
        if self.baseline is not None:
            return self.baseline
        if self.config.baseline and not self.no_baseline:
            return self.config.resolve(self.config.baseline)
        return None


@dataclass(frozen=True, slots=True)
class Plan:
    """What every PDF of one run shares: the loaded rules, checked against the configuration, and the selection."""

    options: ScanOptions
    available: dict[str, Rule]
    rules: list[Rule]


def plan(options: ScanOptions | None = None) -> Plan:
    """Load the rule packs once, check the configuration against them and select the rules to run."""
    options = options or ScanOptions()
    config = options.config
    from errata.project.config import check_rules

    available = load_rules([*options.rule_dirs, *(config.resolve(p) for p in config.rule_paths)])
    check_rules(config, available)
    rules = select_rules(
        available,
        options.select or config.select,
        (*config.ignore, *options.ignore),
        preview=options.preview,
    )
    return Plan(options, available, rules)


def scan(path: str, options: ScanOptions | None = None, *, prepared: Plan | None = None) -> Report:
    """Scan one PDF: the complete :class:`Report`, with baseline states and equation coverage (no output)."""
    from errata.lint.engine import prepare_rules

    run = prepared or plan(options)
    # The rules' models load while the pages are read.
    return finish(read(path, run.options, beside=lambda: prepare_rules(run.rules)), path, run)


def finish(doc: Document, path: str, run: Plan) -> Report:
    """The report of ``path`` from its extracted Document: rules, configuration, sources, baseline and (with
    ``verify``) equations. ``scan`` is ``read`` then ``finish``; a Document assembled from pages read
    elsewhere (see :func:`read_range`) gives the same report."""
    report = _scan_rules(doc, path, run)
    report = _with_sources(report, path, run.options)
    baseline_file = run.options.baseline_path()
    if baseline_file is not None:
        from errata.project.baseline import apply_baseline, load_baseline

        report = apply_baseline(report, load_baseline(baseline_file, path), baseline_file)
    if run.options.verify:
        report = verify_equations(report, run.options)
    return report


def read(
    path: str, options: ScanOptions | None = None, *, beside: Callable[[], object] | None = None
) -> Document:
    """Extract ``path`` as a scan would (pages, ``skip-pages``, backend, jobs, cache): its Document.
    ``beside`` runs in this process while the pages are read (see :func:`errata.extract.extract`)."""
    from errata.extract import extract

    options = options or ScanOptions()
    return extract(path, pages=_wanted(path, options), beside=beside, **_reading(options))


def _wanted(path: str, options: ScanOptions) -> str | list[int] | None:
    """``--pages`` less ``skip-pages``: a page spec, a list of pages, or None for every page."""
    if options.config.skip_pages:
        return _pages_without(path, options.pages, options.config.skip_pages, options.password)
    return options.pages


def _reading(options: ScanOptions) -> dict[str, Any]:
    """How pages are read (the keyword arguments of :func:`errata.extract.extract` besides ``pages``)."""
    return {
        "password": options.password,
        "progress": options.progress,
        "jobs": options.jobs,
        "cache_dir": options.cache_dir,
        "use_cache": options.use_cache,
        "page_timeout": options.page_timeout,
        "page_memory": options.page_memory,
        "backend": options.backend,
    }


def pages_to_read(path: str, options: ScanOptions) -> tuple[str, int, list[int]]:
    """The content hash, page count and pages (``--pages`` less ``skip-pages``) a scan of ``path`` reads."""
    from errata.extract import plan_pages

    return plan_pages(path, _wanted(path, options), password=options.password, backend=options.backend)


def read_range(path: str, pages: Sequence[int], sha256: str, options: ScanOptions) -> list[PageLayout]:
    """The layouts of some of the pages of ``path`` (see :func:`pages_to_read`), for a book read in parts."""
    from errata.extract import read_layouts

    return read_layouts(path, pages, sha256=sha256, **_reading(options))


def assemble_parts(
    path: str, parts: Sequence[Sequence[PageLayout]], sha256: str, page_count: int
) -> Document:
    """The Document of a book whose pages were read in parts (in page order, as :func:`read` reads them)."""
    from errata.extract import build_document

    layouts = [layout for part in parts for layout in part]
    return build_document(layouts, path=path, sha256=sha256, page_count=page_count)


def _scan_rules(doc: Document, path: str, run: Plan) -> Report:
    """Run the rules on ``path``'s Document under the configuration (no baseline, no equations)."""
    from errata.lint.engine import run_rules
    from errata.project.suppress import apply_config

    config = run.options.config
    severities = {rid: Severity(rc.severity) for rid, rc in config.rules.items() if rc.severity is not None}
    findings, problems = run_rules(doc, run.rules, options=config.rule_options(), severities=severities)
    report = Report(
        path=path,
        sha256=doc.sha256,
        page_count=doc.page_count,
        pages_scanned=doc.pages_scanned,
        findings=findings,
        problems=doc.problems + problems,
        rules=[r.info() for r in run.rules],
        equations=doc.equations,
        page_labels=doc.page_labels,
    )
    return apply_config(report, config)


def _with_sources(report: Report, path: str, options: ScanOptions) -> Report:
    """Source lines from SyncTeX and the LaTeX log's undefined references, when they lie beside the PDF."""
    from errata.sources import attach_sources

    return attach_sources(
        report,
        path,
        synctex=options.synctex,
        source_root=options.source_root,
        use_synctex=not options.no_synctex,
    )


def _pages_without(path: str, pages: str | None, skip: str, password: str | None) -> list[int] | str | None:
    """The pages of ``pages`` (default: all) outside the ``skip-pages`` ranges."""
    from errata.extract import count_pages, parse_pages
    from errata.project.config import parse_skip_pages
    from errata.util.ranges import in_ranges

    ranges = parse_skip_pages(skip)
    count = count_pages(path, password)
    wanted = [p for p in parse_pages(pages, count) if not in_ranges(p, ranges)]
    if not wanted:
        raise ErrataError(f"skip-pages {skip!r} leaves no page of {path} to scan")
    return wanted


def verify_equations(report: Report, options: ScanOptions) -> Report:
    """Run the built-in claims and record, per equation label found in the PDF, the claims covering it."""
    from errata.verify import builtin_claims, claims_for_labels, load_labels, run_claims
    from errata.verify.core import DeviceUnavailableError, TorchMissingError
    from errata.verify.labels import apply_labels

    try:
        labels = load_labels(options.verify_labels) if options.verify_labels else None
        claims = builtin_claims() if labels is None else apply_labels(builtin_claims(), labels)
        results = run_claims(claims, device=options.verify_device, samples=options.verify_samples)
    except (TorchMissingError, DeviceUnavailableError, OSError, ValueError) as exc:
        raise ErrataError(f"--verify: {exc}") from None
    coverage = claims_for_labels([e.label for e in report.equations], claims=claims, results=results)
    typed = {
        label: [ClaimCheck(c.claim_id, c.summary, c.status) for c in covered]
        for label, covered in coverage.items()
    }
    report = replace(report, equation_claims=typed)
    if options.verify_tex is not None:
        report = replace(report, derivations=check_derivations(options.verify_tex, options))
    return report


def check_derivations(tex: str, options: ScanOptions) -> list[DerivationCheck]:
    """Every step of ``tex``'s display math, checked numerically with torch."""
    from errata.verify.core import DeviceUnavailableError, TorchMissingError
    from errata.verify.tex import NotationError, TexSourceError, check_tex

    try:
        checked = check_tex(tex, device=options.verify_device)
    except (TorchMissingError, DeviceUnavailableError, TexSourceError, NotationError, OSError) as exc:
        raise ErrataError(f"--tex: {exc}") from None
    return [DerivationCheck(s.file, s.line, s.kind, str(s.verdict), s.details) for s in checked.steps]


def baseline(
    paths: Sequence[str], options: ScanOptions | None = None, *, existing: str | None = None
) -> tuple[list[Report], str]:
    """Today's reports of ``paths`` and the baseline file text that accepts their findings (keeping the other
    documents of the ``existing`` baseline file)."""
    from errata.project.baseline import baseline_text, read_baseline_file

    run = plan(replace(options or ScanOptions(), no_baseline=True, baseline=None, verify=False))
    reports = [scan(p, prepared=run) for p in paths]
    kept = read_baseline_file(existing, missing_ok=True) if existing else None
    return reports, baseline_text(reports, kept)


def diff(old: str, new: str, options: ScanOptions | None = None) -> tuple[Report, Report]:
    """Both drafts' reports; the newer one's findings carry their state against the older one's."""
    from errata.project.baseline import diff as compare

    run = plan(replace(options or ScanOptions(), no_baseline=True, baseline=None, verify=False))
    before, after = scan(old, prepared=run), scan(new, prepared=run)
    return before, compare(before, after)


def overwrites(output: str, inputs: Sequence[str]) -> bool:
    """Whether writing ``output`` would replace one of ``inputs``."""
    import os

    target = Path(output).resolve()
    return any(
        os.path.exists(p)
        and (target == Path(p).resolve() or (os.path.exists(output) and os.path.samefile(output, p)))
        for p in inputs
    )
