"""Stage 5: what each line is, and the blocks it forms.

First a line's kind from its own words: code (mostly monospace), display math (math or script glyphs with
little prose), a table row (a gap no justified line has), a stray sub/superscript line, or prose; prose in a
margin region is a margin note. Then side-by-side regions of one or two words a line (and the regions aligned
with them) are table columns. Last, within each region, lines are split into blocks at vertical gaps and kind
changes, and prose lines get their role: heading (bold or large), footnote (small, below the body text) or
caption ("Figure 3:" and the lines that continue it).
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections.abc import Set

from errata.extract.equations import EQUATION_NUMBER_RE
from errata.extract.fonts import FontKind
from errata.extract.lines import PROSE_KINDS, Line, LineKind
from errata.extract.words import Word, is_wordlike

SECTION_NUMBER_RE = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z](?:\.\d+)*\.?|[IVX]+\.?|\(?[a-z\d]\)|[•◦▪‣∗*–-])$")
CAPTION_RE = re.compile(
    r"^(?:Figure|Fig\.|Table|Tab\.|Listing|Algorithm|Exhibit|Chart|Plate)\s*[\dIVXA-Z][\w.\-]*\s*[:.|—–-]"
)


# A justified line in a narrow column stretches every word space alike, to more than an em in a browser's CSS
# columns ("currently   in   use   in   the   database"); the cells of a table row are set apart by gaps
# that differ. A line of at least this many word spaces, the narrowest no less than this share of the widest,
# is justified prose however wide its spaces, if its spaces stay under a few ems and its tokens are words (a
# row of figures in evenly spaced columns stays a table row).
_JUSTIFIED_GAPS = 3
_JUSTIFIED_EVENNESS = 0.75
_JUSTIFIED_MAX_EM = 2.5


def _justified(words: list[Word]) -> bool:
    size = max(w.size for w in words)
    gaps = _word_spaces(words)
    if len(gaps) < _JUSTIFIED_GAPS or max(gaps) > _JUSTIFIED_MAX_EM * size:
        return False
    wordy = sum(1 for w in words if is_wordlike(w.text))
    return min(gaps) >= _JUSTIFIED_EVENNESS * max(gaps) and wordy >= 0.7 * len(words)


def _word_spaces(words: list[Word]) -> list[float]:
    """The spaces between a line's words (sorted by x); kerned pieces of one word are no word spaces."""
    size = max(w.size for w in words)
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(words)]
    return [g for g in gaps if g > 0.05 * size]


def _even_spaces(line: Line) -> bool:
    """Whether a line's word spaces are all alike: justification stretched them, no column gap is among them.
    A space after a sentence's or clause's end may be wider (TeX's space factor stretches it more)."""
    words = sorted((w for w in line.words if not w.script), key=lambda w: w.x0)
    if len(words) < 2:
        return True
    size = max(w.size for w in words)
    spaced = [(b.x0 - a.x1, a.text) for a, b in itertools.pairwise(words) if b.x0 - a.x1 > 0.05 * size]
    if not spaced:
        return True
    gaps = [g for g, _ in spaced]
    inner = [g for g, before in spaced if not before.endswith(_CLAUSE_END)] or gaps
    return min(inner) >= _JUSTIFIED_EVENNESS * max(inner) and max(gaps) <= 2 * max(inner)


_CLAUSE_END = (".", ",", ";", ":", "!", "?", ")")


def has_table_gap(line: Line) -> bool:
    """Whether a line has a gap no justified prose line has: table cells, not words."""
    ws = sorted(line.words, key=lambda w: w.x0)
    main = [w for w in ws if not w.script]
    # A line with such a gap is a table row unless it is justified prose; most lines have none, so the gaps
    # are looked at first and the justification only for a line that has one.
    return _cell_gap(line, ws, main) and not (len(main) >= _JUSTIFIED_GAPS + 1 and _justified(main))


