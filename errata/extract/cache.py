"""The page cache: analysed pages on disk, in a format that holds data and nothing that can run.

Each analysed page is one file, ``<cache>/pages-v1/<document key>/<page>.page``: a one-line header (format,
version, the document key, the page, the payload's length and SHA-256) and the page as zlib-compressed JSON. A
page is written by the process that read it as soon as it is read (atomically: a temporary file renamed over the
entry), so two scans of one PDF at once write the same bytes to the same names and neither sees half a file.

Reading trusts nothing: an entry whose header, checksum, key or structure is not what this version writes (a
truncated file, another program's data, a pickle) is ignored with one note on stderr per scan and its page is
read from the PDF and rewritten. The cache is bounded: after a scan that wrote to it, the documents used least
recently are removed until it fits in ``ERRATA_CACHE_MAX_MB`` megabytes (default 500).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import zlib
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from errata.errors import InputError
from errata.extract.fonts import FontKind
from errata.extract.furniture import Band
from errata.extract.lines import Line, LineKind
from errata.extract.page import PageLayout
from errata.extract.words import Word

__all__ = [
    "PageCache",
    "cache_clear",
    "cache_info",
    "decode_page",
    "default_cache_dir",
    "encode_page",
    "max_cache_bytes",
]

T = TypeVar("T")
FORMAT = "errata-page-cache"
VERSION = 1
SUBDIR = f"pages-v{VERSION}"
SUFFIX = ".page"
DEFAULT_MAX_MB = 500
MAX_ENTRY_BYTES = 256 << 20  # no page of a real book comes near; larger is not ours
STALE_TEMPORARY = (
    3600.0  # seconds after which a leftover temporary file is a killed writer's, not a live one's
)


class CacheDamage(ValueError):
    """An entry that is not what this version writes."""


def default_cache_dir() -> Path:
    env = os.environ.get("ERRATA_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "errata"


def max_cache_bytes() -> int:
    raw = os.environ.get("ERRATA_CACHE_MAX_MB", "").strip()
    if not raw:
        return DEFAULT_MAX_MB << 20
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"ERRATA_CACHE_MAX_MB={raw!r}: not a number of megabytes") from None
    if not value >= 0 or value == float("inf"):
        raise InputError(f"ERRATA_CACHE_MAX_MB={raw!r}: not a number of megabytes")
    return int(value * (1 << 20))


# -- pages as plain data ---------------------------------------------------------------------------------------
# Each type is a list of its fields in this order; tests check that the orders name every field.
WORD_FIELDS = (
    "text",
    "x0",
    "x1",
    "top",
    "bottom",
    "size",
    "fontname",
    "cx0",
    "cx1",
    "kind",
    "bold",
    "script",
)
LINE_FIELDS = (
    "words", "strip", "text", "mask", "x0s", "x1s", "x0", "x1", "top", "bottom", "size", "kind", "block",
    "number", "textual", "base", "font_runs", "font_names",
)  # fmt: skip
# Fields a line has only while its page is analysed (blocks are numbered by then): never cached.
LINE_ANALYSIS_ONLY = ("row_start",)
BAND_FIELDS = ("position", "lines", "text", "size", "strong")
PAGE_FIELDS = (
    "index", "width", "height", "lines", "body_size", "bands", "equations", "margin_strips", "error",
)  # fmt: skip


def _word_out(w: Word) -> list[Any]:
    return [
        w.text, w.x0, w.x1, w.top, w.bottom, w.size, w.fontname, w.cx0, w.cx1, w.kind.value, w.bold, w.script,
    ]  # fmt: skip


def _line_out(ln: Line) -> list[Any]:
    return [
        [_word_out(w) for w in ln.words], ln.strip, ln.text, ln.mask, ln.x0s.tolist(), ln.x1s.tolist(),
        ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.kind.value, ln.block, ln.number, ln.textual, ln.base,
        ln.font_runs, list(ln.font_names),
    ]  # fmt: skip


def encode_page(page: PageLayout) -> list[Any]:
    """A page as JSON-ready lists; a band's lines that are also the page's lines are kept as their positions."""
    position = {id(ln): k for k, ln in enumerate(page.lines)}
    bands = [
        [b.position, [position[id(ln)] if id(ln) in position else _line_out(ln) for ln in b.lines],
         b.text, b.size, b.strong]
        for b in page.bands
    ]  # fmt: skip
    return [
        page.index, page.width, page.height, [_line_out(ln) for ln in page.lines], page.body_size, bands,
        list(page.equations), sorted(page.margin_strips), page.error,
    ]  # fmt: skip


def _fields(value: Any, n: int, what: str) -> list[Any]:
    if not isinstance(value, list) or len(value) != n:
        raise CacheDamage(f"a {what} is not a list of {n} fields")
    return value


def _float(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise CacheDamage("a number was expected")
    return float(v)


def _int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise CacheDamage("an integer was expected")
    return v


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise CacheDamage("a string was expected")
    return v


def _list(v: Any, item: Callable[[Any], Any]) -> list[Any]:
    if not isinstance(v, list):
        raise CacheDamage("a list was expected")
    return [item(x) for x in v]


_FONT_KINDS = {k.value: k for k in FontKind}
_LINE_KINDS = {k.value: k for k in LineKind}


def _word_in(v: Any) -> Word:
    # Unrolled, with the checks done by the types' own constructors (array() refuses anything but numbers):
    # a cached book is millions of words, and this is most of the time a cache hit takes.
    try:
        text, x0, x1, top, bottom, size, font, cx0, cx1, kind, bold, script = v
        if (
            type(text) is not str
            or type(font) is not str
            or type(bold) is not bool
            or type(script) is not bool
        ):
            raise TypeError
        n = array("d", (x0, x1, top, bottom, size))
        return Word(
            text, n[0], n[1], n[2], n[3], n[4], font, array("d", cx0).tolist(), array("d", cx1).tolist(),
            _FONT_KINDS[kind], bold, script,
        )  # fmt: skip
    except (TypeError, ValueError, KeyError, OverflowError):
        raise CacheDamage("a word is not what this version writes") from None


def _line_in(v: Any) -> Line:
    try:
        (words, strip, text, mask, x0s, x1s, x0, x1, top, bottom, size, kind, block, number, textual, base,
         font_runs, font_names) = v  # fmt: skip
        if not (type(strip) is type(block) is type(number) is int and type(text) is type(mask) is str):
            raise TypeError
        if (
            type(font_runs) is not str
            or type(font_names) is not list
            or not all(type(n) is str for n in font_names)
        ):
            raise TypeError
        if type(words) is not list or type(textual) is not bool:
            raise TypeError
        n = array("d", (x0, x1, top, bottom, size, base))
        return Line(
            [_word_in(w) for w in words], strip, text, mask, array("f", x0s), array("f", x1s), n[0], n[1], n[2],
            n[3], n[4], _LINE_KINDS[kind], block, number, textual, n[5], font_runs, font_names,
        )  # fmt: skip
    except (TypeError, ValueError, KeyError, OverflowError):
        raise CacheDamage("a line is not what this version writes") from None


def decode_page(value: Any) -> PageLayout:
    """The inverse of :func:`encode_page`; anything else is :class:`CacheDamage`."""
    f = _fields(value, len(PAGE_FIELDS), "page")
    lines = _list(f[3], _line_in)

    def band_line(v: Any) -> Line:
        if isinstance(v, int) and not isinstance(v, bool):
            if not 0 <= v < len(lines):
                raise CacheDamage("a band names a line the page does not have")
            return lines[v]
        return _line_in(v)

    def band(v: Any) -> Band:
        b = _fields(v, len(BAND_FIELDS), "band")
        if type(b[4]) is not bool:
            raise CacheDamage("a band's strength is not a boolean")
        return Band(_str(b[0]), _list(b[1], band_line), _str(b[2]), _float(b[3]), b[4])

    error = f[8]
    return PageLayout(
        index=_int(f[0]),
        width=_float(f[1]),
        height=_float(f[2]),
        lines=lines,
        body_size=_float(f[4]),
        bands=_list(f[5], band),
        equations=_list(f[6], _str),
        margin_strips=frozenset(_list(f[7], _int)),
        error=None if error is None else _str(error),
    )


# -- entries on disk -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PageCache:
    """The cached pages of one document as read by one extractor (``key`` names both)."""

    root: Path
    key: str

    @property
    def directory(self) -> Path:
        return self.root / SUBDIR / self.key

    def entry(self, index: int) -> Path:
        return self.directory / f"{index}{SUFFIX}"

    def store(self, page: PageLayout) -> None:
        """Write one page (a cache that cannot be written is no cache, not an error)."""
        payload = zlib.compress(json.dumps(encode_page(page), separators=(",", ":")).encode(), 1)
        digest = hashlib.sha256(payload).hexdigest()
        header = f"{FORMAT} {VERSION} {self.key} {page.index} {len(payload)} {digest}\n".encode()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(header)
                    fh.write(payload)
                os.replace(tmp, self.entry(page.index))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            pass

    def load(self, index: int) -> PageLayout | None:
        """The cached page, None if there is none; :class:`CacheDamage` if the entry is not ours."""
        path = self.entry(index)
        try:
            with open(path, "rb") as fh:
                header = fh.readline(512)
                payload = fh.read(MAX_ENTRY_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CacheDamage(f"cannot be read ({exc.strerror or exc})") from None
        try:
            fmt, version, key, page, length, digest = header.decode("ascii").split()
        except (UnicodeDecodeError, ValueError):
            raise CacheDamage("not a page cache entry") from None
        if fmt != FORMAT or version != str(VERSION):
            raise CacheDamage("not a page cache entry of this version")
        if key != self.key or page != str(index):
            raise CacheDamage("an entry of another document or page")
        if length != str(len(payload)) or hashlib.sha256(payload).hexdigest() != digest:
            raise CacheDamage("truncated or altered (checksum mismatch)")
        try:
            inflater = zlib.decompressobj()
            text = inflater.decompress(payload, MAX_ENTRY_BYTES)
            if inflater.unconsumed_tail:
                raise CacheDamage("larger than any page")
            data = json.loads(text)
        except (zlib.error, ValueError, RecursionError) as exc:
            if isinstance(exc, CacheDamage):
                raise
            raise CacheDamage("its data cannot be read") from None
        layout = decode_page(data)
        if layout.index != index or layout.error is not None:
            raise CacheDamage("holds another page")
        return layout

    def load_many(self, pages: Iterable[int], keep: Callable[[PageLayout], T]) -> dict[int, T]:
        """``keep`` of each cached one of ``pages`` (a page is let go of as soon as it is kept); damaged entries
        are dropped (to be rewritten) with one note."""
        found: dict[int, T] = {}
        damaged: list[tuple[int, str]] = []
        for index in pages:
            try:
                layout = self.load(index)
            except CacheDamage as exc:
                damaged.append((index, str(exc)))
                with contextlib.suppress(OSError):
                    self.entry(index).unlink()
                continue
            if layout is not None:
                found[index] = keep(layout)
        if damaged:
            index, why = damaged[0]
            more = f" and {len(damaged) - 1} more" if len(damaged) > 1 else ""
            sys.stderr.write(
                f"errata: note: ignored a damaged page cache entry (page {index}{more}: {why}) in "
                f"{self.directory}; the pages are read again and rewritten\n"
            )
        if found:
            with contextlib.suppress(OSError):
                os.utime(self.directory)  # recently used: the last to be evicted
        return found


# -- the cache as a whole --------------------------------------------------------------------------------------
def _entries(root: Path) -> list[tuple[float, int, Path]]:
    """(last use, bytes, path) of each document's directory; leftover files of old versions count as their own."""
    out: list[tuple[float, int, Path]] = []
    with contextlib.suppress(OSError):
        for legacy in root.glob(
            "pages-*.pickle"
        ):  # the pickles of earlier versions: never read, only removed
            with contextlib.suppress(OSError):
                stat = legacy.stat()
                out.append((stat.st_mtime, stat.st_size, legacy))
    base = root / SUBDIR
    try:
        documents = list(os.scandir(base))
    except OSError:
        return out
    for doc in documents:
        try:
            if not doc.is_dir(follow_symlinks=False):
                continue
            size = 0
            for item in os.scandir(doc.path):
                with contextlib.suppress(OSError):
                    size += item.stat(follow_symlinks=False).st_size
            out.append((doc.stat(follow_symlinks=False).st_mtime, size, Path(doc.path)))
        except OSError:
            continue
    return out


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def evict(root: Path, limit: int, keep: Path | None = None) -> int:
    """Remove the least recently used documents until the cache fits in ``limit`` bytes; the bytes removed."""
    entries = sorted(_entries(root), key=lambda e: e[0])
    total = sum(size for _, size, _ in entries)
    removed = 0
    now = time.time()
    for _used, size, path in entries:
        if path.suffix == ".pickle":
            _remove(path)
            removed += size
            total -= size
            continue
        if total <= limit:
            break
        if keep is not None and path == keep:
            continue
        _remove(path)
        removed += size
        total -= size
    if keep is not None:
        with contextlib.suppress(OSError):
            for item in keep.glob(".*.tmp"):
                if now - item.stat().st_mtime > STALE_TEMPORARY:
                    item.unlink()
    return removed


def cache_info(cache_dir: str | Path | None = None) -> dict[str, Any]:
    """Where the page cache is, how many documents and bytes it holds, and its bound."""
    root = Path(cache_dir) if cache_dir else default_cache_dir()
    entries = _entries(root)
    pages = 0
    for _, _, path in entries:
        if path.is_dir():
            with contextlib.suppress(OSError):
                pages += sum(1 for p in path.iterdir() if p.suffix == SUFFIX)
    return {
        "path": str(root),
        "documents": sum(1 for _, _, p in entries if p.is_dir()),
        "pages": pages,
        "bytes": sum(size for _, size, _ in entries),
        "max_bytes": max_cache_bytes(),
    }


def cache_clear(cache_dir: str | Path | None = None) -> int:
    """Remove every cached page (only what errata wrote there); the bytes freed."""
    root = Path(cache_dir) if cache_dir else default_cache_dir()
    freed = sum(size for _, size, _ in _entries(root))
    for _, _, path in _entries(root):
        _remove(path)
    with contextlib.suppress(OSError):
        (root / SUBDIR).rmdir()
    return freed
