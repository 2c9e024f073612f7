"""A reader of SyncTeX files (``.synctex.gz`` or ``.synctex``), as documented in TeX Live's ``synctex(5)``.

The file is text (gzip-compressed or not): a preamble (``SyncTeX Version:1``, ``Input:TAG:PATH`` lines,
``Output:``, ``Magnification:``, ``Unit:``, ``X Offset:``, ``Y Offset:``), then ``Content:`` with one
``{N`` … ``}N`` block per output page. Inside a page, each record is one line:

* ``[TAG,LINE:X,Y:W,H,D`` opens a vbox and ``]`` closes it; ``(TAG,LINE:X,Y:W,H,D`` opens an hbox and ``)``
  closes it; ``v`` and ``h`` are void boxes with the same fields;
* ``kTAG,LINE:X,Y:W`` is a kern, ``gTAG,LINE:X,Y`` glue, ``$TAG,LINE:X,Y`` math, ``xTAG,LINE:X,Y`` the current
  position (its tag is whatever was last recorded, so it says nothing of its own source);
* ``Input:TAG:PATH`` lines may appear among them (a file opened while the page was built) and ``!N`` lines are
  byte counts to skip.

TAG names an input file, LINE a 1-based line of it (a ``,COLUMN`` may follow, -1 or absent in pdfTeX). X and Y
are in TeX's scaled points, from the page's top left corner; ``Unit`` and ``Magnification`` scale them.

Only the pages asked for are parsed: :meth:`SyncTex.page` parses one ``{N`` block on first use, so a
300-page book with findings on 40 pages reads 40 pages' records.
"""

from __future__ import annotations

import bisect
import gzip
import os
import re
import zlib
from dataclasses import dataclass, field

from errata.errors import ErrataError

SP_PER_BP = 65536 * 72.27 / 72  # scaled points per PostScript (PDF) point

_RECORD = re.compile(
    rb"([\[(hvkg$x])(\d+),(-?\d+)(?:,-?\d+)?:(-?\d+),(-?\d+)(?::(-?\d+)(?:,(-?\d+),(-?\d+))?)?"
)
_PAGE_START = re.compile(rb"^\{(\d+)\s*$", re.M)
_X, _CLOSE_V, _CLOSE_H = ord("x"), ord("]"), ord(")")
_INPUT = re.compile(rb"^Input:(\d+):(.*?)\r?$", re.M)


class SyncTexError(ErrataError):
    """A file that is not SyncTeX data, or that cannot be read."""


@dataclass(frozen=True, slots=True)
class Record:
    """One record of a page, in PDF points from the page's top left. ``kind`` is the record's letter; ``x`` of a
    kern or glue is where it ends (the start of what follows it), of a box its left edge."""

    kind: str
    tag: int
    line: int
    x: float
    y: float
    width: float = 0.0


@dataclass(slots=True)
class LineBox:
    """An hbox that holds a printed line (an outermost hbox of its vbox), with the records on its baseline in
    the order TeX wrote them."""

    tag: int
    line: int
    x0: float
    x1: float
    y: float  # baseline
    height: float
    depth: float
    records: list[Record] = field(default_factory=list)
    container: bool = False  # holds vboxes (a row of columns, a minipage): not itself a printed line


@dataclass(slots=True)
class Page:
    number: int
    boxes: list[LineBox]
    _by_y: list[float] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.boxes.sort(key=lambda b: (b.y, b.x0))
        self._by_y = [b.y for b in self.boxes]

    def line_box(self, top: float, bottom: float, x0: float) -> LineBox | None:
        """The line box whose baseline lies in [top, bottom] (a printed line's extent) and that holds ``x0``;
        nearest to the bottom (the baseline sits low in a line) when several do."""
        lo = bisect.bisect_left(self._by_y, top - 1.0)
        hi = bisect.bisect_right(self._by_y, bottom + 1.0)
        best: LineBox | None = None
        for box in self.boxes[lo:hi]:
            if box.container or not box.x0 - 1.0 <= x0 <= box.x1 + 1.0:
                continue
            if (
                best is None
                or abs(bottom - box.y) < abs(bottom - best.y)
                or (box.y == best.y and box.x1 - box.x0 > best.x1 - best.x0)
            ):
                best = box
        return best


def word_line(box: LineBox, x0: float) -> tuple[int, int]:
    """(tag, line) of the source that printed the word starting at ``x0`` on ``box`` (see :func:`word_source`)."""
    tag, line, _ = word_source(box, x0)
    return tag, line


