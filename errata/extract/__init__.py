"""PDF extraction: a backend analyses pages (in parallel if asked), :func:`assemble` builds the Document.

Pages are independent until assembly, so they are extracted in contiguous runs across worker processes and put
back in page order: the result is identical whatever the number of jobs. Analysed pages are cached by the PDF's
content hash and the extractor version, so a re-run on an unchanged PDF skips extraction.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from pathlib import Path

from errata.errors import InputError
from errata.extract.assemble import Assembler, assemble
from errata.extract.cache import PageCache, cache_clear, cache_info, default_cache_dir, evict, max_cache_bytes
from errata.extract.packed import PackedPage, PageStore, pack, unpack
from errata.extract.page import PageLayout
from errata.extract.workers import DEFAULT_PAGE_MEMORY_MB, Job, read_pages
from errata.model.document import Document, Problem
from errata.util.ranges import expand, parse_ranges

__all__ = [
    "DEFAULT_PAGE_MEMORY_MB",
    "EXTRACTOR_VERSION",
    "build_document",
    "cache_clear",
    "cache_info",
    "count_pages",
    "default_cache_dir",
    "extract",
    "file_sha256",
    "parse_pages",
    "plan_pages",
    "read_layouts",
]

# Bump whenever extraction or layout analysis changes what a page yields: it keys the cache, together with a
# hash of this package's source, so that an edited extractor never reads pages cached by an older one.
EXTRACTOR_VERSION = "4"
DEFAULT_PAGE_TIMEOUT = 10.0


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
    ranges = parse_ranges(spec, "--pages", error=InputError)
    return expand(ranges, page_count, "--pages", error=InputError)


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


@functools.cache
def _extractor_fingerprint() -> str:
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    here = Path(__file__).parent
    for source in sorted(here.rglob("*.py")):
        digest.update(str(source.relative_to(here)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _page_cache(cache_dir: str | Path | None, backend: str, sha: str) -> PageCache:
    key = hashlib.sha256(f"{_extractor_fingerprint()}|{backend}|{sha}".encode()).hexdigest()[:32]
    return PageCache(Path(cache_dir) if cache_dir else default_cache_dir(), key)


def count_pages(path: str, password: str | None = None, backend: str = "pdfplumber") -> int:
    """The number of pages of a PDF (an :class:`InputError` if it cannot be opened)."""
    from errata.extract.pages import open_document

    check_input(path)
    handle = open_document(backend, path, password)
    handle.close()
    return handle.page_count


BESIDE_PAGES = 400
"""The longest reading that side work runs beside. Loaded first, the rules' models (about 100 MB) sit under
everything a long reading then allocates and frees, which the process keeps: 18 MB more at the peak of a
2,000-page scan. The overlap saves the same second and a half on any book: a third of a chapter's scan, 2 %
of a 1,000-page book's."""


def extract(
    path: str,
    *,
    pages: str | Sequence[int] | None = None,
    password: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    cache_dir: str | Path | None = None,
    use_cache: bool = False,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
    page_memory: int | None = DEFAULT_PAGE_MEMORY_MB,
    backend: str = "pdfplumber",
    beside: Callable[[], object] | None = None,
) -> Document:
    """Read a PDF into a :class:`Document`.

    ``pages`` is a spec like '3-9,12' or a list of 1-based pages; ``jobs`` worker processes read pages (one
    worker for one job); with ``use_cache`` analysed pages are read from and written to ``cache_dir``. A page
    that raises, runs past ``page_timeout`` seconds or past ``page_memory`` megabytes becomes a
    ``page-unreadable`` problem (its worker is killed and replaced) and the scan goes on.
    ``backend`` is ``pdfplumber`` (the reference) or ``pdfium`` (several times faster, same document model).
    ``beside`` is work for this process while the workers read pages (a scan loads its rules' models then); it
    has run when this returns, for a reading of up to ``BESIDE_PAGES`` pages. A longer one is read without it
    (it stays for the caller to do, as a scan's rules do on first use).
    """
    sha, page_count, wanted = plan_pages(path, pages, password=password, backend=backend)
    read = _Reading(backend, password, jobs, cache_dir, use_cache, page_timeout, page_memory)
    # Pages are taken as they come: each one's digest is counted and the page itself goes to the store, so that
    # this process holds no page until assembly reads them back one at a time.
    assembler = Assembler()
    problems: list[Problem] = []
    if len(wanted) > BESIDE_PAGES:
        beside = None
    with PageStore() as store, contextlib.closing(read.pages(path, sha, wanted, beside)) as stream:
        for done, packed in enumerate(stream, 1):
            assembler.add(packed.digest)
            store.put(packed)
            if packed.digest.error is not None:
                problems.append(
                    Problem("page-unreadable", f"page {packed.index}: {packed.digest.error}", packed.index)
                )
            del packed
            if progress is not None:
                progress(done, len(wanted))
        return assembler.build(store.load, path=path, sha256=sha, page_count=page_count, problems=problems)


