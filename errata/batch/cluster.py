"""Book tasks on a Dask cluster (``errata scan books/ --cluster tcp://host:8786``).

A client needs only the scheduler's address (or its scheduler file); the workers need the same errata version
and rule packs, and the books at the same paths (a shared filesystem), which every task checks before it reads
(see :mod:`errata.batch.tasks`). A task that raises is retried ``retries`` times; a task whose worker dies is
rescheduled by the scheduler on another worker (up to its ``allowed-failures``, 3 by default). A book whose
task still fails is reported with the reason and the others go on. ``distributed`` is an optional dependency
(``pip install 'errata[cluster]'``), imported only here and only when a cluster is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from errata.batch.tasks import Outcome
from errata.errors import ErrataError

INSTALL_HINT = "--cluster needs Dask's distributed: pip install 'errata[cluster]'"
CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler
RETRIES = 2  # more tries of a task that raised


class ClusterRunner:
    """A :class:`~errata.batch.Runner` over a ``distributed.Client``: a big book's runs of pages go to the
    workers and their layouts straight from worker to worker into the book's task, never through the client."""

    local = False

    def __init__(self, client: Any, *, retries: int = RETRIES, own: bool = False) -> None:
        self.client = client
        self.retries = retries
        self.own = own

    def submit(self, fn: Callable[..., Outcome], *args: Any, after: Sequence[Any] = ()) -> Any:
        return self.client.submit(fn, *args, *after, pure=False, retries=self.retries)

    def result(self, handle: Any) -> Outcome:
        try:
            value = handle.result()
        except Exception as exc:  # raised on every try, or its workers kept dying (KilledWorker)
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            return Outcome(error=f"its task failed on the cluster ({type(exc).__name__}: {first})")
        finally:
            handle.release()
        if not isinstance(value, Outcome):
            return Outcome(error=f"its task answered {type(value).__name__}, not a result")
        return value

    def close(self) -> None:
        if self.own:
            self.client.close()


def connect(address: str, *, timeout: float = CONNECT_TIMEOUT, retries: int = RETRIES) -> ClusterRunner:
    """A runner on the scheduler at ``address`` (``tcp://host:8786``, or the path of a scheduler file). An
    :class:`~errata.errors.ErrataError` (one line) when distributed is not installed or the scheduler does
    not answer within ``timeout`` seconds."""
    try:
        from distributed import Client
    except ImportError:
        raise ErrataError(INSTALL_HINT) from None
    try:
        if os.path.isfile(address):
            client = Client(scheduler_file=address, timeout=timeout, set_as_default=False)
        else:
            client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ErrataError(
            f"no Dask scheduler answered at {address} within {timeout:g} s ({type(exc).__name__})"
        ) from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise ErrataError(f"the Dask scheduler at {address} has no worker ({type(exc).__name__})") from None
    return ClusterRunner(client, retries=retries, own=True)