def _cell_gap(line: Line, ws: list[Word], main: list[Word]) -> bool:
    """Whether a gap between the words ``ws`` (by x; ``main`` without the scripts) is wider than a word
    space and is not the one before an equation number or after a section number or a bullet."""
    reach = ws[0].x1
    for k in range(1, len(ws)):
        w = ws[k]
        gap = w.x0 - reach
        if w.x1 > reach:  # max() as a call costs more, once per word
            reach = w.x1
        if w.script or gap <= 0.9 * line.size:
            continue
        if main and w is main[-1] and EQUATION_NUMBER_RE.match(w.text):
            continue
        before = [x for x in main if x.x1 <= w.x0]
        if len(before) == 1 and SECTION_NUMBER_RE.match(before[0].text):
            continue  # "10.6  The Language Modeling Head", "•  item"
        return True
    return False


def classify(line: Line) -> LineKind:
    """A line's kind from its own words: code, display math, table row or prose."""
    nonspace = line.glyphs or 1
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
    if has_table_gap(line):
        return LineKind.TABLE
    return LineKind.PROSE


def classify_lines(lines: list[Line], body_size: float, margin: Set[int]) -> None:
    """Set every line's kind; a line of small script or math glyphs alone is a SCRIPT line."""
    for line in lines:
        if all(w.script for w in line.words) or (
            line.size < 0.75 * body_size and all(w.masked for w in line.words)
        ):
            line.kind = LineKind.SCRIPT
            continue
        line.kind = classify(line)
        if line.strip in margin and line.kind is LineKind.PROSE:
            line.kind = LineKind.MARGIN


# A line of a paragraph whose word spaces are uneven (a sentence space stretched with the others, a narrow
# column justified over three words) has a "table gap" by its own geometry. Between lines of prose of its
# column, set in the same type at the paragraph's leading and filling the same measure (both edges in line with
# a neighbour's), it is a line of that paragraph: a table row has no prose lines flush above and below it.
_EDGE = 2.0  # points an edge may differ from a neighbour's
_LEADING = 0.8  # the most white between two lines of one paragraph, in type sizes


def mend_paragraph_lines(lines: list[Line]) -> None:
    """Lines taken for table rows by their gaps alone that lie within a paragraph of prose are prose."""
    by_strip: dict[int, list[Line]] = {}
    for ln in lines:
        by_strip.setdefault(ln.strip, []).append(ln)
    for strip_lines in by_strip.values():
        strip_lines.sort(key=lambda ln: ln.top)
        if justified_column(strip_lines):
            for ln in strip_lines:
                if ln.kind is LineKind.TABLE and _even_spaces(ln):
                    ln.kind = LineKind.PROSE
        mended: list[Line] = []
        for k, ln in enumerate(strip_lines):
            if ln.kind is not LineKind.TABLE or not _wordy(ln):
                continue
            near = [
                other
                for other in (
                    strip_lines[k - 1] if k else None,
                    strip_lines[k + 1] if k + 1 < len(strip_lines) else None,
                )
                if other is not None
                and other.kind is LineKind.PROSE
                and abs(other.size - ln.size) <= 0.05 * ln.size
                and max(ln.top - other.bottom, other.top - ln.bottom) <= _LEADING * ln.size
            ]
            if any(_same_start(o, ln) for o in near) and any(abs(o.x1 - ln.x1) <= _EDGE for o in near):
                mended.append(ln)
        for ln in mended:  # after the pass: a mended line is no neighbour for the next one
            ln.kind = LineKind.PROSE


# A paragraph set justified in a narrow column (beside a listing, in a browser's CSS columns) stretches its word
# spaces so far that most of its lines have a "table gap". The column itself shows what it is: every line starts
# at one left edge (a first-line indent aside), most end at one right edge, and its tokens are words. A table
# column's cells share a left edge but end where their text ends.
_JUSTIFIED_LINES = 3
_FLUSH_RIGHT = 0.6  # share of a justified column's lines that end at its right edge


