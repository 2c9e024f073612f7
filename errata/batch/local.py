"""Book tasks in a pool of ``jobs`` local processes, started in the books' order.

A task runs once the tasks it needs (a big book's runs of pages) have answered, and of the tasks ready to
run the one submitted first goes first, so the books finish roughly in order and the client, which handles
them in order, seldom waits on a book that was started late. The pool's processes are not daemonic, so
each task's pages are read by a supervised reader (time and memory limits) as in a scan of one PDF.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from errata.batch.tasks import Outcome


@dataclass(eq=False)
class _Task:
    fn: Callable[..., Outcome]
    args: tuple[Any, ...]
    after: tuple[_Task, ...]
    done: bool = False
    value: Outcome | None = None
    users: int = field(default=0)  # tasks still to start that need this one's answer


class LocalRunner:
    """A :class:`~errata.batch.Runner` over ``jobs`` local processes."""

    local = True  # the workers see the client's files: no need to check their hashes again

    def __init__(self, jobs: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.jobs = max(1, jobs)
        self.pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_ignore_interrupts)
        self.waiting: list[_Task] = []
        self.running: dict[Future[Outcome], _Task] = {}

    def submit(self, fn: Callable[..., Outcome], *args: Any, after: Sequence[Any] = ()) -> _Task:
        task = _Task(fn, args, tuple(after))
        for needed in task.after:
            needed.users += 1
        self.waiting.append(task)
        self._fill()
        return task

    def _fill(self) -> None:
        # Twice as many tasks as processes are handed to the pool, so that a process that finishes a task
        # while the client writes a report finds the next one waiting.
        while len(self.running) < 2 * self.jobs:
            ready = next((t for t in self.waiting if all(n.done for n in t.after)), None)
            if ready is None:
                return
            self.waiting.remove(ready)
            future = self.pool.submit(ready.fn, *ready.args, *(n.value for n in ready.after))
            self.running[future] = ready
            for needed in ready.after:
                needed.users -= 1
                if not needed.users:
                    needed.value = None  # a run of pages' layouts, now on their way to the book's task

    def result(self, handle: Any) -> Outcome:
        task: _Task = handle
        while not task.done:
            self._fill()
            if not self.running:
                raise RuntimeError("a task waits on tasks that were never submitted")
            finished, _ = wait(list(self.running), return_when=FIRST_COMPLETED)
            for future in finished:
                done = self.running.pop(future)
                try:
                    done.value = future.result()
                except Exception as exc:  # a task's own bug, or a pool process that died
                    done.value = Outcome(error=f"{type(exc).__name__}: {exc}")
                done.done = True
        self._fill()
        assert task.value is not None
        return task.value

    def close(self) -> None:
        if self.running or self.waiting:  # interrupted (Ctrl-C, an error): the processes go now, not later
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()  # its page reader follows it (PR_SET_PDEATHSIG)
        self.pool.shutdown(wait=True, cancel_futures=True)


def _ignore_interrupts() -> None:
    """Ctrl-C is the client's to handle: it stops the pool, the pool's processes do not each report it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
