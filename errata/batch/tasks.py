"""The work of a catalogue scan in pieces a worker process (local or on a cluster) can run by itself.

A book is one task (:func:`scan_book`) or, when it has many pages, a task per run of pages
(:func:`read_part`) and one that assembles their layouts and runs the rules (:func:`finish_book`). Every task
first checks that it reads the client's file (same content hash) with the client's errata version, and answers
an :class:`Outcome`: a value, or the one-line reason the book failed. An :class:`~errata.errors.ErrataError`
(an unreadable PDF, a changed file) is such an answer and is not retried; anything else (a worker that died,
a bug) is raised, for the cluster to retry.
"""

from __future__ import annotations

import os
import pickle
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from errata.errors import ErrataError
from errata.model.findings import Report
from errata.pipeline import Plan, ScanOptions, assemble_parts, finish, plan, read, read_range


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a task answers: its value, or why the book failed (one line)."""

    value: Any = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class BookTask:
    """One book as the client planned it: the path as given, the client's working directory (a relative path
    is read from there), its content hash and page count, the pages to read and the scan's options."""

    path: str
    cwd: str
    sha256: str
    version: str
    options: ScanOptions
    page_count: int = 0
    pages: tuple[int, ...] = ()  # empty: the pages a scan reads (the book was not planned on the client)
    checked: bool = field(default=True)  # check the file's hash on the worker (off where it is the client)


_PLANS: dict[bytes, Plan] = {}
_PLAN_LOCK = threading.Lock()
_CWD_LOCK = threading.RLock()


def _plan(options: ScanOptions) -> Plan:
    """The rules of ``options``, loaded once per worker process."""
    key = pickle.dumps(options)
    with _PLAN_LOCK:
        if key not in _PLANS:
            _PLANS[key] = plan(options)
        return _PLANS[key]


@contextmanager
def _in(cwd: str) -> Iterator[None]:
    """Run in the client's working directory, so that its relative paths (books, baseline, rule folders)
    mean the same files. A worker runs one task at a time (``--nthreads 1``); the lock keeps two apart."""
    with _CWD_LOCK:
        here = os.getcwd()
        if here == cwd:
            yield
            return
        try:
            os.chdir(cwd)
        except OSError:
            raise ErrataError(
                f"the client's working directory {cwd} is not on worker {socket.gethostname()}: "
                "the books must be on a filesystem the client and every worker share"
            ) from None
        try:
            yield
        finally:
            os.chdir(here)


def _check(task: BookTask) -> None:
    from errata import __version__
    from errata.extract import file_sha256

    if task.version != __version__:
        raise ErrataError(
            f"worker {socket.gethostname()} runs errata {__version__}, the client {task.version}: "
            "install the same version everywhere"
        )
    if not task.checked:
        return
    try:
        sha = file_sha256(task.path)
    except OSError as exc:
        raise ErrataError(
            f"{task.path}: not readable on worker {socket.gethostname()} ({exc.strerror or exc}): "
            "the books must be on a filesystem the client and every worker share"
        ) from None
    if sha != task.sha256:
        raise ErrataError(
            f"{task.path}: the file on worker {socket.gethostname()} is not the client's "
            f"(sha256 {sha[:12]}… against {task.sha256[:12]}…): the books must be on a filesystem the client "
            "and every worker share"
        )


def _options(task: BookTask, jobs: int) -> ScanOptions:
    return replace(task.options, jobs=jobs, progress=None)


def scan_book(task: BookTask, jobs: int = 1) -> Outcome:
    """A whole book in one task, its pages read by ``jobs`` supervised readers."""
    try:
        with _in(task.cwd):
            _check(task)
            run = _plan(_options(task, jobs))
            if not task.pages:
                return Outcome(finish(read(task.path, run.options), task.path, run))
            layouts = read_range(task.path, task.pages, task.sha256, run.options)
            doc = assemble_parts(task.path, [layouts], task.sha256, task.page_count)
            return Outcome(finish(doc, task.path, run))
    except ErrataError as exc:
        return Outcome(error=str(exc))


def read_part(task: BookTask, pages: tuple[int, ...]) -> Outcome:
    """Some pages of a big book: their layouts."""
    try:
        with _in(task.cwd):
            _check(task)
            return Outcome(read_range(task.path, pages, task.sha256, _options(task, 1)))
    except ErrataError as exc:
        return Outcome(error=str(exc))


def finish_book(task: BookTask, *parts: Outcome) -> Outcome:
    """A big book from its parts' layouts (in page order): the rules, configuration, sources and baseline."""
    failed = next((p for p in parts if p.error is not None), None)
    if failed is not None:
        return failed
    try:
        with _in(task.cwd):
            run = _plan(_options(task, 1))
            doc = assemble_parts(task.path, [p.value for p in parts], task.sha256, task.page_count)
            report: Report = finish(doc, task.path, run)
            return Outcome(report)
    except ErrataError as exc:
        return Outcome(error=str(exc))