def word_source(box: LineBox, x0: float) -> tuple[int, int, bool]:
    """(tag, line, from_before) of the source that printed the word starting at ``x0`` on ``box``.

    pdfTeX records no characters, only the spacing between them, each tagged with the line TeX was reading when
    it made that node. The space after a word comes from the word's own source line (the space that ends a
    source line belongs to that line), so the first spacing record past the word's start names it; the space
    before a word would name the previous line for the first word of a source line. Records that line breaking
    made (right skip after a hyphen, the paragraph's fill) carry the paragraph's end line, which is the line
    box's own tag: they are passed over, and then the space before the word names it (the last word of a
    paragraph), else the box itself. ``from_before`` says the space before the word named it: right unless the
    word is also the first of its source line (a hyphenated or forcibly broken first word), which only the
    source text can tell.
    """
    own = (box.tag, box.line)
    before: Record | None = None
    for rec in box.records:
        if rec.kind == "x":
            continue
        if rec.x <= x0 + 0.5:
            before = rec
            continue
        if (rec.tag, rec.line) != own:
            return rec.tag, rec.line, False
    if before is not None:
        return before.tag, before.line, True
    return box.tag, box.line, False


class SyncTex:
    """A parsed SyncTeX file: its preamble at once, each page's records on first use."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self._data = data
        head_end = data.find(b"\nContent:")
        if not data.startswith(b"SyncTeX Version:") or head_end < 0:
            raise SyncTexError(f"{path}: not a SyncTeX file")
        self.preamble: dict[str, str] = {}
        for raw in data[:head_end].splitlines()[1:]:
            key, _, value = raw.decode("utf-8", "replace").partition(":")
            if key != "Input":
                self.preamble[key] = value.strip()
        try:
            unit = float(self.preamble.get("Unit", "1") or 1)
            mag = float(self.preamble.get("Magnification", "1000") or 1000) / 1000
            self._x_offset = float(self.preamble.get("X Offset", "0") or 0)
            self._y_offset = float(self.preamble.get("Y Offset", "0") or 0)
        except ValueError:
            raise SyncTexError(f"{path}: unreadable SyncTeX preamble") from None
        self._scale = unit * (mag or 1.0) / SP_PER_BP
        self.inputs: dict[int, str] = {}
        for m in _INPUT.finditer(data):
            self.inputs[int(m.group(1))] = m.group(2).decode("utf-8", "surrogateescape")
        self._starts: dict[int, int] = {
            int(m.group(1)): m.end() for m in _PAGE_START.finditer(data, head_end)
        }
        self._pages: dict[int, Page] = {}

    @classmethod
    def open(cls, path: str) -> SyncTex:
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
            data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise SyncTexError(f"{path}: cannot read SyncTeX data ({exc})") from None
        return cls(path, data)

    @property
    def page_count(self) -> int:
        return len(self._starts)

    @property
    def output(self) -> str:
        return self.preamble.get("Output", "")

    @property
    def main_input(self) -> str | None:
        """The first input: the main .tex file."""
        return self.inputs[min(self.inputs)] if self.inputs else None

    def input_path(self, tag: int) -> str | None:
        """The input file of ``tag``, as an absolute path (a relative one is relative to the SyncTeX file)."""
        name = self.inputs.get(tag)
        if name is None:
            return None
        if not os.path.isabs(name):
            name = os.path.join(os.path.dirname(os.path.abspath(self.path)), name)
        return os.path.normpath(name)

    def page(self, number: int) -> Page | None:
        """The 1-based output page ``number``, parsed on first use (None: the file has no such page)."""
        if number in self._pages:
            return self._pages[number]
        start = self._starts.get(number)
        if start is None:
            return None
        end = self._data.find(b"\n}%d" % number, start)
        page = Page(number, self._boxes(self._data[start : end if end >= 0 else len(self._data)]))
        self._pages[number] = page
        return page

    def _boxes(self, block: bytes) -> list[LineBox]:
        """The line boxes of a page block: each outermost hbox of a vbox, with every record on its baseline."""
        scale, xo, yo = self._scale, self._x_offset, self._y_offset
        boxes: list[LineBox] = []
        stack: list[LineBox | None] = []  # per open box: the line box it belongs to (None: a vbox)
        for raw in block.split(b"\n"):
            if not raw:
                continue
            first = raw[0]
            if first == _X:
                continue  # the current position: its tag is inherited, it names no source of its own
            if first in (_CLOSE_V, _CLOSE_H):
                if stack:
                    stack.pop()
                continue
            m = _RECORD.match(raw)
            if m is None:
                continue
            letter, tag_s, line_s, x_s, y_s, w_s, h_s, d_s = m.groups()
            kind = letter.decode()
            x, y = (int(x_s) + xo) * scale, (int(y_s) + yo) * scale
            width = int(w_s) * scale if w_s else 0.0
            current = stack[-1] if stack else None
            if kind == "[":
                if current is not None:
                    current.container = True
                stack.append(None)
            elif kind == "(" and current is None:
                height = int(h_s) * scale if h_s else 0.0
                depth = int(d_s) * scale if d_s else 0.0
                box = LineBox(int(tag_s), int(line_s), x, x + width, y, height, depth)
                boxes.append(box)
                stack.append(box)
            else:
                if current is not None and abs(y - current.y) < 0.01:
                    current.records.append(Record(kind, int(tag_s), int(line_s), x, y, width))
                if kind == "(":
                    stack.append(current)
        return boxes
