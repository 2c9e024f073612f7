"""Writing outputs safely: a temporary file in the target's folder, renamed into place when complete, so an
interrupted run never leaves a half-written report, baseline or annotated PDF."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, content: str | bytes | Callable[[IO[Any]], object]) -> None:
    """Write text, bytes, or whatever ``content(fh)`` writes to a binary file handle, atomically."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(content, str):
                fh.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                fh.write(content)
            else:
                content(fh)
        os.chmod(tmp, 0o666 & ~_umask())  # an ordinary file, not mkstemp's private one
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
