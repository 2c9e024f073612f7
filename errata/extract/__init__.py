"""PDF extraction: a backend analyses pages (in parallel if asked), :func:`assemble` builds the Document.

Pages are independent until assembly, so they are extracted in contiguous runs across worker processes and put
back in page order: the result is identical whatever the number of jobs. Analysed pages are cached by the PDF's
content hash and the extractor version, so a re-run on an unchanged PDF skips extraction.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from errata.errors import InputError
from errata.extract.assemble import assemble
from errata.extract.page import PageLayout
from errata.model.document import Document, Problem
from errata.util.ranges import expand, parse_ranges

__all__ = ["EXTRACTOR_VERSION", "count_pages", "default_cache_dir", "extract", "file_sha256", "parse_pages"]

# Bump whenever extraction or layout analysis changes what a page yields: it keys the cache, together with a
# hash of this package's source, so that an edited extractor never reads pages cached by an older one.
EXTRACTOR_VERSION = "2"
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


def default_cache_dir() -> Path:
    env = os.environ.get("ERRATA_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "errata"


@functools.cache
def _extractor_fingerprint() -> str:
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _cache_file(cache_dir: Path, sha: str, pages: Sequence[int]) -> Path:
    key_text = f"{_extractor_fingerprint()}|{sha}|{','.join(map(str, pages))}"
    key = hashlib.sha256(key_text.encode()).hexdigest()[:32]
    return cache_dir / f"pages-{key}.pickle"


def _cache_load(file: Path) -> list[PageLayout] | None:
    try:
        with open(file, "rb") as fh:
            data = pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return data if isinstance(data, list) else None


def _cache_store(file: Path, layouts: list[PageLayout]) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(layouts, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, file)
    except OSError:
        pass  # a cache that cannot be written is no cache, not an error


def _chunks(pages: list[int], jobs: int) -> list[list[int]]:
    """Contiguous runs of pages, a few per job so that a slow stretch does not idle the other workers."""
    n = min(len(pages), max(1, jobs * 4))
    size = -(-len(pages) // n)
    return [pages[k : k + size] for k in range(0, len(pages), size)]


def count_pages(path: str, password: str | None = None, backend: str = "pdfplumber") -> int:
    """The number of pages of a PDF (an :class:`InputError` if it cannot be opened)."""
    from errata.extract.pages import open_document

    check_input(path)
    handle = open_document(backend, path, password)
    handle.close()
    return handle.page_count


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
    backend: str = "pdfplumber",
) -> Document:
    """Read a PDF into a :class:`Document`.

    ``pages`` is a spec like '3-9,12' or a list of 1-based pages; ``jobs`` worker processes extract pages in
    parallel; with ``use_cache`` analysed pages are read from and written to ``cache_dir``; a page that raises
    or runs past ``page_timeout`` seconds becomes a ``page-unreadable`` problem and the scan goes on.
    ``backend`` is ``pdfplumber`` (the reference) or ``pdfium`` (several times faster, same document model).
    """
    from errata.extract.pages import BACKENDS, extract_chunk, extract_layouts, open_document

    if backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
    check_input(path)
    sha = file_sha256(path)
    handle = open_document(backend, path, password)
    try:
        page_count = handle.page_count
        if page_count == 0:
            raise InputError(f"{path}: the PDF has no pages")
        wanted = parse_pages(pages, page_count) if pages is None or isinstance(pages, str) else list(pages)
        cache_file = _cache_file(
            Path(cache_dir) if cache_dir else default_cache_dir(), f"{backend}:{sha}", wanted
        )
        layouts = _cache_load(cache_file) if use_cache else None
        hit = layouts is not None
        if layouts is not None:
            if progress is not None:
                progress(len(wanted), len(wanted))
        elif jobs <= 1 or len(wanted) < 2:
            layouts = []
            for done, layout in enumerate(extract_layouts(handle, wanted, page_timeout), start=1):
                layouts.append(layout)
                if progress is not None:
                    progress(done, len(wanted))
        else:
            layouts = []
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = [
                    pool.submit(extract_chunk, backend, path, password, chunk, page_timeout)
                    for chunk in _chunks(wanted, jobs)
                ]
                for future in futures:
                    layouts.extend(future.result())
                    if progress is not None:
                        progress(len(layouts), len(wanted))
        if use_cache and not hit and not any(layout.error for layout in layouts):
            _cache_store(cache_file, layouts)
    finally:
        handle.close()
    problems = [
        Problem("page-unreadable", f"page {layout.index}: {layout.error}", layout.index)
        for layout in layouts
        if layout.error is not None
    ]
    return assemble(layouts, path=path, sha256=sha, page_count=page_count, problems=problems)
