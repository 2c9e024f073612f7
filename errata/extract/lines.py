"""Stage 4: words into lines within a region, by baseline.

Text and code words are clustered by their bottoms; math glyphs (radicals and big delimiters reach above and
below the line) and small glyph runs (sub- and superscripts, footnote marks) then join the line they sit on,
and whatever joins no line forms lines of its own. A :class:`Line` joins its words into text with a space
wherever the printed gap is wider than a kern, a mask of the same length, and per-character x extents.
"""

from __future__ import annotations

import operator
import re
import statistics
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from errata.extract.fonts import FontKind, font_basename
from errata.extract.words import Word
from errata.model.document import MASK


class LineKind(StrEnum):
    PROSE = "prose"
    HEADING = "heading"
    CAPTION = "caption"
    FOOTNOTE = "footnote"
    MARGIN = "margin"
    MATH = "math"
    CODE = "code"
    TABLE = "table"
    SCRIPT = "script"
    INDEX = "index"  # an entry of an index or a table of contents: words, then page numbers


PROSE_KINDS = frozenset(
    {LineKind.PROSE, LineKind.HEADING, LineKind.CAPTION, LineKind.FOOTNOTE, LineKind.MARGIN}
)


@dataclass(slots=True)
class Line:
    """Words on one baseline within one strip of the page, in reading order."""

    words: list[Word]
    strip: int
    text: str = ""
    mask: str = ""
    x0s: array[float] = field(default_factory=lambda: array("f"))
    x1s: array[float] = field(default_factory=lambda: array("f"))
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    kind: LineKind = LineKind.PROSE
    block: int = 0
    number: int = 0  # line number on the page, set once running heads are known
    textual: bool = True  # holds a full-size word in a text font (not only math glyphs or scripts)
    base: float = 0.0  # the bottom of its text-font words: math glyph boxes vary between PDF libraries
    # The fonts of :attr:`text`: one character per character, U+0100 + an index into ``font_names``.
    font_runs: str = ""
    font_names: list[str] = field(default_factory=list)
    row_start: bool = False  # starts a row beside a table's first column: a new block (page analysis)

    def build(self) -> None:
        """Join the words into text (a space wherever the printed gap is wider than a kern)."""
        self.words.sort(key=_X0)
        parts: list[str] = []
        mask: list[str] = []
        x0s = array("f")
        x1s = array("f")
        runs: list[str] = []
        names: dict[str, int] = {}
        prev: Word | None = None
        # Once per word of every page, so Word.masked is written out here.
        for w in self.words:
            if prev is not None and w.x0 - prev.x1 > 0.15 * min(w.size, prev.size):  # wider than a kern
                runs.append(" ")
                parts.append(" ")
                mask.append(" ")
                x0s.append(prev.x1)
                x1s.append(w.x0)
            parts.append(w.text)
            runs.append(
                chr(_RUN_BASE + names.setdefault(font_basename(w.fontname), len(names))) * len(w.text)
            )
            if w.kind is not FontKind.TEXT or w.script:
                mask.append(_MASK_SPACES.sub(MASK, w.text))
            else:
                mask.append(w.text.replace("\ufffd", MASK))
            x0s.extend(w.cx0)
            x1s.extend(w.cx1)
            prev = w
        self.text = "".join(parts)
        self.mask = "".join(mask)
        self.font_runs = "".join(runs)
        self.font_names = list(names)
        self.x0s, self.x1s = x0s, x1s
        main = [w for w in self.words if not w.script] or self.words
        self.x0 = min(w.x0 for w in self.words)
        self.x1 = max(w.x1 for w in self.words)
        self.top = min(w.top for w in main)
        self.bottom = max(w.bottom for w in main)
        self.size = statistics.median(w.size for w in main)
        text_words = [w for w in self.words if w.kind is FontKind.TEXT and not w.script]
        self.textual = bool(text_words)
        self.base = statistics.median(w.bottom for w in text_words) if text_words else self.bottom

    def fonts(self, font_id: Callable[[str], str]) -> str:
        """One character per character of :attr:`text`: ``font_id`` of the font it is printed in (a space for
        the spaces between words). Two equal characters mean the same font, whatever its subset prefix."""
        ids = {_RUN_BASE + k: font_id(name) for k, name in enumerate(self.font_names)}
        return self.font_runs.translate(ids)  # the spaces stay

    @property
    def glyphs(self) -> int:
        """The characters of :attr:`text` that are not spaces (``split()`` cuts at exactly those)."""
        return len("".join(self.text.split()))

    @property
    def bold_fraction(self) -> float:
        total = sum(len(w.text) for w in self.words) or 1
        return sum(len(w.text) for w in self.words if w.bold) / total


_RUN_BASE = 0x100
_MASK_SPACES = re.compile("[^ ]")  # a masked word: every character but a space


_X0 = operator.attrgetter("x0")


def cluster_baselines(words: list[Word]) -> list[list[Word]]:
    """Words grouped by baseline (their bottoms within a third of the type size)."""
    groups: list[list[Word]] = []
    bottom = 0.0
    for w in sorted(words, key=lambda w: (w.bottom, w.x0)):
        if groups and abs(w.bottom - bottom) <= max(1.0, 0.3 * w.size):
            groups[-1].append(w)
        else:
            groups.append([w])
            bottom = w.bottom
    return groups


def _x_overlap(a: Word, b: Word) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def group_lines(words: list[Word], body_size: float, strip: int) -> list[Line]:
    """Cluster text and code words into lines by baseline; math glyphs (radicals and big delimiters reach above and
    below the line) and small glyph runs (sub- and superscripts, footnote marks) join the line they sit on."""
    full = [
        w for w in words if w.kind is not FontKind.MATH and (body_size == 0 or w.size >= 0.75 * body_size)
    ]
    full_ids = {id(w) for w in full}
    groups = cluster_baselines(full)
    extents = [
        [min(x.top for x in g), max(x.bottom for x in g), min(x.x0 for x in g), max(x.x1 for x in g)]
        for g in groups
    ]
    orphans: list[Word] = []
    for w in sorted((w for w in words if id(w) not in full_ids), key=lambda w: (w.bottom, w.x0)):
        mid = (w.top + w.bottom) / 2
        best = -1
        best_d = 1e9
        for k, (top, bottom, x0, x1) in enumerate(extents):
            if (
                top - 0.35 * w.size <= mid <= bottom + 0.35 * w.size
                and x0 - 2 * w.size <= w.x0 <= x1 + 2 * w.size
            ):
                if any(
                    _x_overlap(w, x) > 0.3 * (w.x1 - w.x0) for x in groups[k] if x.kind is not FontKind.MATH
                ):
                    continue  # that line already has text where this glyph is: it belongs to another line
                d = abs(bottom - w.bottom)
                if d < best_d:
                    best, best_d = k, d
        if best >= 0:
            w.script = body_size > 0 and w.size < 0.75 * body_size
            groups[best].append(w)
            ext = extents[best]
            ext[2], ext[3] = min(ext[2], w.x0), max(ext[3], w.x1)
        else:
            orphans.append(w)
    groups.extend(cluster_baselines(orphans))
    lines = [Line(words=g, strip=strip) for g in groups]
    for line in lines:
        line.build()
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines
