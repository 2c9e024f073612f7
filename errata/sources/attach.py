"""Give a report's findings their source lines (SyncTeX) and check its unresolved references against the log.

A SyncTeX file is used only when it belongs to the PDF: not older than it, with as many pages, and with a line
box under the printed lines the findings are on. Otherwise the report gets one ``synctex-unusable`` problem
and no source lines. The LaTeX log beside the PDF is read the same way (a log of another build is passed over
with a ``latex-log-unusable`` problem).
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from errata.model.document import Location, Problem, SourceSpot
from errata.model.findings import Finding, Report, Severity
from errata.sources.latexlog import LatexLog, Undefined, is_tex_log, parse_log
from errata.sources.synctex import SyncTex, SyncTexError, word_source

MTIME_SLACK = 2.0  # seconds a SyncTeX file or log may seem older than its PDF (file systems, checkouts)
MAX_SOURCE_BYTES = 8_000_000  # a source file larger than this is not read to check a line
LOOK_AHEAD = 3  # source lines after the one the space before a word names, where the word may start
MIN_MATCHED = 0.5  # below this share of located pieces on a SyncTeX line box, the file is of another build
UNRESOLVED = "unresolved-reference"


def beside(pdf: str, *suffixes: str) -> str | None:
    """The first existing ``<pdf stem><suffix>`` next to ``pdf``."""
    stem = os.path.splitext(pdf)[0]
    return next((stem + s for s in suffixes if os.path.isfile(stem + s)), None)


def find_synctex(pdf: str) -> str | None:
    return beside(pdf, ".synctex.gz", ".synctex")


class _Paths:
    """Input paths made relative to the source root (forward slashes); paths outside it stay absolute."""

    def __init__(self, root: str | None, build_dir: str) -> None:
        self.build_dir = os.path.abspath(build_dir)
        self.root = os.path.abspath(root) if root is not None else self.build_dir
        self._cache: dict[str, str] = {}

    def name(self, path: str) -> str:
        if path in self._cache:
            return self._cache[path]
        full = os.path.normpath(path if os.path.isabs(path) else os.path.join(self.build_dir, path))
        out = Path(full).as_posix()
        for base in (self.root, self.build_dir):
            try:
                out = Path(full).relative_to(base).as_posix()
                break
            except ValueError:
                continue
        self._cache[path] = out
        return out


def _stale(path: str, pdf: str, what: str) -> str | None:
    try:
        if os.path.getmtime(path) + MTIME_SLACK < os.path.getmtime(pdf):
            return f"{os.path.basename(path)} is older than {os.path.basename(pdf)}: {what}"
    except OSError:
        pass
    return None


def attach_sources(
    report: Report,
    pdf: str,
    *,
    synctex: str | None = None,
    source_root: str | None = None,
    use_synctex: bool = True,
    use_log: bool = True,
) -> Report:
    """``report`` with a :class:`SourceSpot` on every location SyncTeX can place, and its unresolved
    references checked against the LaTeX log beside ``pdf``."""
    problems = list(report.problems)
    findings = report.findings
    build_dir = os.path.dirname(os.path.abspath(pdf))
    paths = _Paths(source_root, build_dir)
    if use_synctex:
        findings, paths, problem = _with_sources(
            findings, pdf, synctex, source_root, paths, report.page_count
        )
        if problem is not None:
            problems.append(Problem("synctex-unusable", problem))
    log_path = beside(pdf, ".log") if use_log else None
    if log_path is not None:
        findings, notes = _check_log(findings, log_path, pdf, report, paths)
        problems += notes
    return replace(report, findings=findings, problems=problems)


def _with_sources(
    findings: list[Finding],
    pdf: str,
    synctex: str | None,
    source_root: str | None,
    paths: _Paths,
    page_count: int,
) -> tuple[list[Finding], _Paths, str | None]:
    """The findings with sources, the path mapper (rooted at the main .tex's folder) and a problem, if any."""
    path = synctex or find_synctex(pdf)
    if path is None:
        return findings, paths, None
    if not os.path.isfile(path):
        return findings, paths, f"SyncTeX file {path} not found: no source lines"
    stale = _stale(path, pdf, "no source lines (rebuild with -synctex=1)")
    if stale is not None:
        return findings, paths, stale
    try:
        data = SyncTex.open(path)
    except SyncTexError as exc:
        return findings, paths, f"{exc}: no source lines"
    name = os.path.basename(path)
    if data.page_count != page_count:
        return (
            findings,
            paths,
            f"{name} is from another build ({data.page_count} pages, the PDF has {page_count}): no source lines",
        )
    main = data.input_path(min(data.inputs)) if data.inputs else None
    if main is not None:
        paths = _Paths(source_root, os.path.dirname(main))
    located = placed = 0
    out: list[Finding] = []
    texts = _Texts()
    for f in findings:
        locations = []
        words = f.match.split()
        for i, loc in enumerate(f.locations):
            # the first word of a piece: the match's first, or its i-th when each piece holds one word
            word = words[0] if i == 0 and words else None
            if i > 0 and len(words) == len(f.locations):
                word = words[i]
            spot = _spot(data, loc, paths, word, texts)
            located += 1
            placed += spot is not None
            locations.append(replace(loc, source=spot) if spot is not None else loc)
        out.append(replace(f, locations=tuple(locations)) if f.locations else f)
    if located and placed < MIN_MATCHED * located:
        return findings, paths, f"{name} does not match the PDF's lines (another build?): no source lines"
    return out, paths, None


def _spot(data: SyncTex, loc: Location, paths: _Paths, word: str | None, texts: _Texts) -> SourceSpot | None:
    page = data.page(loc.page)
    if page is None:
        return None
    x0, top, _, bottom = loc.bbox
    box = page.line_box(top, bottom, x0)
    if box is None:
        return None
    tag, line, from_before = word_source(box, x0)
    file = data.input_path(tag)
    if file is None or line < 1:
        return None
    if from_before and word is not None:
        line = texts.line_of(file, line, word)
    return SourceSpot(paths.name(file), line)


_LETTERS = re.compile(r"[^\w]+")


class _Texts:
    """Source files read on demand, to tell which of two neighbouring lines holds a word."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}

    def lines(self, path: str) -> list[str] | None:
        if path not in self._lines:
            try:
                if os.path.getsize(path) > MAX_SOURCE_BYTES:
                    raise OSError
                with open(path, encoding="utf-8", errors="replace") as fh:
                    self._lines[path] = [_LETTERS.sub("", t.split("%", 1)[0]).lower() for t in fh]
            except OSError:
                self._lines[path] = None
        return self._lines[path]

    def line_of(self, path: str, line: int, word: str) -> int:
        """``line``, or the first of the next few lines that holds ``word`` when ``line`` does not (the space
        before a word that starts a source line ends the line before it)."""
        lines = self.lines(path)
        key = _LETTERS.sub("", word).lower()
        if lines is None or not key or line > len(lines) or _holds(lines[line - 1], key):
            return line
        for nxt in range(line + 1, min(line + LOOK_AHEAD, len(lines)) + 1):
            if _holds(lines[nxt - 1], key):
                return nxt
        return line


def _holds(text: str, key: str) -> bool:
    """Whether a source line's letters hold the word, or the first half of a long one (hyphenated at the
    line's end, the page shows only its start)."""
    return key in text or (len(key) >= 6 and key[: (len(key) + 1) // 2] in text)


def _kind(f: Finding) -> str | None:
    """ "citation" for a "[?]" or "(?)" finding, "reference" for a "??" one, None for anything else."""
    if f.rule != UNRESOLVED:
        return None
    if "?]" in f.match or "(?)" in f.match:
        return "citation"
    return "reference" if "??" in f.match else None


def _check_log(
    findings: list[Finding], log_path: str, pdf: str, report: Report, paths: _Paths
) -> tuple[list[Finding], list[Problem]]:
    try:
        text = Path(log_path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return findings, [Problem("latex-log-unusable", f"{log_path}: {exc.strerror or exc}")]
    if not is_tex_log(text):
        return findings, []
    log = parse_log(text)
    name = os.path.basename(log_path)
    stale = _stale(log_path, pdf, "its warnings were not checked")
    if stale is None and log.output_pages is not None and log.output_pages != report.page_count:
        stale = f"{name} is from another build ({log.output_pages} pages, the PDF has {report.page_count})"
    if stale is not None:
        return findings, [Problem("latex-log-unusable", stale)]
    matched = _match(findings, log, report)
    out: list[Finding] = []
    for i, f in enumerate(findings):
        w = matched.get(i)
        if w is not None:
            out.append(replace(f, message=f"{f.message} ({_named(w, paths)})"))
        elif _kind(f) is not None:
            severity = Severity.WARNING if f.severity.rank > Severity.WARNING.rank else f.severity
            note = "no undefined reference in the LaTeX log behind it: typed as text, or another build"
            out.append(replace(f, severity=severity, message=f"{f.message} ({note})"))
        else:
            out.append(f)
    problems = [
        Problem("undefined-reference", f"{_named(w, paths)}, not printed where a rule reads it", None)
        for w in _unmatched(log, matched)
    ]
    if log.undefined_summary or log.rerun:
        said = []
        if log.undefined_summary:
            said.append("there were undefined references")
        if log.rerun:
            said.append("labels may have changed (rerun LaTeX to get cross-references right)")
        problems.append(Problem("latex-log", f"{name}: {' and '.join(said)}"))
    return out, problems


def _named(w: Undefined, paths: _Paths) -> str:
    what = f"\\ref{{{w.key}}} is undefined" if w.kind == "reference" else f"\\cite{{{w.key}}} is undefined"
    if w.line is not None:
        where = f"{paths.name(w.file)}:{w.line}" if w.file else f"input line {w.line}"
        return f"{what} at {where}"
    return what


def _unmatched(log: LatexLog, matched: dict[int, Undefined]) -> list[Undefined]:
    used = list(matched.values())
    out = []
    for w in log.undefined:
        if w in used:
            used.remove(w)
        else:
            out.append(w)
    return out


def _match(findings: list[Finding], log: LatexLog, report: Report) -> dict[int, Undefined]:
    """Finding index -> the log warning behind it: first by source line (SyncTeX), then by page, in order."""
    by_label: dict[str, int] = {}
    for page, label in sorted(report.page_labels.items()):
        by_label.setdefault(label or str(page), page)
    candidates = [i for i, f in enumerate(findings) if _kind(f) is not None]
    matched: dict[int, Undefined] = {}
    pending: list[Undefined] = []
    for w in log.undefined:
        hit = next(
            (
                i
                for i in candidates
                if i not in matched
                and _kind(findings[i]) == w.kind
                and any(
                    loc.source is not None
                    and loc.source.line == w.line
                    and (w.file is None or _same_file(loc.source.file, w.file))
                    for loc in findings[i].locations
                )
            ),
            None,
        )
        if hit is None:
            pending.append(w)
        else:
            matched[hit] = w
    for w in pending:
        first = by_label.get(w.page) if w.page is not None else None
        pages = {first, first + 1} if first is not None else set()
        hit = next(
            (
                i
                for i in candidates
                if i not in matched
                and _kind(findings[i]) == w.kind
                and (not pages or findings[i].page in pages)
                and all(loc.source is None for loc in findings[i].locations)
            ),
            None,
        )
        if hit is not None:
            matched[hit] = w
    return matched


def _same_file(source: str, logged: str) -> bool:
    a = Path(source).as_posix().removeprefix("./")
    b = Path(logged).as_posix().removeprefix("./")
    return a == b or a.endswith("/" + b) or b.endswith("/" + a)
