"""Page layout analysis, independent of the PDF library that produced the words.

A backend turns one page into :class:`Word` objects (text, box, font, size, per-character x extents). This
module finds the page's columns and margins from the geometry alone (a vertical strip with no text is a gutter),
groups words into lines, and gives each line a kind: prose, heading, caption, footnote, margin note, or one of
the kinds kept out of prose (display math, code, table rows, stray sub/superscripts). Running heads and page
numbers need more than one page to be told apart from content, so this module only marks the top and bottom
bands of a page as *candidates*; :mod:`errata.extract.assemble` decides across pages.

Everything here is a pure function of one page, so pages can be analysed in any order and in parallel.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from array import array
from dataclasses import dataclass, field
from enum import StrEnum

from errata.extract.fonts import FontKind
from errata.extract.words import Word, mode_size
from errata.model.document import MASK

_SECTION_NUMBER_RE = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?|[A-Z](?:\.\d+)*\.?|[IVX]+\.?|\(?[a-z\d]\)|[•◦▪‣∗*–-])$"
)
_EQUATION_NUMBER_RE = re.compile(r"^\((\d+(?:[.\-]\d+)*[a-z]?|[A-Z]\.\d+[a-z]?)\)$")
_CAPTION_RE = re.compile(
    r"^(?:Figure|Fig\.|Table|Tab\.|Listing|Algorithm|Exhibit|Chart|Plate)\s*[\dIVXA-Z][\w.\-]*\s*[:.|—–-]"
)


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

    def build(self) -> None:
        """Join the words into text (a space wherever the printed gap is wider than a kern)."""
        self.words.sort(key=lambda w: w.x0)
        parts: list[str] = []
        mask: list[str] = []
        x0s = array("f")
        x1s = array("f")
        prev: Word | None = None
        for w in self.words:
            if prev is not None and w.x0 - prev.x1 > 0.15 * min(w.size, prev.size):
                parts.append(" ")
                mask.append(" ")
                x0s.append(prev.x1)
                x1s.append(w.x0)
            parts.append(w.text)
            if w.masked:
                mask.append("".join(" " if ch == " " else MASK for ch in w.text))
            else:
                mask.append("".join(MASK if ch == "\ufffd" else ch for ch in w.text))
            x0s.extend(w.cx0)
            x1s.extend(w.cx1)
            prev = w
        self.text = "".join(parts)
        self.mask = "".join(mask)
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

    @property
    def bold_fraction(self) -> float:
        total = sum(len(w.text) for w in self.words) or 1
        return sum(len(w.text) for w in self.words if w.bold) / total


@dataclass(slots=True)
class Band:
    """The top or bottom band of a page, set apart by a gap: a running head or foot, if it repeats."""

    position: str  # "top" or "bottom"
    lines: list[Line]
    text: str
    size: float


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


def _gutter(words: list[Word], min_width: float) -> tuple[float, float] | None:
    """The widest vertical strip (x range) that no word of ``words`` crosses, with text on both sides."""
    lo = min(w.x0 for w in words)
    hi = max(w.x1 for w in words)
    n = int(hi - lo) + 2
    if n < min_width + 2:
        return None
    diff = [0] * (n + 1)
    for w in words:
        diff[int(w.x0 - lo)] += 1
        diff[int(w.x1 - lo) + 1] -= 1
    best: tuple[float, float] | None = None
    running = 0
    start = -1
    for k in range(n):
        running += diff[k]
        if running == 0:
            if start < 0:
                start = k
        elif start >= 0:
            # bins [start, k) are empty; a bin is empty only if no word touches it, so widen by one
            width = k - start + 1
            if start > 0 and width >= min_width and (best is None or width > best[1] - best[0]):
                best = (lo + start, lo + k)
            start = -1
    return best


def _bands(words: list[Word], min_gap: float) -> list[list[Word]]:
    """Split words into horizontal bands at vertical gaps of at least ``min_gap`` that no word covers."""
    ordered = sorted(words, key=lambda w: w.top)
    bands: list[list[Word]] = [[ordered[0]]]
    reach = ordered[0].bottom
    for w in ordered[1:]:
        if w.top - reach >= min_gap:
            bands.append([w])
        else:
            bands[-1].append(w)
        reach = max(reach, w.bottom)
    return bands


def xy_cut(words: list[Word], body_size: float, depth: int = 0) -> list[list[Word]]:
    """Regions of the page in reading order (recursive X-Y cut).

    Vertical gutters are cut first; a page whose columns start below a full-width title is cut into
    horizontal bands first, and consecutive bands whose gutters line up are kept together so that a column is
    read to its end before the next one starts.
    """
    if depth > 12 or len(words) < 2:
        return [words]
    # A gutter is wider than the widest word space of the region's own type size.
    min_width = max(7.0, 0.9 * statistics.median(w.size for w in words))
    g = _gutter(words, min_width)
    if g is not None:
        cut = (g[0] + g[1]) / 2
        left = [w for w in words if (w.x0 + w.x1) / 2 < cut]
        right = [w for w in words if (w.x0 + w.x1) / 2 >= cut]
        return xy_cut(left, body_size, depth + 1) + xy_cut(right, body_size, depth + 1)
    bands = _bands(words, max(0.6 * body_size, 3.0))
    if len(bands) < 2:
        return [words]
    runs: list[tuple[list[Word], tuple[float, float] | None]] = []
    for band in bands:
        gb = _gutter(band, min_width)
        if runs:
            prev_words, prev_g = runs[-1]
            if prev_g is not None and gb is not None:
                lo, hi = max(prev_g[0], gb[0]), min(prev_g[1], gb[1])
                if hi - lo >= min_width:
                    runs[-1] = (prev_words + band, (lo, hi))
                    continue
        runs.append((band, gb))
    if all(gb is None for _, gb in runs):
        return [words]
    out: list[list[Word]] = []
    for run_words, gb in runs:
        if gb is not None and len(run_words) < len(words):
            out.extend(xy_cut(run_words, body_size, depth + 1))
        else:
            out.append(run_words)
    return out


def _cluster(words: list[Word]) -> list[list[Word]]:
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


def _group_lines(words: list[Word], body_size: float, strip: int) -> list[Line]:
    """Cluster text and code words into lines by baseline; math glyphs (radicals and big delimiters reach above and
    below the line) and small glyph runs (sub- and superscripts, footnote marks) join the line they sit on."""
    full = [
        w for w in words if w.kind is not FontKind.MATH and (body_size == 0 or w.size >= 0.75 * body_size)
    ]
    full_ids = {id(w) for w in full}
    groups = _cluster(full)
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
    groups.extend(_cluster(orphans))
    lines = [Line(words=g, strip=strip) for g in groups]
    for line in lines:
        line.build()
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _has_table_gap(line: Line) -> bool:
    """Whether a line has a gap no justified prose line has: table cells, not words."""
    ws = sorted(line.words, key=lambda w: w.x0)
    main = [w for w in ws if not w.script]
    reach = ws[0].x1
    for k in range(1, len(ws)):
        w = ws[k]
        gap = w.x0 - reach
        reach = max(reach, w.x1)
        if w.script or gap <= 0.9 * line.size:
            continue
        if main and w is main[-1] and _EQUATION_NUMBER_RE.match(w.text):
            continue
        before = [x for x in main if x.x1 <= w.x0]
        if len(before) == 1 and _SECTION_NUMBER_RE.match(before[0].text):
            continue  # "10.6  The Language Modeling Head", "•  item"
        return True
    return False


def _classify(line: Line) -> LineKind:
    nonspace = sum(1 for ch in line.text if not ch.isspace()) or 1
    mono = sum(len(w.text) for w in line.words if w.kind is FontKind.MONO)
    if mono >= 0.6 * nonspace:
        return LineKind.CODE
    # A line set only in text fonts is prose however short its words ("and a & b."); a line with math or
    # script glyphs is display math unless words of prose make up half of it.
    if any(w.masked for w in line.words):
        prose_words = [w for w in line.words if not w.masked and sum(ch.isalpha() for ch in w.text) >= 2]
        prose_chars = sum(len(w.text) for w in prose_words)
        if prose_chars < 0.5 * nonspace and len(prose_words) < 4:
            return LineKind.MATH
    if _has_table_gap(line):
        return LineKind.TABLE
    return LineKind.PROSE


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
    regions = xy_cut(words, body_size)
    strip_words = dict(enumerate(regions))
    side = _side_by_side(regions)
    # The main text block is where most of the words are: the biggest regions up to 70 % of the page's words.
    main: list[int] = [sid for sid in strip_words if sid not in side]
    covered = sum(len(strip_words[sid]) for sid in main)
    for sid in sorted(side, key=lambda k: -len(strip_words[k])):
        if covered >= 0.7 * len(words):
            break
        main.append(sid)
        covered += len(strip_words[sid])
    body_x0 = min(min(w.x0 for w in strip_words[sid]) for sid in main)
    body_x1 = max(max(w.x1 for w in strip_words[sid]) for sid in main)
    margin: set[int] = set()
    for sid in side:
        ws = strip_words[sid]
        if max(w.x1 for w in ws) <= body_x0 + 2 or min(w.x0 for w in ws) >= body_x1 - 2:
            margin.add(sid)
    page.margin_strips = frozenset(margin)

    lines: list[Line] = []
    for sid in sorted(strip_words):
        lines.extend(_group_lines(strip_words[sid], body_size, sid))

    for line in lines:
        if all(w.script for w in line.words) or (
            line.size < 0.75 * body_size and all(w.masked for w in line.words)
        ):
            line.kind = LineKind.SCRIPT
            continue
        line.kind = _classify(line)
        if line.strip in margin and line.kind is LineKind.PROSE:
            line.kind = LineKind.MARGIN

    _mark_tabular_strips(lines, side - margin)
    page.bands = _furniture_bands(lines, body_size, height)
    band_ids = {id(ln) for b in page.bands for ln in b.lines}
    content = [ln for ln in lines if id(ln) not in band_ids]
    _mark_blocks_and_roles(content, body_size)
    page.equations = _equation_numbers(content)
    page.lines = _reading_order(lines, margin)
    for line in lines:
        line.words = []  # the text, mask and character boxes are all that later stages read
    return page


def _side_by_side(regions: list[list[Word]]) -> set[int]:
    """Regions that share their height with another region beside them (columns, notes, table columns)."""
    boxes = [
        (min(w.x0 for w in ws), min(w.top for w in ws), max(w.x1 for w in ws), max(w.bottom for w in ws))
        for ws in regions
    ]
    side: set[int] = set()
    for i, (ax0, atop, ax1, abot) in enumerate(boxes):
        for j, (bx0, btop, bx1, bbot) in enumerate(boxes):
            if i == j or (ax0 < bx1 and bx0 < ax1):
                continue
            overlap = min(abot, bbot) - max(atop, btop)
            if overlap > 0.5 * min(abot - atop, bbot - btop, 1e9):
                side.add(i)
                break
    return side


def _mark_tabular_strips(lines: list[Line], side: set[int]) -> None:
    """Side-by-side regions whose lines hold one or two words each are table columns, not text columns; so
    are the regions beside them whose lines sit on the same baselines (the other columns of that table). A
    column of code or symbols ("name.head.odd | header of odd pages") marks its rows just as well."""
    by_strip: dict[int, list[Line]] = {}
    for ln in lines:
        if ln.strip in side and ln.kind is not LineKind.SCRIPT:
            by_strip.setdefault(ln.strip, []).append(ln)
    tabular: set[int] = set()
    for sid, strip_lines in by_strip.items():
        if sum(len(ln.text.split()) for ln in strip_lines) / len(strip_lines) < 2.5:
            tabular.add(sid)
    rows = sorted(ln.base for sid in tabular for ln in by_strip[sid] if len(by_strip[sid]) >= 3)
    for sid, strip_lines in by_strip.items():
        if sid in tabular or len(strip_lines) < 3 or not rows:
            continue
        aligned = sum(1 for ln in strip_lines if _near(rows, ln.base, 1.5))
        if aligned >= 0.5 * len(strip_lines):
            tabular.add(sid)
    for sid in tabular:
        for ln in by_strip[sid]:
            if ln.kind is LineKind.PROSE:
                ln.kind = LineKind.TABLE


def _near(sorted_values: list[float], x: float, tol: float) -> bool:
    k = bisect.bisect_left(sorted_values, x - tol)
    return k < len(sorted_values) and sorted_values[k] <= x + tol


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


def _furniture_bands(lines: list[Line], body_size: float, height: float) -> list[Band]:
    """The top and bottom rows of the page when a clear gap sets them apart from the rest."""
    rows = sorted((ln for ln in lines if ln.kind is not LineKind.SCRIPT), key=lambda ln: ln.top)
    if len(rows) < 2:
        return []
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(rows) if b.top - a.bottom > 0]
    typical = statistics.median(gaps) if gaps else 2.0
    threshold = max(0.9 * body_size, 3 * typical, 6.0)
    bands: list[Band] = []

    first = rows[0]
    top_band = [ln for ln in rows if ln.top < first.bottom - 0.3 * first.size]
    rest = [ln for ln in rows if ln not in top_band]
    if rest and top_band:
        gap = min(ln.top for ln in rest) - max(ln.bottom for ln in top_band)
        if gap >= threshold and max(ln.bottom for ln in top_band) <= 0.25 * height:
            bands.append(_band("top", top_band))

    last = max(rows, key=lambda ln: ln.bottom)
    bottom_band = [ln for ln in rows if ln.bottom > last.top + 0.3 * last.size]
    rest = [ln for ln in rows if ln not in bottom_band]
    if rest and bottom_band and not any(ln in bottom_band for b in bands for ln in b.lines):
        gap = min(ln.top for ln in bottom_band) - max(ln.bottom for ln in rest)
        if gap >= threshold and min(ln.top for ln in bottom_band) >= 0.75 * height:
            bands.append(_band("bottom", bottom_band))
    return bands


def _band(position: str, lines: list[Line]) -> Band:
    lines = sorted(lines, key=lambda ln: ln.x0)
    text = "  ".join(ln.text for ln in lines)
    return Band(position, lines, text, statistics.median(ln.size for ln in lines))


def _mark_blocks_and_roles(lines: list[Line], body_size: float) -> None:
    """Split each strip into blocks at vertical gaps and kind changes; find headings, captions, footnotes."""
    gaps: list[float] = []
    by_strip: dict[int, list[Line]] = {}
    for ln in lines:
        by_strip.setdefault(ln.strip, []).append(ln)
    for strip_lines in by_strip.values():
        strip_lines.sort(key=lambda ln: ln.top)
        prose = [ln for ln in strip_lines if ln.kind in PROSE_KINDS]
        gaps.extend(b.top - a.bottom for a, b in itertools.pairwise(prose) if b.top > a.bottom)
    typical = statistics.median(gaps) if gaps else 2.0

    block = 0
    for strip_lines in by_strip.values():
        body_lines = [ln for ln in strip_lines if ln.kind is LineKind.PROSE and ln.size >= 0.95 * body_size]
        last_body_bottom = max((ln.bottom for ln in body_lines), default=float("-inf"))
        prev: Line | None = None
        for ln in strip_lines:
            if ln.kind is LineKind.SCRIPT:
                ln.block = block
                continue
            if ln.kind is LineKind.PROSE:
                if ln.bold_fraction >= 0.7 or ln.size >= 1.15 * body_size:
                    ln.kind = LineKind.HEADING
                elif ln.size <= 0.92 * body_size and ln.top > last_body_bottom:
                    ln.kind = LineKind.FOOTNOTE
            gap_break = (
                prev is None
                or (ln.top - prev.bottom) > max(0.6 * ln.size, 2.5 * typical)
                or abs(ln.size - prev.size) > 0.15 * max(ln.size, prev.size)
            )
            if ln.kind in (LineKind.PROSE, LineKind.FOOTNOTE) and _CAPTION_RE.match(ln.text):
                ln.kind = LineKind.CAPTION
                new_block = True
            elif (
                prev is not None
                and prev.kind is LineKind.CAPTION
                and not gap_break
                and ln.kind in (LineKind.PROSE, LineKind.FOOTNOTE)
            ):
                ln.kind = LineKind.CAPTION
                new_block = False
            else:
                new_block = (
                    gap_break or prev is None or ln.kind is not prev.kind or ln.kind is LineKind.HEADING
                )
            if new_block:
                block += 1
            ln.block = block
            prev = ln


def _equation_numbers(lines: list[Line]) -> list[str]:
    """Equation numbers such as '(10.9)' printed at the right end of display-math lines."""
    out: list[str] = []
    for ln in lines:
        if ln.kind not in (LineKind.MATH, LineKind.TABLE, LineKind.PROSE) or not ln.words:
            continue
        last = max(ln.words, key=lambda w: w.x1)
        m = _EQUATION_NUMBER_RE.match(last.text)
        if not m:
            continue
        others = [w for w in ln.words if w is not last]
        if others and last.x0 - max(w.x1 for w in others) < 2 * ln.size:
            continue
        if ln.kind is LineKind.PROSE and len(others) > 3:
            continue
        out.append(m.group(1))
    return out


def _reading_order(lines: list[Line], margin: set[int]) -> list[Line]:
    """Regions in X-Y cut order, lines top to bottom within each; margin notes after the text."""
    text = sorted((ln for ln in lines if ln.strip not in margin), key=lambda ln: (ln.strip, ln.top))
    notes = sorted((ln for ln in lines if ln.strip in margin), key=lambda ln: (ln.strip, ln.top))
    return text + notes