@dataclass(frozen=True, slots=True)
class _Reading:
    """How pages are read: by supervised workers, or from the page cache."""

    backend: str
    password: str | None
    jobs: int
    cache_dir: str | Path | None
    use_cache: bool
    page_timeout: float | None
    page_memory: int | None

    def pages(
        self, path: str, sha256: str, pages: Sequence[int], beside: Callable[[], object] | None = None
    ) -> Generator[PackedPage]:
        """The packed pages, in the order of ``pages``; cached ones from the cache, the others from workers
        (which cache them); the workers stop when the caller stops, also on an interruption."""
        limit = max_cache_bytes() if self.use_cache else 0
        cache = _page_cache(self.cache_dir, self.backend, sha256) if self.use_cache else None
        found = cache.load_many(pages, pack) if cache is not None else {}
        missing = [index for index in pages if index not in found]
        job = Job(self.backend, path, self.password, self.page_memory or None, cache if missing else None)
        fresh = read_pages(job, missing, jobs=self.jobs, page_timeout=self.page_timeout, beside=beside)
        try:
            for index in pages:
                yield found.pop(index) if index in found else next(fresh)
            for _ in fresh:  # nothing is left to read: this lets the reader finish ``beside``
                pass
        finally:
            fresh.close()
        if cache is not None and missing:
            evict(cache.root, limit, keep=cache.directory)


def plan_pages(
    path: str, pages: str | Sequence[int] | None, *, password: str | None = None, backend: str = "pdfplumber"
) -> tuple[str, int, list[int]]:
    """What reading ``path`` means before a page is read: its content hash, its page count and the 1-based
    pages to read (``pages`` as in :func:`extract`). An :class:`InputError` if it cannot be a PDF."""
    from errata.extract.pages import BACKENDS, open_document

    if backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
    check_input(path)
    sha = file_sha256(path)
    handle = open_document(backend, path, password)
    try:
        page_count = handle.page_count
    finally:
        handle.close()
    if page_count == 0:
        raise InputError(f"{path}: the PDF has no pages")
    wanted = (
        parse_pages(pages, page_count)
        if pages is None or isinstance(pages, str)
        else list(dict.fromkeys(pages))
    )
    return sha, page_count, wanted


def read_layouts(
    path: str,
    pages: Sequence[int],
    *,
    sha256: str,
    password: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    cache_dir: str | Path | None = None,
    use_cache: bool = False,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
    page_memory: int | None = DEFAULT_PAGE_MEMORY_MB,
    backend: str = "pdfplumber",
) -> list[PageLayout]:
    """The layouts of ``pages`` (1-based, in that order) of the PDF whose content hash is ``sha256``, read
    by supervised workers or from the page cache. A page's layout does not depend on which other pages are
    read with it, so a book read in several runs of pages gives the same layouts as one read in one go."""
    read = _Reading(backend, password, jobs, cache_dir, use_cache, page_timeout, page_memory)
    layouts: list[PageLayout] = []
    with contextlib.closing(read.pages(path, sha256, pages)) as stream:
        for packed in stream:
            layouts.append(unpack(packed.blob))
            if progress is not None:
                progress(len(layouts), len(pages))
    return layouts


def build_document(layouts: Sequence[PageLayout], *, path: str, sha256: str, page_count: int) -> Document:
    """The Document of a PDF's page layouts (in page order): unreadable pages become problems."""
    problems = [
        Problem("page-unreadable", f"page {layout.index}: {layout.error}", layout.index)
        for layout in layouts
        if layout.error is not None
    ]
    return assemble(list(layouts), path=path, sha256=sha256, page_count=page_count, problems=problems)
