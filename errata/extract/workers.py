"""Supervised page readers: pages are read in worker processes that the scan can stop from outside.

A page whose reading loops inside C code (PDFium, zlib, any extension) cannot be interrupted by a signal in the
process that reads it, so every page is read in a worker process and the scan's own process keeps the clock:
a worker that runs past the page timeout, or whose memory grows past the page memory limit, is killed and
replaced, its page becomes an error layout, and the scan goes on with the next page. The same holds for one
job (one worker, reused for every page) and for many.

Workers take one page at a time and each page's result is put back in page order, so the pages a worker read
before do not change what a page yields: the output is identical whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from errata.extract.packed import PackedPage, pack
from errata.extract.page import PageLayout, analyze_page

log = logging.getLogger("errata.extract")

DEFAULT_PAGE_MEMORY_MB = 2048
READY_TIMEOUT = 120.0  # seconds a fresh worker may take to open the PDF
POLL_INTERVAL = 0.05  # seconds between two looks at the workers' memory
# A worker whose resident memory has grown by more than this share of the limit over the pages it read is
# replaced between two pages, so that slow growth over a long book is never blamed on one page.
RECYCLE_SHARE = 0.5
# The GIL switch interval while side work runs in this process. A thread holds the GIL for up to the interval
# (5 ms by default) before the one that waits gets it; the scan's thread takes it a few times a page (an
# answer, the next page to a worker), and a worker waits meanwhile. At the default, loading the rules' models
# beside a reading made 300 PDFium pages take 3.5 s longer to read.
SIDE_SWITCH_INTERVAL = 0.0005


@dataclass(frozen=True)
class Job:
    """What a worker needs to read pages of one PDF."""

    backend: str
    path: str
    password: str | None
    memory_mb: int | None = DEFAULT_PAGE_MEMORY_MB
    cache: Any = None  # an errata.extract.cache.PageCache the worker stores good pages in, or None


def page_error(index: int, message: str) -> PageLayout:
    return PageLayout(index=index, width=0.0, height=0.0, error=message)


def _failed(index: int, message: str) -> PackedPage:
    return pack(page_error(index, message))


def read_page(handle: Any, index: int) -> PageLayout:
    """One page's layout; a page that raises becomes an error layout (the message names the exception)."""
    try:
        words, width, height = handle.words(index)
        return analyze_page(words, width, height, index)
    except MemoryError:
        raise
    except Exception as exc:
        while exc.args and isinstance(exc.args[0], Exception):
            exc = exc.args[0]  # pdfplumber wraps what pdfminer raised
        return page_error(index, f"{type(exc).__name__}: {exc}")


def _read_packed(handle: Any, index: int, job: Job) -> PackedPage:
    """One page read, stored in the page cache when there is one, and packed for the scan's process."""
    layout = read_page(handle, index)
    if job.cache is not None and layout.error is None:
        job.cache.store(layout)
    return pack(layout)


def _memory_message(memory_mb: int | None) -> str:
    return f"ran past the memory limit of {memory_mb} MB (--page-memory)"


def _statm() -> tuple[int, int]:
    """This process's virtual size and resident set, in bytes (0, 0 where /proc is not there)."""
    try:
        with open("/proc/self/statm") as fh:
            size, resident = fh.read().split()[:2]
    except (OSError, ValueError):
        return 0, 0
    page = os.sysconf("SC_PAGE_SIZE")
    return int(size) * page, int(resident) * page


