"""PDF extraction: backends produce page layouts, :func:`assemble` turns them into a Document."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence

from errata.document import Document, Problem
from errata.errors import InputError
from errata.extract.assemble import assemble

__all__ = ["extract", "file_sha256", "parse_pages"]


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_pages(spec: str | None, page_count: int) -> list[int]:
    """'3-9,12' -> [3, ..., 9, 12] (1-based); None -> every page. Out-of-range pages are an error."""
    if not spec:
        return list(range(1, page_count + 1))
    pages: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "-" in part:
                a, b = part.split("-", 1)
                lo = int(a) if a.strip() else 1
                hi = int(b) if b.strip() else page_count
            else:
                lo = hi = int(part)
        except ValueError:
            raise InputError(f"--pages: cannot read {part!r} (expected e.g. 3-9,12)") from None
        if lo < 1 or hi < lo:
            raise InputError(f"--pages: {part!r} is not a valid range")
        if lo > page_count:
            raise InputError(f"--pages: page {lo} is past the end of the document ({page_count} pages)")
        pages.update(range(lo, min(hi, page_count) + 1))
    return sorted(pages)


def check_input(path: str) -> None:
    """Fail early, with one line, on inputs that cannot be a PDF."""
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a PDF")
    if os.path.getsize(path) == 0:
        raise InputError(f"{path}: the file is empty")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise InputError(f"{path}: not a PDF (no %PDF- header)")


def extract(
    path: str,
    *,
    pages: str | Sequence[int] | None = None,
    password: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    """Read a PDF into a :class:`Document`. ``pages`` is a spec like '3-9,12' or a list of 1-based pages."""
    from errata.extract.pdfplumber_backend import extract_layouts, open_pdf

    check_input(path)
    sha = file_sha256(path)
    pdf = open_pdf(path, password)
    try:
        page_count = len(pdf.pages)
        if page_count == 0:
            raise InputError(f"{path}: the PDF has no pages")
        wanted = parse_pages(pages, page_count) if pages is None or isinstance(pages, str) else list(pages)
        layouts = []
        problems: list[Problem] = []
        for done, layout in enumerate(extract_layouts(pdf, wanted), start=1):
            if layout.error is not None:
                problems.append(
                    Problem("page-unreadable", f"page {layout.index}: {layout.error}", layout.index)
                )
            layouts.append(layout)
            if progress is not None:
                progress(done, len(wanted))
    finally:
        pdf.close()
    return assemble(layouts, path=path, sha256=sha, page_count=page_count, problems=problems)
