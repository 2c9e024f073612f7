"""A list that keeps most of its items out of the process's memory: what a Document holds per printed line.

A book's printed lines and its flows' line pieces (each with the x extent of every character) grow with its
pages, yet a scan reads them only to locate its few findings and to list the numbers a book prints. A
:class:`Spilled` list appends items as a list does; every ``chunk`` items are pickled, compressed and written to
an anonymous temporary file (kept in memory, compressed, where no temporary file can be made), and read back a
chunk at a time when an item is asked for (the last few chunks read are kept). The last item appended stays in
memory until the next one comes, so it may still be changed (a dropped line-end hyphen shortens its piece).

The pickles are this process's own, written and read by this module only; the file is one no other program
can name, removed when the list is.
"""

from __future__ import annotations

import pickle
import tempfile
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, Generic, TypeVar, overload

T = TypeVar("T")

_KEPT = 4  # chunks read back and kept in memory


class Lookup(Sequence[T], Generic[T]):
    """A sequence whose subclass gives its length and :meth:`item` (an index from 0 to ``len - 1``): indexing
    with negative indices and slices, and iteration, come from here."""

    def item(self, index: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self.item(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"{type(self).__name__} index out of range")
        return self.item(index)


class Spilled(Lookup[T]):
    """A sequence of items, appended one at a time, most of them in a temporary file (see the module)."""

    def __init__(self, items: Iterable[T] = (), chunk: int = 256) -> None:
        self.chunk = chunk
        self.tail: list[T] = []  # the items not yet written
        self.where: list[tuple[int, int]] = []  # offset and length of each written chunk
        self.blobs: list[bytes] = []  # the written chunks, where no temporary file could be made
        self.file: IO[bytes] | None = None
        self.end = 0
        self.opened = False
        self.kept: OrderedDict[int, list[T]] = OrderedDict()
        for item in items:
            self.append(item)

    def append(self, item: T) -> None:
        if len(self.tail) >= self.chunk:
            self._write(self.tail)
            self.tail = []
        self.tail.append(item)

    def _write(self, items: list[T]) -> None:
        blob = zlib.compress(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL), 1)
        if not self.opened:
            self.opened = True
            try:
                self.file = tempfile.TemporaryFile(prefix="errata-spill-")  # noqa: SIM115
            except OSError:
                self.file = None
        if self.file is None:
            self.blobs.append(blob)
            return
        self.file.seek(self.end)
        self.file.write(blob)
        self.where.append((self.end, len(blob)))
        self.end += len(blob)

    def _chunk(self, k: int) -> list[T]:
        if k == len(self.where) + len(self.blobs):
            return self.tail
        found = self.kept.get(k)
        if found is not None:
            self.kept.move_to_end(k)
            return found
        items = self.kept[k] = self._read(k)
        if len(self.kept) > _KEPT:
            self.kept.popitem(last=False)
        return items

    def __len__(self) -> int:
        return (len(self.where) + len(self.blobs)) * self.chunk + len(self.tail)

    def item(self, index: int) -> T:
        return self._chunk(index // self.chunk)[index % self.chunk]

    def __iter__(self) -> Iterator[T]:
        written = len(self.where) + len(self.blobs)
        for k in range(written):
            if k in self.kept:
                yield from self.kept[k]
            else:  # a whole pass does not evict the chunks kept for lookups
                yield from self._read(k)
        yield from self.tail

    def _read(self, k: int) -> list[T]:
        if self.file is None:
            blob = self.blobs[k]
        else:
            offset, length = self.where[k]
            self.file.seek(offset)
            blob = self.file.read(length)
        items: list[T] = pickle.loads(zlib.decompress(blob))
        return items

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Spilled({len(self)} items)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Spilled, (list(self), self.chunk))

    def __del__(self) -> None:
        file = getattr(self, "file", None)
        if file is not None:
            file.close()