def justified_column(strip_lines: list[Line]) -> bool:
    """Whether a strip's lines are a paragraph set justified (see above), of one type size."""
    text = [ln for ln in strip_lines if ln.kind in (LineKind.PROSE, LineKind.TABLE)]
    if len(text) < _JUSTIFIED_LINES or len(text) < 0.8 * len(strip_lines):
        return False
    size = statistics.median(ln.size for ln in text)
    if any(abs(ln.size - size) > 0.05 * size for ln in text):
        return False
    left = min(ln.x0 for ln in text)
    right = max(ln.x1 for ln in text)
    if any(ln.x0 - left > 1.5 * size for ln in text):
        return False
    # a line of one word is never stretched: flush with the right edge, it says nothing
    if sum(1 for ln in text if right - ln.x1 <= _EDGE and " " in ln.text.strip()) < _FLUSH_RIGHT * len(text):
        return False
    tokens = [t for ln in text for t in ln.text.split()]
    return sum(1 for t in tokens if is_wordlike(t)) >= 0.7 * len(tokens)


def _same_start(other: Line, line: Line) -> bool:
    """Whether ``line`` starts where its neighbour ``other`` does, or one of them is the paragraph's first line,
    indented (by up to three ems), above the other."""
    if abs(other.x0 - line.x0) <= _EDGE:
        return True
    first, below = (other, line) if other.top < line.top else (line, other)
    return 0 <= first.x0 - below.x0 <= _INDENT * line.size


_INDENT = 3.0


def _wordy(line: Line) -> bool:
    tokens = line.text.split()
    words = sum(1 for t in tokens if is_wordlike(t))
    return len(tokens) >= 2 and words >= 0.7 * len(tokens)


# A list item's marker set apart from its text: a bullet or dash, "1.", "2)", "(a)", "iv.".
_LIST_MARKER = re.compile(r"^\s*(?:[•◦▪▫‣⁃∙·○●■□►▸–—*-]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)])\s*$")


def mark_tabular_strips(lines: list[Line], side: set[int]) -> None:
    """Side-by-side regions whose lines hold one or two words each are table columns, not text columns; so
    are the regions beside them whose lines sit on the same baselines (the other columns of that table). A
    column of code or symbols ("name.head.odd | header of odd pages") marks its rows just as well."""
    by_strip: dict[int, list[Line]] = {}
    for ln in lines:
        if ln.strip in side and ln.kind is not LineKind.SCRIPT:
            by_strip.setdefault(ln.strip, []).append(ln)
    tabular: set[int] = set()
    typical = statistics.median(ln.size for ln in lines) if lines else 0.0
    markers = {
        sid for sid, strip_lines in by_strip.items() if all(_LIST_MARKER.match(ln.text) for ln in strip_lines)
    }
    justified = {sid for sid, strip_lines in by_strip.items() if justified_column(strip_lines)}
    for sid, strip_lines in by_strip.items():
        if sid in markers:
            continue  # the bullets or numbers of a list: the items beside them are prose, not table cells
        if sid in justified:
            continue  # a paragraph, however short its lines
        if len(strip_lines) == 1 and _heading_like(strip_lines[0], typical):
            continue  # a heading alone beside the other column ("3 Invocation") is no table column
        if sum(len(ln.text.split()) for ln in strip_lines) / len(strip_lines) < 2.5:
            tabular.add(sid)  # a figure's labels stay out of the prose ("bezierplot", "gnuplot")
    rows = sorted(ln.base for sid in tabular for ln in by_strip[sid] if len(by_strip[sid]) >= 3)
    for sid, strip_lines in by_strip.items():
        if sid in tabular or len(strip_lines) < 3 or not rows:
            continue
        aligned = [ln for ln in strip_lines if _near(rows, ln.base, 1.5)]
        if len(aligned) < 0.5 * len(strip_lines):
            continue
        if _is_description_column(strip_lines) or sid in justified:
            if _shares_rows(rows, strip_lines):
                for ln in aligned:
                    ln.row_start = True  # a new item's description: a block of its own
            # else a paragraph beside a listing at another pitch, some of whose lines fall on its baselines
            continue
        tabular.add(sid)
    for sid in tabular:
        for ln in by_strip[sid]:
            if ln.kind is LineKind.PROSE:
                ln.kind = LineKind.TABLE


# The description column of a definition list or of a two-column table: beside the terms, lines of prose.
_DESCRIPTION_WORDS = 4.0  # words a line on average
_DESCRIPTION_ALPHA = 0.7  # share of its tokens that are words


