"""Page-by-page extraction shared by the backends: isolation, timeouts and the unit of parallel work.

A backend module provides ``open_document(path, password) -> Handle``; a handle has ``page_count``,
``words(index) -> (words, width, height)`` for a 1-based page (raising if that page is unreadable) and
``close()``. Everything else, the layout analysis included, is the same for every backend.
"""

from __future__ import annotations

import importlib
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from errata.extract.page import PageLayout, analyze_page
from errata.extract.words import Word

BACKENDS = {"pdfplumber": "errata.extract.pdfplumber_backend", "pdfium": "errata.extract.pdfium_backend"}
OPEN_TIMEOUT = 60.0  # seconds to parse the document structure before giving up on the file


class Handle(Protocol):
    page_count: int

    def words(self, index: int) -> tuple[list[Word], float, float]: ...

    def close(self) -> None: ...


class PageTimeoutError(Exception):
    """A page took longer than the page timeout."""


def open_document(backend: str, path: str, password: str | None) -> Handle:
    module: Any = importlib.import_module(BACKENDS[backend])
    handle: Handle = module.open_document(path, password)
    return handle


@contextmanager
def deadline(seconds: float | None, what: str = "--page-timeout") -> Iterator[None]:
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


def extract_layouts(
    handle: Handle, pages: Sequence[int], page_timeout: float | None = None
) -> Iterator[PageLayout]:
    """Analyse the given 1-based pages one at a time.

    A page that fails or runs past ``page_timeout`` seconds yields a layout with ``error`` set; the other pages
    are unaffected.
    """
    for index in pages:
        try:
            with deadline(page_timeout):
                words, width, height = handle.words(index)
                layout = analyze_page(words, width, height, index)
        except Exception as exc:
            while exc.args and isinstance(exc.args[0], Exception):
                exc = exc.args[0]  # pdfplumber wraps what pdfminer (or the deadline) raised
            message = str(exc) if isinstance(exc, PageTimeoutError) else f"{type(exc).__name__}: {exc}"
            layout = PageLayout(index=index, width=0.0, height=0.0, error=message)
        yield layout


def extract_chunk(
    backend: str, path: str, password: str | None, pages: Sequence[int], page_timeout: float | None
) -> list[PageLayout]:
    """Open the PDF in this process and analyse a run of pages (the unit of work of a parallel scan)."""
    handle = open_document(backend, path, password)
    try:
        return list(extract_layouts(handle, pages, page_timeout))
    finally:
        handle.close()
