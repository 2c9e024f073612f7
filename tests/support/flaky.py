"""Book tasks that fail the first time they run, the way a cluster sees it: a worker process that dies in the
middle of a book (``die``) or a task that raises (``raise``). A marker file makes the first try the only one that
fails, so the test is deterministic whichever worker the retry lands on."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from errata.batch.cluster import ClusterRunner


def once(marker: str, how: str, fn: Callable[..., Any], *args: Any) -> Any:
    if how == "always":
        raise RuntimeError("this task fails on every try")
    if not os.path.exists(marker):
        Path(marker).write_text(how)
        if how == "die":
            os._exit(1)  # the worker process goes, with the task it was running
        raise RuntimeError("this task fails its first try")
    return fn(*args)


class FailingOnce(ClusterRunner):
    """A cluster runner whose tasks named ``victim`` fail their first try (see :func:`once`)."""

    def __init__(self, client: Any, marker: str, how: str, victim: str) -> None:
        super().__init__(client)
        self.marker, self.how, self.victim = marker, how, victim

    def submit(self, fn: Callable[..., Any], *args: Any, after: Sequence[Any] = ()) -> Any:
        if fn.__name__ != self.victim:
            return super().submit(fn, *args, after=after)
        return self.client.submit(
            once, self.marker, self.how, fn, *args, *after, pure=False, retries=self.retries
        )
