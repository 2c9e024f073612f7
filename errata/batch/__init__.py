"""A publisher's whole catalogue in one run: every book below some folders, spread over the cores or a cluster.

:func:`scan_catalogue` finds the books (:func:`errata.catalogue.find_books`), skips those the state file says
are finished and unchanged, and scans the others in one of three ways:

- in this process, one book after another, each book's pages read by ``jobs`` supervised readers (one job, or
  a single book to scan: pages are spread over the cores as for one PDF);
- in a pool of ``jobs`` local processes (several books): each book is a task, and a book of more than
  ``range_pages`` pages is a task per run of pages plus one that assembles them and runs the rules, so many
  small books and a few big ones all keep the cores busy;
- on a Dask cluster (``runner`` from :func:`errata.batch.cluster.connect`), with the same tasks.

However the work is spread, each book's result is handled in the books' order on the client: its report is
rendered and written, the state file records it, the caller hears of it (``events``), and the summary lists the
books in that order. The report files, the summary and the state file are the same bytes whatever ``jobs``
and wherever the tasks ran. Rendering needs the output layer, which sits above this one: the caller passes
an :class:`Output` (see :func:`errata.output.render.catalogue_output`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from errata.batch.tasks import BookTask, Outcome, finish_book, read_part, scan_book
from errata.catalogue import Book, State, find_books, settings_key, summary_dict
from errata.errors import ErrataError
from errata.model.findings import BookSummary, Report
from errata.pipeline import Plan, pages_to_read, scan

RANGE_PAGES = 32  # pages per task when a big book is split
STATE_EVERY = 1.0  # seconds between two writes of the state file


@dataclass(frozen=True, slots=True)
class Output:
    """How a catalogue's files are written: the reports' extension and text (a report and its target path),
    the summary's extension and text (from :func:`errata.catalogue.summary_dict`), and what decides a report's
    bytes besides the rules and options (it keys the state file, so a re-run in another format scans again)."""

    ext: str
    report: Callable[[Report, str], str]
    summary_ext: str
    summary: Callable[[dict[str, Any]], str]
    settings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    """Something the caller may tell the user, one line each: ``skipped`` (unchanged since the last run),
    ``written`` (a report), ``baseline`` (a book's counts against its baseline), ``warning``, ``failed`` (a
    book that could not be scanned) and ``summary``."""

    kind: str
    text: str
    book: str = ""


@dataclass(frozen=True, slots=True)
class Catalogue:
    """What a catalogue scan did: its exit code (0, 1 findings at the threshold, 2 a book failed), the summary
    (as written) and where it was written."""

    code: int
    summary: dict[str, Any]
    summary_path: str
    failed: tuple[tuple[str, str], ...] = field(default=())  # (book path, reason)


class Runner(Protocol):
    """Where tasks run: ``submit`` a function with its arguments (the answers of ``after`` appended), then
    ``result`` of a handle (an :class:`Outcome`; a task that raised, or whose worker died, gives its error)."""

    local: bool  # whether the tasks run on this machine (their files need no second check)

    def submit(self, fn: Callable[..., Outcome], *args: Any, after: Sequence[Any] = ()) -> Any: ...

    def result(self, handle: Any) -> Outcome: ...

    def close(self) -> None: ...


def scan_catalogue(
    paths: Sequence[str],
    run: Plan,
    output: Output,
    *,
    folder: str = "reports",
    pattern: str = "*.pdf",
    threshold: str = "error",
    jobs: int = 1,
    runner: Runner | None = None,
    range_pages: int = RANGE_PAGES,
    events: Callable[[Event], None] = lambda event: None,
) -> Catalogue:
    """Scan every book below ``paths`` into ``folder`` (see the module's docstring). ``run.options.progress``
    hears of the pages of the books read in this process (one job, or one book), not of those in a pool or
    on a cluster."""
    from errata import __version__
    from errata.extract import file_sha256

    options = run.options
    key = settings_key(
        __version__, *output.settings, [r.id for r in run.rules], options.config, options.pages,
        options.baseline_path(), options.backend, options.verify,
    )  # fmt: skip
    state = State(folder, key)
    books = find_books(paths, pattern)
    finished: dict[str, BookSummary] = {}
    unreadable: dict[str, str] = {}
    todo: list[tuple[Book, str]] = []
    for book in books:  # hashing is cheap next to scanning: all of it first, then the work is spread
        try:
            sha = file_sha256(book.path)
        except OSError as exc:
            unreadable[book.name] = f"{book.path}: {exc.strerror or exc}"
            continue
        done = state.done(book, sha)
        if done is not None:
            finished[book.name] = done
        else:
            todo.append((book, sha))
    local = runner is None
    if runner is None:
        if jobs <= 1 or len(todo) <= 1:
            runner = _Inline(run, jobs)
        else:
            from errata.batch.local import LocalRunner

            runner = LocalRunner(jobs)
    summaries: list[BookSummary] = []
    failed: list[tuple[Book, str]] = []
    code = 0
    flushed = time.monotonic()
    try:
        handles = {book.name: _submit(runner, book, sha, run, range_pages) for book, sha in todo}
        for book in books:  # in the books' order, whatever order the tasks finish in
            if book.name in finished:
                summary = finished[book.name]
                events(Event("skipped", f"{book.path}: unchanged since the last run, report {summary.report}",
                             book.path))  # fmt: skip
            else:
                written, reason = None, unreadable.get(book.name)
                if reason is None:
                    written, reason = _finish(book, handles[book.name], runner, folder, output, events)
                if written is None:
                    failed.append((book, reason or "not scanned"))
                    events(Event("failed", reason or "not scanned", book.path))
                    continue
                summary = written
                # The whole file is rewritten each time: at most once a second, so that a catalogue of
                # thousands of books does not write the file thousands of times (an interrupted run loses
                # at most a second's books, whose reports are simply written again).
                now = time.monotonic()
                state.record(book, summary, write=now - flushed >= STATE_EVERY)
                flushed = now if not state.dirty else flushed
            summaries.append(summary)
            code = max(code, 1 if summary.fails(threshold) else 0)
    finally:
        state.flush()
        if local:
            runner.close()
    skipped = {name: True for name in finished}
    data = summary_dict(summaries, skipped, failed=[(b.name, b.path, why) for b, why in failed])
    target = os.path.join(folder, f"summary.{output.summary_ext}")
    from errata.util.atomic import write_atomic

    write_atomic(target, output.summary(data))
    totals = data["totals"]
    events(
        Event(
            "summary",
            f"{totals['findings']} findings in {totals['books']} books: summary written to {target}",
        )
    )
    if failed:
        code = 2
    return Catalogue(code, data, target, tuple((b.path, why) for b, why in failed))


def _submit(runner: Runner, book: Book, sha: str, run: Plan, range_pages: int) -> Any:
    """The book's tasks: one, or a task per run of pages and one that assembles them. A book that cannot
    be planned (not a PDF, no pages) is its failed :class:`Outcome` at once."""
    from errata import __version__

    task = BookTask(book.path, os.getcwd(), sha, __version__, replace(run.options, progress=None))
    if isinstance(runner, _Inline):
        return runner.submit(scan_book, task)
    try:
        _, page_count, pages = pages_to_read(book.path, run.options)
    except ErrataError as exc:
        return Outcome(error=str(exc))
    checked = not runner.local
    task = replace(task, page_count=page_count, pages=tuple(pages), checked=checked)
    if len(pages) <= range_pages:
        return runner.submit(scan_book, task)
    parts = [
        runner.submit(read_part, task, tuple(pages[i : i + range_pages]))
        for i in range(0, len(pages), range_pages)
    ]
    return runner.submit(finish_book, replace(task, pages=()), after=parts)


def _finish(
    book: Book, handle: Any, runner: Runner, folder: str, output: Output, events: Callable[[Event], None]
) -> tuple[BookSummary | None, str | None]:
    """Wait for the book's result and write its report: its summary, or why it failed."""
    outcome = handle if isinstance(handle, Outcome) else runner.result(handle)
    if outcome.error is not None:
        return None, outcome.error if book.path in outcome.error else f"{book.path}: {outcome.error}"
    try:
        return _write(book, outcome.value, folder, output, events), None
    except ErrataError as exc:
        return None, str(exc)


def _write(
    book: Book, report: Report, folder: str, output: Output, events: Callable[[Event], None]
) -> BookSummary:
    from errata.pipeline import overwrites
    from errata.project.baseline import counts
    from errata.util.atomic import write_atomic

    target = os.path.join(folder, f"{book.name}.{output.ext}")
    if overwrites(target, [book.path]):
        raise ErrataError(f"the report would overwrite the input {book.path}")
    write_atomic(target, output.report(report, target))
    events(
        Event(
            "written",
            f"{len(report.findings)} findings in {book.path}: report written to {target}",
            book.path,
        )
    )
    if report.baseline is not None:
        events(Event("baseline", f"{counts(report)} (baseline {report.baseline.source})", book.path))
    for problem in report.problems:
        events(Event("warning", problem.message, book.path))
    return BookSummary.of(report, book.name, target)


class _Inline:
    """This process, one book at a time, each book's pages read by ``jobs`` supervised readers."""

    local = True

    def __init__(self, run: Plan, jobs: int) -> None:
        self.run = replace(run, options=replace(run.options, jobs=max(1, jobs)))  # progress as given

    def submit(self, fn: Callable[..., Outcome], *args: Any, after: Sequence[Any] = ()) -> Any:
        (task,) = args
        return task

    def result(self, handle: Any) -> Outcome:
        task: BookTask = handle
        try:
            return Outcome(scan(task.path, prepared=self.run))
        except ErrataError as exc:
            return Outcome(error=str(exc))

    def close(self) -> None:
        pass
