"""One page's layout, independent of the PDF library that produced its words.

Extraction runs in stages; each is a pure function of one page up to assembly, so pages can be analysed in
any order and in parallel:

1. backends (:mod:`~errata.extract.pdfplumber_backend`, :mod:`~errata.extract.pdfium_backend`): a page's
   glyphs, in drawing order, with font, size and box;
2. words (:mod:`~errata.extract.words`, :mod:`~errata.extract.fonts`): glyphs cut into :class:`Word` objects
   at font, size, baseline and gap changes, each with a font kind (text, math, monospace);
3. regions (:mod:`~errata.extract.regions`): X-Y cut into columns and other regions; margin notes;
4. lines (:mod:`~errata.extract.lines`): words grouped by baseline within a region, sub/superscripts and math
   glyphs attached to the line they sit on;
5. roles (:mod:`~errata.extract.roles`): each line's kind (prose, code, display math, table, script), table
   columns, blocks, headings, captions, footnotes;
6. furniture (:mod:`~errata.extract.furniture`): running head and foot candidates, page numbers;
7. equations (:mod:`~errata.extract.equations`): printed equation numbers;
8. assembly (:mod:`~errata.extract.assemble`): across pages, furniture decided, lines numbered, hyphens joined
   and lines appended to the document's flows.

:func:`analyze_page` runs stages 2 to 7 on a backend's words and returns a :class:`PageLayout`.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Set
from dataclasses import dataclass, field

from errata.extract.equations import equation_numbers
from errata.extract.furniture import Band, furniture_bands
from errata.extract.lines import Line, group_lines
from errata.extract.regions import find_regions
from errata.extract.roles import (
    classify_lines,
    mark_blocks_and_roles,
    mark_reference_lists,
    mark_tabular_strips,
    mend_paragraph_lines,
)
from errata.extract.words import Word, mode_size

__all__ = ["PageLayout", "Word", "analyze_page"]


@dataclass(slots=True)
class PageLayout:
    """One analysed page: lines in reading order (body strips, then margin strips) and furniture candidates."""

    index: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    body_size: float = 0.0
    bands: list[Band] = field(default_factory=list)
    equations: list[str] = field(default_factory=list)
    margin_strips: frozenset[int] = frozenset()
    error: str | None = None


def analyze_page(words: list[Word], width: float, height: float, index: int) -> PageLayout:
    """Lay out one page: strips (columns and margins), lines, kinds, blocks, furniture candidates."""
    page = PageLayout(index=index, width=width, height=height)
    words = [w for w in words if w.text.strip()]
    if not words:
        return page
    body_size = mode_size(words)
    page.body_size = body_size

    # Regions in reading order. A side-by-side region outside the main text block is a margin note; one whose
    # lines hold a word or two each is a table column.
    regions = find_regions(words, body_size)
    margin = regions.margin
    page.margin_strips = margin

    lines: list[Line] = []
    for sid in sorted(regions.words):
        lines.extend(group_lines(regions.words[sid], body_size, sid))
    lines, notes = split_side_notes(lines)
    if notes:
        margin = margin | notes
        page.margin_strips = margin

    classify_lines(lines, body_size, margin)
    mend_paragraph_lines(lines)
    mark_tabular_strips(lines, regions.side - margin)
    page.bands = furniture_bands(lines, body_size, height, margin)
    # A weak candidate (see furniture.Band) is read as the page's text until assembly finds it repeated.
    band_ids = {id(ln) for b in page.bands if b.strong for ln in b.lines}
    content = [ln for ln in lines if id(ln) not in band_ids]
    mark_blocks_and_roles(content, body_size)
    mark_reference_lists(content)
    page.equations = equation_numbers(content)
    page.lines = _reading_order(lines, margin)
    for line in lines:
        line.words = []  # the text, mask and character boxes are all that later stages read
    return page


# A note floated beside the text it interrupts (an HTML float, a wrapped figure's caption, a side note set in
# the text block) shares no gutter with it: the text's last line runs on below the note. Its lines are beside
# lines of the same region (their heights overlap, their x ranges do not), set in a smaller type or much
# narrower than those, and no more than the region's other lines. They become a margin note of their own, read
# after the text; left in place, they would be read between the text's lines.
_NOTE_OVERLAP = 0.2  # share of the smaller line's height two lines beside each other have in common
_NOTE_NARROW = 0.6  # a note's lines are at most this share of the text lines' width (or smaller type)


def split_side_notes(lines: list[Line]) -> tuple[list[Line], frozenset[int]]:
    """Move such notes' lines to strips of their own: the lines (a text line that shares its baseline with a
    note's line is cut in two first) and the notes' strip ids."""
    lines = [part for ln in lines for part in _cut_at_size_change(ln)]
    by_strip: dict[int, list[Line]] = {}
    for ln in lines:
        if ln.textual:
            by_strip.setdefault(ln.strip, []).append(ln)
    next_id = max((ln.strip for ln in lines), default=0) + 1
    made: set[int] = set()
    for strip_lines in by_strip.values():
        for side in ("right", "left"):
            notes = [ln for ln in strip_lines if _is_note_line(ln, strip_lines, side)]
            if not notes or len(notes) > len(strip_lines) - len(notes):
                continue
            for ln in notes:
                ln.strip = next_id
            made.add(next_id)
            next_id += 1
    return lines, frozenset(made)


def _cut_at_size_change(ln: Line) -> list[Line]:
    """A line whose words change type size across a gap of over half an em: two lines, one per size."""
    ws = sorted(ln.words, key=lambda w: w.x0)
    reach = -math.inf  # the right end of the words left of the cut
    for k in range(1, len(ws)):
        if ws[k - 1].x1 > reach:  # max() as a call costs more, once per word
            reach = ws[k - 1].x1
        gap = ws[k].x0 - reach
        sizes = (ws[k - 1].size, ws[k].size)
        if gap <= 0.5 * max(sizes) or min(sizes) >= 0.9 * max(sizes):
            continue  # the size changes here, across the gap, not at a wide justified space before it
        left, right = ws[:k], ws[k:]
        a, b = statistics.median(w.size for w in left), statistics.median(w.size for w in right)
        if min(a, b) < 0.9 * max(a, b) and all(len(part) >= 2 for part in (left, right)):
            parts = [Line(words=part, strip=ln.strip, kind=ln.kind) for part in (left, right)]
            for part in parts:
                part.build()
            return parts
    return [ln]


def _is_note_line(ln: Line, strip_lines: list[Line], side: str) -> bool:
    beside = [
        other
        for other in strip_lines
        if other is not ln
        and (ln.x0 > other.x1 if side == "right" else ln.x1 < other.x0)  # the rarer test first
        and min(ln.bottom, other.bottom) - max(ln.top, other.top)
        > _NOTE_OVERLAP * min(ln.bottom - ln.top, other.bottom - other.top)
    ]
    return any(
        ln.size < 0.95 * other.size or (ln.x1 - ln.x0) < _NOTE_NARROW * (other.x1 - other.x0)
        for other in beside
    )


def _reading_order(lines: list[Line], margin: Set[int]) -> list[Line]:
    """Regions in X-Y cut order, lines top to bottom within each; margin notes after the text."""
    text = sorted((ln for ln in lines if ln.strip not in margin), key=lambda ln: (ln.strip, ln.top))
    notes = sorted((ln for ln in lines if ln.strip in margin), key=lambda ln: (ln.strip, ln.top))
    return text + notes
