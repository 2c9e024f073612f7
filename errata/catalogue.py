"""A folder of books in one run: which PDFs, where each report goes, and what an interrupted run already did.

``errata scan books/`` finds the PDFs below each folder it is given (``--glob``, default ``*.pdf``, recursive),
writes one report per book under the output folder at the book's own relative path (so two ``intro.pdf`` in
different folders do not collide) and a summary of them all. A state file beside the reports records each
finished book's content hash, the settings it was scanned with and its summary, so a re-run after an
interruption skips the books that are done and unchanged. The state file is plain JSON, checked field by field:
a damaged one is ignored (every book is scanned again), never trusted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from errata.errors import InputError
from errata.model.findings import BookSummary

STATE_NAME = ".errata-catalogue.json"
STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Book:
    path: str
    name: str  # relative to the folder it was found in, without the .pdf suffix; the file stem for a file


def find_books(paths: Sequence[str], pattern: str = "*.pdf") -> list[Book]:
    """The PDFs to scan: files as given, folders searched recursively for ``pattern``, in a stable order."""
    books: list[Book] = []
    for given in paths:
        root = Path(given)
        if root.is_dir():
            found = sorted(p for p in root.rglob(pattern) if p.is_file())
            if not found:
                raise InputError(f"{given}: no file matching {pattern!r} below this folder")
            books += [Book(str(p), p.relative_to(root).with_suffix("").as_posix()) for p in found]
        else:
            books.append(Book(given, root.stem))
    names = [b.name for b in books]
    clash = sorted({n for n in names if names.count(n) > 1})
    if clash:
        raise InputError(f"two books would share the report name {clash[0]!r}; scan their folders instead")
    return books


def settings_key(*parts: object) -> str:
    """A short hash of what decides a book's report (format, rules, configuration, errata's version)."""
    return hashlib.sha256(json.dumps([str(p) for p in parts]).encode()).hexdigest()[:16]


class State:
    """The finished books of a directory scan, read from and written beside the reports."""

    def __init__(self, folder: str, key: str) -> None:
        self.file = Path(folder) / STATE_NAME
        self.key = key
        self.dirty = False
        self.books: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if (
                isinstance(data, dict)
                and data.get("version") == STATE_VERSION
                and isinstance(data.get("books"), dict)
            ):
                self.books = {str(k): v for k, v in data["books"].items() if isinstance(v, dict)}
        except (OSError, ValueError, RecursionError):
            self.books = {}

    def done(self, book: Book, sha256: str) -> BookSummary | None:
        """The book's summary when it was finished with these settings and its report is still there."""
        entry = self.books.get(book.name)
        if entry is None or entry.get("key") != self.key or entry.get("sha256") != sha256:
            return None
        try:
            summary = BookSummary.from_dict(entry["summary"])
        except (KeyError, TypeError, ValueError):
            return None
        return summary if Path(summary.report).is_file() else None

    def record(self, book: Book, summary: BookSummary, *, write: bool = True) -> None:
        """Note a finished book; ``write``: and rewrite the file now (else at the next :meth:`flush`)."""
        self.books[book.name] = {"key": self.key, "sha256": summary.sha256, "summary": summary.as_dict()}
        self.dirty = True
        if write:
            self.flush()

    def flush(self) -> None:
        """Write the file if a book was recorded since it was last written."""
        from errata.util.atomic import write_atomic

        if not self.dirty:
            return
        data = {"version": STATE_VERSION, "books": dict(sorted(self.books.items()))}
        write_atomic(self.file, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        self.dirty = False


def summary_dict(
    books: Sequence[BookSummary],
    skipped: Mapping[str, bool] | None = None,
    failed: Sequence[tuple[str, str, str]] = (),
) -> dict[str, Any]:
    """Per book and in total: pages, findings by rule, new against the baseline, the worst pages, and the
    books that could not be scanned (``failed``: name, path and the reason, in one line)."""
    from errata import __version__

    by_rule: dict[str, int] = {}
    for b in books:
        for rule, n in b.by_rule.items():
            by_rule[rule] = by_rule.get(rule, 0) + n
    worst = sorted(
        ((b.name, page, n) for b in books for page, n in b.worst_pages), key=lambda t: (-t[2], t[0], t[1])
    )[:20]
    return {
        "tool": {"name": "errata", "version": __version__},
        "totals": {
            "books": len(books),
            "pages": sum(b.pages_scanned for b in books),
            "pages_failed": sum(b.pages_failed for b in books),
            "findings": sum(b.new for b in books),
            "by_rule": dict(sorted(by_rule.items())),
            "unchanged": sum(b.unchanged for b in books),
            "fixed": sum(b.fixed for b in books),
        },
        "books": [b.as_dict() | {"skipped": bool((skipped or {}).get(b.name))} for b in books],
        "worst_pages": [{"book": name, "page": page, "findings": n} for name, page, n in worst],
        "failed": [{"book": name, "path": path, "error": why} for name, path, why in failed],
    }
