"""The pdfplumber backend, except that reading page 2 kills the reading process the way a crash in C would."""

from __future__ import annotations

import os
import signal
from typing import Any

from errata.extract import pdfplumber_backend


class CrashingDocument:
    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.page_count = inner.page_count

    def words(self, index: int) -> Any:
        if index == 2:
            os.kill(os.getpid(), signal.SIGSEGV)
        return self.inner.words(index)

    def close(self) -> None:
        self.inner.close()


def open_document(path: str, password: str | None = None) -> CrashingDocument:
    return CrashingDocument(pdfplumber_backend.open_document(path, password))