def _resident(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_address_space(memory_mb: int) -> None:
    """A hard backstop for allocations faster than the supervisor looks at the resident set: address space
    (which counts reserved, untouched memory too) of four times the limit and a gigabyte over the current size."""
    try:
        import resource
    except ImportError:  # not on this platform: the supervisor's look at the resident set is the only limit
        return
    size, _ = _statm()
    if not size:
        return
    cap = size + 4 * (memory_mb << 20) + (1 << 30)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _die_with_parent() -> None:
    """Linux: a worker stuck in C code is killed with the scan that started it, not left behind."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _worker_main(conn: Connection, job: Job) -> None:
    """A worker's life: open the PDF, then read the pages it is sent until told to stop."""
    from errata.extract.pages import open_document

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the scan's to handle; it stops the workers
    faulthandler.disable()  # a crash is reported as the page's problem, not as a dump on stderr
    _die_with_parent()
    if job.memory_mb:
        _limit_address_space(job.memory_mb)
    try:
        handle = open_document(job.backend, job.path, job.password)
    except MemoryError:
        conn.send(("failed", _memory_message(job.memory_mb)))
        return
    except BaseException as exc:
        conn.send(("failed", str(exc) or type(exc).__name__))
        return
    conn.send(("ready", _statm()[1]))
    while True:
        try:
            index = conn.recv()
        except (EOFError, OSError):
            break
        if index is None:
            break
        try:
            conn.send(("page", _read_packed(handle, index, job)))
        except MemoryError:
            # What the page built is let go of with the frame that built it, before the page is reported.
            conn.send(("page", _failed(index, _memory_message(job.memory_mb))))
            break  # a process that ran out of memory is not trusted with another page
    with contextlib.suppress(Exception):
        handle.close()


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    page: int | None = None
    since: float = 0.0
    baseline: int = 0
    grown: int = 0  # the most its resident set was seen above the baseline during its current page
    pages_read: int = 0


def _context() -> Any:
    # fork starts a worker in milliseconds; where there is none (macOS, Windows defaults) spawn works too.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class Supervisor:
    """Reads pages in up to ``jobs`` worker processes, each watched for time and memory."""

    def __init__(
        self, job: Job, jobs: int, page_timeout: float | None, beside: Callable[[], object] | None = None
    ) -> None:
        self.job = job
        self.beside = beside
        self.side: threading.Thread | None = None
        self.jobs = max(1, jobs)
        self.page_timeout = page_timeout if page_timeout and page_timeout > 0 else None
        self.memory_limit = (job.memory_mb << 20) if job.memory_mb else None
        self.workers: list[_Worker] = []
        self.context = _context()
        self.replaced = 0  # workers killed for a page (time, memory or a crash)

    # -- workers ---------------------------------------------------------------------------------------------
    def _start(self) -> _Worker:
        if self.side is not None:
            # No process is forked while the side work runs: a lock it holds would be held for ever in the
            # child. The first workers start before it does; a replacement waits for it (seconds at most).
            self.side.join()
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(child, self.job), daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent, since=time.monotonic())
        self.workers.append(worker)
        return worker

    def _stop(self, worker: _Worker, *, kill: bool) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
        if kill:
            with contextlib.suppress(OSError, ValueError):
                worker.process.kill()
        else:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        worker.process.join(timeout=None if kill else 5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()
        with contextlib.suppress(ValueError):
            worker.process.close()

    def close(self) -> None:
        for worker in list(self.workers):
            self._stop(worker, kill=True)

    def _death(self, worker: _Worker) -> str:
        """Why a worker ended without answering, in words."""
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            cause = f"the page's reader crashed ({name})"
        else:
            cause = f"the page's reader exited (status {code})"
        if (
            self.memory_limit is not None
            and code is not None
            and code < 0
            and worker.grown > self.memory_limit / 4
        ):
            # A process that dies of a signal while its memory was growing fast has hit the address-space
            # backstop (PDFium aborts when an allocation fails) before the next look found it over the limit.
            return _memory_message(self.job.memory_mb)
        return cause

    # -- pages -----------------------------------------------------------------------------------------------
    def run(self, pages: Sequence[int]) -> Iterator[PackedPage]:
        """The packed layouts of ``pages``, in that order, whatever each page did to its worker."""
        queue = deque(pages)
        done: dict[int, PackedPage] = {}
        order = list(pages)
        emitted = 0
        failed_open: str | None = None
        try:
            while emitted < len(order):
                if failed_open is not None:
                    while queue:
                        index = queue.popleft()
                        done[index] = _failed(index, failed_open)
                while len(self.workers) < min(self.jobs, len(queue) + self._busy()):
                    self._start()
                self._start_beside()
                for worker in self.workers:
                    if worker.ready and worker.page is None and queue:
                        self._assign(worker, queue.popleft())
                if self.workers:
                    failed_open = self._step(done) or failed_open
                while emitted < len(order) and order[emitted] in done:
                    yield done.pop(order[emitted])
                    emitted += 1
            self._start_beside()  # inline if no page was read
            if self.side is not None:
                self.side.join()
        finally:
            self.close()

    def _start_beside(self) -> None:
        """Run ``beside`` once, in a thread, while the workers read (inline when there is no page to read)."""
        beside, self.beside = self.beside, None
        if beside is None:
            return
        if not self.workers:
            beside()
            return
        self.side = threading.Thread(target=_beside, args=(beside,), name="errata-beside", daemon=True)
        self.side.start()

    def _busy(self) -> int:
        return sum(1 for w in self.workers if w.page is not None)

    def _assign(self, worker: _Worker, index: int) -> None:
        worker.page = index
        worker.grown = 0
        worker.since = time.monotonic()
        with contextlib.suppress(OSError, ValueError):  # a worker that is gone is found out at the next step
            worker.conn.send(index)

    def _deadline(self, worker: _Worker) -> float | None:
        if not worker.ready:
            return worker.since + READY_TIMEOUT
        if worker.page is not None and self.page_timeout is not None:
            return worker.since + self.page_timeout
        return None

    def _step(self, done: dict[int, PackedPage]) -> str | None:
        """Wait for one answer, a deadline or the next look at memory; act on what happened."""
        now = time.monotonic()
        deadlines = [d for d in map(self._deadline, self.workers) if d is not None]
        timeout = max(0.0, min(deadlines) - now) if deadlines else None
        if self.memory_limit is not None and any(w.page is not None for w in self.workers):
            timeout = POLL_INTERVAL if timeout is None else min(timeout, POLL_INTERVAL)
        by_conn = {w.conn: w for w in self.workers}
        ready = wait(list(by_conn), timeout=timeout)
        failed_open: str | None = None
        for conn in ready:
            worker = by_conn[conn]  # type: ignore[index]
            try:
                kind, value = worker.conn.recv()
            except (EOFError, OSError):
                failed_open = self._lost(worker, done) or failed_open
                continue
            if kind == "ready":
                worker.ready, worker.baseline = True, int(value)
            elif kind == "failed":
                failed_open = str(value)
                self._stop(worker, kill=True)
            else:
                packed: PackedPage = value
                done[packed.index] = packed
                worker.page = None
                worker.pages_read += 1
                if self.memory_limit is not None and self._grown(worker):
                    self._stop(worker, kill=False)  # between pages: nothing is lost, nothing is reported
        return self._watch(done) or failed_open

    def _grown(self, worker: _Worker) -> bool:
        assert self.memory_limit is not None
        resident = _resident(worker.process.pid)
        return bool(resident) and resident - worker.baseline > RECYCLE_SHARE * self.memory_limit

    def _lost(self, worker: _Worker, done: dict[int, PackedPage]) -> str | None:
        """A worker that ended without an answer: its page is reported; a fresh worker takes the next one.
        One that ended before it could open the PDF is the answer for every page still to read."""
        index = worker.page
        cause = self._death(worker)
        self._stop(worker, kill=True)
        if index is not None:
            log.info("page %d: %s", index, cause)
            done[index] = _failed(index, cause)
            self.replaced += 1
        elif not worker.ready:
            return cause
        return None

    def _watch(self, done: dict[int, PackedPage]) -> str | None:
        """Kill the workers past their deadline or over the memory limit; their pages become errors."""
        now = time.monotonic()
        for worker in list(self.workers):
            index = worker.page
            deadline = self._deadline(worker)
            if deadline is not None and now >= deadline:
                if index is None:
                    self._stop(worker, kill=True)
                    return f"gave up opening the PDF after {READY_TIMEOUT:g} s"
                self._kill_for(worker, index, f"gave up after {self.page_timeout:g} s (--page-timeout)", done)
            elif index is not None and self.memory_limit is not None:
                resident = _resident(worker.process.pid)
                worker.grown = max(worker.grown, resident - worker.baseline)
                if resident and resident - worker.baseline > self.memory_limit:
                    self._kill_for(worker, index, _memory_message(self.job.memory_mb), done)
        return None

    def _kill_for(self, worker: _Worker, index: int, message: str, done: dict[int, PackedPage]) -> None:
        log.info("page %d: %s; its reader (pid %s) was stopped", index, message, worker.process.pid)
        self._stop(worker, kill=True)
        self.replaced += 1
        done[index] = _failed(index, message)


def _beside(work: Callable[[], object]) -> None:
    """Side work run in a thread, with a short GIL switch interval for as long as it runs (see
    ``SIDE_SWITCH_INTERVAL``), so that the scan's thread answers the workers at once."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, SIDE_SWITCH_INTERVAL))
    try:
        work()
    finally:
        sys.setswitchinterval(interval)


def read_pages(
    job: Job,
    pages: Sequence[int],
    *,
    jobs: int = 1,
    page_timeout: float | None = None,
    beside: Callable[[], object] | None = None,
) -> Generator[PackedPage, None, None]:
    """The packed layouts of ``pages`` in order, read by supervised workers (see the module's docstring).

    ``beside`` is work for this process while the workers read (the rules' loading): it runs once, in a
    thread, and is done when the pages are (a stream closed early does not wait for it)."""
    if multiprocessing.current_process().daemon:
        # A daemonic process (a multiprocessing.Pool worker) may not start workers: read the pages here,
        # without the time and memory watch.
        if beside is not None:
            beside()
        yield from _read_here(job, pages)
        return
    supervisor = Supervisor(job, jobs, page_timeout, beside)
    yield from supervisor.run(pages)


def _read_here(job: Job, pages: Sequence[int]) -> Iterator[PackedPage]:
    from errata.extract.pages import open_document

    handle = open_document(job.backend, job.path, job.password)
    try:
        for index in pages:
            try:
                layout = read_page(handle, index)
            except MemoryError:
                layout = page_error(index, "ran out of memory")
            if job.cache is not None and layout.error is None:
                job.cache.store(layout)
            yield pack(layout)
    finally:
        handle.close()
