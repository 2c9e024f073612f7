"""Stage 6: running heads, running feet and page numbers.

One page cannot tell a running head from content, so :func:`furniture_bands` only marks the page's top and
bottom rows as candidates when a clear gap sets them apart; :func:`is_furniture` decides across the document
(in assembly): a band is furniture when it is a page number, carries one at an end, repeats on another page, or
is set small at the very edge of the page. :func:`page_number_of` reads the printed page number, arabic or roman.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import Protocol

from errata.extract.lines import Line, LineKind


@dataclass(slots=True)
class Band:
    """The top or bottom band of a page, set apart by a gap: a running head or foot, if it repeats."""

    position: str  # "top" or "bottom"
    lines: list[Line]
    text: str
    size: float
    # Set apart by a clear gap. A band set apart by less (a footnote or a list close to the foot, a head
    # close to the first line) is furniture only if it repeats on another page.
    strong: bool = True

    @property
    def top(self) -> float:
        return min(ln.top for ln in self.lines)

    @property
    def bottom(self) -> float:
        return max(ln.bottom for ln in self.lines)


class BandLike(Protocol):
    """What the decision across pages reads of a band: a :class:`Band`, or its digest kept by assembly."""

    @property
    def position(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def size(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...
    @property
    def strong(self) -> bool: ...


_PAGE_NUMBER_RE = re.compile(
    r"(?i)^(?:page\s+)?[-–—]?\s*(\d{1,4}|(?:xl|x{0,3})(?:ix|iv|v?i{0,3}))\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,4})?$"
)
_NUMBER_TOKEN_RE = re.compile(r"^(\d{1,4}|(?:xl|x{0,3})(?:ix|iv|v?i{0,3}))$")


def page_number_of(text: str) -> str | None:
    """The page number printed in a running head or foot, if the band has one at its start or end."""
    text = text.strip()
    m = _PAGE_NUMBER_RE.match(text)
    if m and m.group(1):
        return m.group(1)
    tokens = text.split()
    if len(tokens) >= 2:
        for tok in (tokens[-1], tokens[0]):
            if _NUMBER_TOKEN_RE.match(tok) and tok:
                return tok
    return None


def furniture_bands(
    lines: list[Line], body_size: float, height: float, margin: Set[int] = frozenset()
) -> list[Band]:
    """The top and bottom rows of the page when a gap sets them apart from the rest (see :class:`Band`).

    Margin notes (lines of the ``margin`` strips) are left out: a note that runs down to the page number's
    height would otherwise close the gap above it."""
    rows = sorted(
        (ln for ln in lines if ln.kind is not LineKind.SCRIPT and ln.strip not in margin),
        key=lambda ln: ln.top,
    )
    if len(rows) < 2:
        return []
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(rows) if b.top - a.bottom > 0]
    typical = statistics.median(gaps) if gaps else 2.0
    clear = max(0.9 * body_size, 3 * typical, 6.0)
    bands: list[Band] = []
    first = rows[0]
    top_band = [ln for ln in rows if ln.top < first.bottom - 0.3 * first.size]
    rest = [ln for ln in rows if ln not in top_band]
    if rest and top_band:
        gap = min(ln.top for ln in rest) - max(ln.bottom for ln in top_band)
        if gap >= _some_gap(top_band, body_size) and max(ln.bottom for ln in top_band) <= 0.25 * height:
            bands.append(_band("top", top_band, strong=gap >= clear))
    last = max(rows, key=lambda ln: ln.bottom)
    bottom_band = [ln for ln in rows if ln.bottom > last.top + 0.3 * last.size]
    rest = [ln for ln in rows if ln not in bottom_band]
    if rest and bottom_band and not any(ln in bottom_band for b in bands for ln in b.lines):
        gap = min(ln.top for ln in bottom_band) - max(ln.bottom for ln in rest)
        if gap >= _some_gap(bottom_band, body_size) and min(ln.top for ln in bottom_band) >= 0.75 * height:
            bands.append(_band("bottom", bottom_band, strong=gap >= clear))
    return bands


def _some_gap(band: list[Line], body_size: float) -> float:
    """The least white that sets a candidate band apart: most of a text line, or a quarter of one for a band
    in smaller type than the body (a browser prints its header and footer a few points from the text, and PDF
    libraries measure glyph boxes a point or two apart). Such a band is weak, furniture only if it repeats."""
    if statistics.median(ln.size for ln in band) <= 0.9 * body_size:
        return max(0.25 * body_size, 2.0)
    return max(0.9 * body_size, 6.0)


def _band(position: str, lines: list[Line], *, strong: bool = True) -> Band:
    lines = sorted(lines, key=lambda ln: ln.x0)
    text = "  ".join(ln.text for ln in lines)
    return Band(position, lines, text, statistics.median(ln.size for ln in lines), strong)


def band_key(band: BandLike) -> str:
    """A band's text with its numbers (arabic or roman) blanked: what stays the same from page to page."""
    return re.sub(r"\s+", " ", re.sub(r"\d+|\b[ivxlc]+\b", "#", band.text.lower())).strip()


def count_repeats(bands: Iterable[BandLike]) -> Counter[tuple[str, str]]:
    """How often each (position, key) occurs among the bands of all pages."""
    repeats: Counter[tuple[str, str]] = Counter()
    for band in bands:
        repeats[(band.position, band_key(band))] += 1
    return repeats


_LOWER_WORD = re.compile(r"^[a-z][a-z'’-]*[,;:.]?$")


def _sentence(text: str) -> bool:
    """Whether a band reads as a sentence (a footnote at the foot: "1 The expansion is a string that is the
    result of expanding it."), not a running head or foot: it ends a sentence and most of its eight or more
    words are lower-case. Its number is the note's, not the page's."""
    tokens = text.split()
    if len(tokens) < 8 or not text.rstrip().endswith((".", "!", "?", ".)", ".”")):
        return False
    return sum(1 for t in tokens if _LOWER_WORD.match(t)) >= 0.6 * len(tokens)


def is_furniture(band: BandLike, repeats: Counter[tuple[str, str]], body_size: float, height: float) -> bool:
    """Whether a candidate band is a running head or foot, given the bands of the whole document."""
    if not band.strong:
        return repeats[(band.position, band_key(band))] >= 2
    if _sentence(band.text):
        return repeats[(band.position, band_key(band))] >= 2  # a footnote, unless every page prints it
    if page_number_of(band.text) and band.size <= 1.05 * body_size:
        return True
    if repeats[(band.position, band_key(band))] >= 2:
        return True
    edge = band.top if band.position == "top" else height - band.bottom
    return band.size <= 0.9 * body_size and edge <= 0.08 * height
