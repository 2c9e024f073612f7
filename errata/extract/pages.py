"""What the backends share: the handle they provide and the time limit on opening a file.

A backend module provides ``open_document(path, password) -> Handle``; a handle has ``page_count``,
``words(index) -> (words, width, height)`` for a 1-based page (raising if that page is unreadable) and
``close()``. Everything else, the layout analysis included, is the same for every backend. Pages are read in
supervised worker processes (:mod:`errata.extract.workers`), which also enforce the page timeout.
"""

from __future__ import annotations

import importlib
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from errata.extract.words import Word

BACKENDS = {"pdfplumber": "errata.extract.pdfplumber_backend", "pdfium": "errata.extract.pdfium_backend"}
OPEN_TIMEOUT = 60.0  # seconds to parse the document structure before giving up on the file


class Handle(Protocol):
    page_count: int

    def words(self, index: int) -> tuple[list[Word], float, float]: ...

    def close(self) -> None: ...


class PageTimeoutError(Exception):
    """Opening a file took longer than its time limit."""


def open_document(backend: str, path: str, password: str | None) -> Handle:
    module: Any = importlib.import_module(BACKENDS[backend])
    handle: Handle = module.open_document(path, password)
    return handle


@contextmanager
def deadline(seconds: float | None, what: str) -> Iterator[None]:
    """Raise PageTimeoutError after ``seconds`` of wall time (Unix main thread only; otherwise no limit)."""
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise PageTimeoutError(f"gave up after {seconds:g} s ({what})")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
