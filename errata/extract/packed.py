"""Analysed pages on their way to assembly, held out of the scan's memory.

A page is read in a worker and handed to the scan's process as a :class:`PackedPage`: the digest assembly needs
before it reads any page (furniture candidates, lexicon words) and the page itself, pickled and compressed by the
worker. The scan's process keeps only the digests; the packed pages go to a :class:`PageStore`, an anonymous
temporary file, until assembly reads them back one at a time. So what the scan's process holds while a book is
read does not grow with its pages, and a packed page costs the worker a millisecond.

The pickles are this scan's own, between its own processes (as every page already travels from a worker); the
store is a file no other program can name, removed when the scan ends. Nothing here is kept across scans: the
page cache (:mod:`errata.extract.cache`) is the format for that, and it holds plain data only.
"""

from __future__ import annotations

import pickle
import tempfile
import zlib
from dataclasses import dataclass
from typing import IO

from errata.extract.assemble import PageDigest, digest_page
from errata.extract.page import PageLayout


@dataclass(frozen=True, slots=True)
class PackedPage:
    digest: PageDigest
    blob: bytes  # the PageLayout, pickled and zlib-compressed

    @property
    def index(self) -> int:
        return self.digest.index


def pack(page: PageLayout) -> PackedPage:
    # The digest first: assembly changes a page's lines only after reading it back.
    digest = digest_page(page)
    return PackedPage(digest, zlib.compress(pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL), 1))


def unpack(blob: bytes) -> PageLayout:
    page = pickle.loads(zlib.decompress(blob))
    if not isinstance(page, PageLayout):  # pragma: no cover - only this module writes blobs
        raise TypeError("not a packed page")
    return page


class PageStore:
    """Packed pages in an anonymous temporary file, read back by page index (in memory, compressed, where no
    temporary file can be made)."""

    def __init__(self) -> None:
        self.where: dict[int, tuple[int, int]] = {}
        self.blobs: dict[int, bytes] = {}
        self.end = 0
        try:
            self.file: IO[bytes] | None = tempfile.TemporaryFile(prefix="errata-pages-")  # noqa: SIM115
        except OSError:
            self.file = None

    def put(self, packed: PackedPage) -> None:
        if self.file is None:
            self.blobs[packed.index] = packed.blob
            return
        self.file.seek(self.end)
        self.file.write(packed.blob)
        self.where[packed.index] = (self.end, len(packed.blob))
        self.end += len(packed.blob)

    def load(self, index: int) -> PageLayout:
        if self.file is None:
            return unpack(self.blobs[index])
        offset, length = self.where[index]
        self.file.seek(offset)
        return unpack(self.file.read(length))

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        self.blobs.clear()

    def __enter__(self) -> PageStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
