"""The document model: text flows with a map back to the page.

Extraction turns a PDF into a :class:`Document`. Each :class:`Flow` is one continuous string in reading order
(body, margin notes, footnotes, captions) plus, for every character, where it was printed. Rules read flows and
return character spans; the document turns a span into :class:`Location` objects (page, printed page label,
line on the page, bounding box), one per printed line the span touches, so a match across a line, column or page
break has one box per piece.

Conventions inside a flow:

* a line end, a column end and a page end inside a paragraph are a single space, so "the" at the end of one line
  and "the" at the start of the next are adjacent;
* a block boundary (a heading, a new paragraph after vertical space, a display equation or code listing cut out
  of the prose) is a newline: rules never match across it;
* :attr:`Flow.masked` has the same length as :attr:`Flow.text`, with every character that is not prose (inline
  math, monospace code, unknown glyphs) replaced by :data:`MASK`. Rules match on ``masked``; context and matched
  text come from ``text``. Equal lengths keep offsets identical between the two.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

MASK = "\ufffc"
"""Stands in for a character that prose rules must not read (math, code, an unknown glyph)."""

BLOCK_BREAK = "\n"
LINE_BREAK = " "


class Region(StrEnum):
    """Which flow a piece of text belongs to. The first four are prose; the others hold what is printed but is
    not prose, each line a block of its own, for the rules that ask for them (none does by default)."""

    BODY = "body"
    MARGIN = "margin"
    FOOTNOTE = "footnote"
    CAPTION = "caption"
    TABLE = "table"
    CODE = "code"
    MATH = "math"
    INDEX = "index"


PROSE_REGIONS = frozenset({Region.BODY, Region.MARGIN, Region.FOOTNOTE, Region.CAPTION})


class Role(StrEnum):
    """What a printed line is. Every line of every page read ends in exactly one role."""

    BODY = "body"
    HEADING = "heading"
    CAPTION = "caption"
    FOOTNOTE = "footnote"
    MARGIN = "margin"
    MATH = "math"  # display math
    SCRIPT = "script"  # sub- and superscripts of display math, set on their own baseline
    CODE = "code"
    TABLE = "table"
    INDEX = "index"  # entries of an index or a table of contents
    FURNITURE = "furniture"  # running heads and feet, page numbers

    @property
    def region(self) -> Region | None:
        """The flow that holds lines of this role (furniture is in none: no rule reads running heads)."""
        return _REGION_OF_ROLE.get(self)


_REGION_OF_ROLE = {
    Role.BODY: Region.BODY,
    Role.HEADING: Region.BODY,
    Role.CAPTION: Region.CAPTION,
    Role.FOOTNOTE: Region.FOOTNOTE,
    Role.MARGIN: Region.MARGIN,
    Role.MATH: Region.MATH,
    Role.SCRIPT: Region.MATH,
    Role.CODE: Region.CODE,
    Role.TABLE: Region.TABLE,
    Role.INDEX: Region.INDEX,
}


@dataclass(frozen=True, slots=True)
class PrintedLine:
    """One printed line of a page with its role: the layout's account of the page, line by line.

    ``order`` is its place in the page's reading order; ``number`` its line number (0 for furniture);
    ``glyphs`` the number of printed characters it holds.
    """

    page: int
    order: int
    number: int
    role: Role
    bbox: tuple[float, float, float, float]
    text: str
    glyphs: int


@dataclass(frozen=True, slots=True)
class SourceSpot:
    """The source line that printed a piece of a match (from SyncTeX): ``file`` relative to the source root
    (forward slashes), ``line`` 1-based, ``column`` 1-based when known (pdfTeX records none)."""

    file: str
    line: int
    column: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" + (f":{self.column}" if self.column is not None else "")


@dataclass(frozen=True, slots=True)
class Location:
    """Where a piece of a match was printed. ``page`` is the 1-based physical page index; ``source`` the
    source line that printed it, when a SyncTeX file was read (never part of a fingerprint)."""

    page: int
    page_label: str | None
    line: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left
    # x0, x1 of the whole printed line the piece is on (its column segment, all of its words), if known
    extent: tuple[float, float] | None = None
    source: SourceSpot | None = None


@dataclass(slots=True)
class LinePiece:
    """One printed line's contribution to a flow: flow offsets [start, end) and per-character x extents.

    ``extent`` is the x0, x1 of the printed line itself: every word the layout put on that line within its
    column segment (inline math, sub- and superscripts and a dropped line-end hyphen included), so that a page
    crop can show the whole line around a match.
    """

    start: int
    end: int
    page: int
    line: int
    top: float
    bottom: float
    x0s: array[float]
    x1s: array[float]
    extent: tuple[float, float] | None = None


@dataclass(slots=True)
class Flow:
    """One continuous text flow with an offset map back to the printed lines."""

    region: Region
    text: str
    masked: str
    pieces: Sequence[LinePiece] = field(default_factory=list)  # a list, or (from assembly) a Spilled one
    page_labels: dict[int, str | None] = field(default_factory=dict)
    # One character per character of ``text``: equal characters were printed in the same font (a space
    # between words and at breaks). Empty when unknown (a flow made from plain text).
    fonts: str = ""
    # where each piece starts (computed from the pieces unless given, as a window of a FlowStore gives them)
    _starts: array[int] = field(default_factory=lambda: array("q"), repr=False)

    def __post_init__(self) -> None:
        if len(self.text) != len(self.masked):
            raise ValueError("masked text must have the same length as text")
        if self.fonts and len(self.fonts) != len(self.text):
            raise ValueError("fonts must have the same length as text")
        if len(self._starts) != len(self.pieces):
            self._starts = array("q", [p.start for p in self.pieces])

    def same_font(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        """Whether the spans ``a`` and ``b`` are printed in one font (True when fonts are unknown)."""
        if not self.fonts:
            return True
        return set(self.fonts[a[0] : a[1]]) == set(self.fonts[b[0] : b[1]])

    @classmethod
    def from_text(cls, text: str, region: Region = Region.BODY) -> Flow:
        """A flow from plain text (no geometry): rule examples and tests use it."""
        return cls(region=region, text=text, masked=text)

    def apart(self, end: int, start: int, spaces: float = 0.6) -> bool:
        """Whether the text that ends at ``end`` and the text that starts at ``start`` are printed apart, as
        two cells of a table row are: on two printed lines, or on one line with a gap wider than ``spaces``
        times the line's height and more than twice the line's typical word space (a justified line
        stretches all its spaces alike). False for a flow without geometry (made from plain text)."""
        if not self.pieces or end < 1 or start <= end - 1:
            return False
        piece, _ = self._piece_at(end - 1)
        if piece is None:
            return False
        if start >= piece.end:
            return True
        a, b = end - 1 - piece.start, start - piece.start
        gap = piece.x0s[b] - piece.x1s[a]
        if gap <= spaces * (piece.bottom - piece.top):
            return False
        line = self.text[piece.start : piece.end]
        others = sorted(
            piece.x0s[k + 1] - piece.x1s[k - 1]
            for k in range(1, len(line) - 1)
            if line[k] == " " and line[k - 1] != " " and line[k + 1] != " " and not a < k < b
        )
        return not others or gap > 2 * others[len(others) // 2]

    def ends_short(self, end: int, following: tuple[int, int]) -> bool:
        """Whether the printed line holding ``text[end - 1]`` ends before the measure of its neighbours by more
        than the ``following`` span (the next line's first word) and a space would take: the text did not wrap
        there for want of room, so a block ends (a heading, a cell, a paragraph's last line; in ragged-right
        text too, whose lines end anywhere short of the measure). False without geometry, or when the lines
        around on its page cannot tell."""
        if not self.pieces or end < 1:
            return False
        piece, i = self._piece_at(end - 1)
        after, _ = self._piece_at(following[0])
        if piece is None or after is None or piece.extent is None or after is piece:
            return False
        a, b = following[0] - after.start, following[1] - 1 - after.start
        width = after.x1s[b] - after.x0s[a]
        near = [
            other.extent[1]
            for k in range(max(0, i - 2), min(len(self.pieces), i + 3))
            if k != i
            and (other := self.pieces[k]).page == piece.page
            and other.extent is not None
            and other.extent[0] < piece.extent[1]
            and piece.extent[0] < other.extent[1]
        ]
        room = max(near, default=piece.extent[1]) - piece.extent[1]
        return room > width + 0.5 * (piece.bottom - piece.top)

    def _piece_at(self, offset: int) -> tuple[LinePiece | None, int]:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None, i
        piece = self.pieces[i]
        return (piece, i) if piece.start <= offset < piece.end else (None, i)

    def locate(self, start: int, end: int) -> list[Location]:
        """The printed locations of the span [start, end), one per line piece it touches."""
        if not self.pieces:
            return []
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        out: list[Location] = []
        while i < len(self.pieces):
            piece = self.pieces[i]
            if piece.start >= end:
                break
            lo, hi = max(start, piece.start), min(end, piece.end)
            # Trim separators so a piece is only boxed where it has printed characters.
            while lo < hi and self.text[lo].isspace():
                lo += 1
            while hi > lo and self.text[hi - 1].isspace():
                hi -= 1
            if lo < hi:
                a, b = lo - piece.start, hi - piece.start
                x0 = min(piece.x0s[a:b])
                x1 = max(piece.x1s[a:b])
                bbox = (round(x0, 2), round(piece.top, 2), round(x1, 2), round(piece.bottom, 2))
                extent = (
                    None if piece.extent is None else (round(piece.extent[0], 2), round(piece.extent[1], 2))
                )
                out.append(Location(piece.page, self.page_labels.get(piece.page), piece.line, bbox, extent))
            i += 1
        return out

    def sentence(self, start: int, end: int, limit: int = 300) -> tuple[int, int]:
        """Bounds of the sentence (or block) around [start, end), at most ``limit`` characters each side.

        A footnote mark or other masked glyph between the full stop and the space ("time.¹ We") does not hide
        the sentence end.
        """
        text, masked = self.text, self.masked
        left = max(0, start - limit)
        s = start
        while s > left:
            ch = text[s - 1]
            if ch == BLOCK_BREAK:
                break
            if ch == " ":
                j = s - 2
                while j >= 0 and masked[j] == MASK:
                    j -= 1
                if j >= 0 and text[j] in ".!?" and _sentence_end(text, j):
                    break
            s -= 1
        right = min(len(text), end + limit)
        e = end
        while e < right:
            ch = text[e]
            if ch == BLOCK_BREAK:
                break
            if ch in ".!?" and _sentence_end(text, e):
                k = e + 1
                while k < len(text) and masked[k] == MASK:
                    k += 1
                if k >= len(text) or text[k] in " \n":
                    e = k
                    break
            e += 1
        return s, e


_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "cf",
        "etc",
        "fig",
        "figs",
        "eq",
        "eqs",
        "sec",
        "ch",
        "chap",
        "no",
        "vs",
        "al",
        "approx",
        "resp",
        "ref",
        "refs",
        "tab",
        "p",
        "pp",
        "vol",
        "ed",
        "eds",
    ]
)


def _sentence_end(text: str, i: int) -> bool:
    """Whether the punctuation at ``text[i]`` ends a sentence (not 'e.g.', 'Fig.', '10.3')."""
    if text[i] != ".":
        return True
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:i].lower()
    if word in _ABBREVIATIONS:
        return False
    return not (len(word) == 1 and word.isalpha() and word.isupper())


@dataclass(frozen=True, slots=True)
class EquationLabel:
    """A numbered display equation found in the PDF, e.g. label "10.9" on page 3."""

    label: str
    page: int
    page_label: str | None


@dataclass(frozen=True, slots=True)
class Problem:
    """Something errata could not read: a page that failed, a rule that could not run."""

    kind: str  # "page-unreadable", "rule-unavailable", ...
    message: str
    page: int | None = None


@dataclass(slots=True)
class Document:
    """A PDF as errata sees it: flows of text, page labels, numbered equations and what could not be read."""

    path: str
    sha256: str
    page_count: int
    flows: Mapping[Region, Flow]  # a dict, or from assembly a FlowStore (see errata.model.windows)
    page_labels: dict[int, str | None] = field(default_factory=dict)
    page_sizes: dict[int, tuple[float, float]] = field(default_factory=dict)  # width, height in points
    pages_scanned: list[int] = field(default_factory=list)
    equations: list[EquationLabel] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # every printed line read, with its role (a list, or from assembly a Spilled one: see errata.model.spill)
    lines: Sequence[PrintedLine] = field(default_factory=list)

    def flow(self, region: Region) -> Flow | None:
        return self.flows.get(region)
