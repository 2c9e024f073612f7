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

    classify_lines(lines, body_size, margin)
    mark_tabular_strips(lines, regions.side - margin)
    page.bands = furniture_bands(lines, body_size, height)
    band_ids = {id(ln) for b in page.bands for ln in b.lines}
    content = [ln for ln in lines if id(ln) not in band_ids]
    mark_blocks_and_roles(content, body_size)
    mark_reference_lists(content)
    page.equations = equation_numbers(content)
    page.lines = _reading_order(lines, margin)
    for line in lines:
        line.words = []  # the text, mask and character boxes are all that later stages read
    return page


def _reading_order(lines: list[Line], margin: Set[int]) -> list[Line]:
    """Regions in X-Y cut order, lines top to bottom within each; margin notes after the text."""
    text = sorted((ln for ln in lines if ln.strip not in margin), key=lambda ln: (ln.strip, ln.top))
    notes = sorted((ln for ln in lines if ln.strip in margin), key=lambda ln: (ln.strip, ln.top))
    return text + notes