def _is_description_column(strip_lines: list[Line]) -> bool:
    """Whether a column beside a table's first column is running prose (an option's or a term's description
    wrapped over lines, "Set to the line of input read by the read builtin"), not cells of data. Its rows are
    read as prose, each row a block of its own, so that a typo inside a description is found."""
    tokens = [t for ln in strip_lines if ln.kind is LineKind.PROSE for t in ln.text.split()]
    prose_lines = sum(1 for ln in strip_lines if ln.kind is LineKind.PROSE)
    if prose_lines < 0.8 * len(strip_lines) or not tokens:
        return False
    words = sum(
        1 for t in tokens if sum(ch.isalpha() for ch in t) >= 0.6 * len(t) and any(c.isalpha() for c in t)
    )
    return len(tokens) / prose_lines >= _DESCRIPTION_WORDS and words >= _DESCRIPTION_ALPHA * len(tokens)


def _shares_rows(rows: list[float], strip_lines: list[Line]) -> bool:
    """Whether the table rows beside a column of prose are its rows: nearly every row's baseline (of those
    within its height) has a line of the column on it, as a term has its description. A listing beside a
    paragraph is set at its own pitch; a few of its lines fall on the paragraph's baselines by chance."""
    top, bottom = min(ln.base for ln in strip_lines), max(ln.base for ln in strip_lines)
    beside = [base for base in rows if top - 1.5 <= base <= bottom + 1.5]
    bases = sorted(ln.base for ln in strip_lines)
    return sum(1 for base in beside if _near(bases, base, 1.5)) >= _SHARED_ROWS * len(beside)


_SHARED_ROWS = 0.8


def _heading_like(line: Line, typical: float) -> bool:
    return line.bold_fraction >= 0.7 or line.size >= 1.15 * typical


def _near(sorted_values: list[float], x: float, tol: float) -> bool:
    k = bisect.bisect_left(sorted_values, x - tol)
    return k < len(sorted_values) and sorted_values[k] <= x + tol


def is_term_before(term: Line, line: Line) -> bool:
    """Whether ``term`` is a definition-list term and ``line`` the first line of its description: a few words
    with no sentence end, and the next line indented past it (a hanging indent, the shape of groff's ``.TP``,
    Texinfo's ``@table`` and LaTeX's ``description``). A paragraph's last line is followed by an indented first
    line too, but it ends a sentence."""
    return (
        term.kind is LineKind.PROSE
        and line.kind is LineKind.PROSE
        and len(term.text.split()) <= 4
        and not term.text.rstrip().endswith((".", "!", "?", ",", ";"))
        and line.x0 >= term.x0 + 1.5 * line.size
    )


def mark_blocks_and_roles(lines: list[Line], body_size: float) -> None:
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
            if ln.kind in (LineKind.PROSE, LineKind.FOOTNOTE) and CAPTION_RE.match(ln.text):
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
                    gap_break
                    or prev is None
                    or ln.kind is not prev.kind
                    or ln.kind is LineKind.HEADING
                    or is_term_before(prev, ln)
                    or ln.row_start
                )
            if new_block:
                block += 1
            ln.block = block
            prev = ln


# A line that ends in page references: "loadrt, 208", "Attention . . . . 17", "softmax, 12, 40–42", "Preface xi".
_PAGE_REFERENCES = re.compile(r"(?:[,.·…:]|\s)\s*(?:\d{1,4}|[ivxlc]{1,7})(?:\s*[–-]\s*\d{1,4})?\s*$")
_MIN_ENTRIES = 6


def mark_reference_lists(lines: list[Line]) -> None:
    """An index or a table of contents: when most of a page's prose lines end in page numbers, those lines are
    entries (their own role), not prose; a subentry that runs into the next entry is then no repeat."""
    prose = [ln for ln in lines if ln.kind is LineKind.PROSE]
    entries = [ln for ln in prose if _PAGE_REFERENCES.search(ln.text)]
    if len(entries) >= _MIN_ENTRIES and len(entries) >= 0.5 * len(prose):
        for ln in entries:
            ln.kind = LineKind.INDEX
