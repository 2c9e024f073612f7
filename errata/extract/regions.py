"""Stage 3: the page's regions (columns, margin notes, table columns) from the geometry of its words alone.

A recursive X-Y cut splits the page at vertical gutters (a strip no word crosses, wider than a word space) and,
where columns start below a full-width title, at horizontal gaps first. Regions that share their height with a
region beside them are *side by side*; of those, one outside the main text block is a margin note.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from errata.extract.fonts import FontKind
from errata.extract.words import Word, is_wordlike


@dataclass(slots=True)
class Regions:
    """A page's regions: id -> words (ids in reading order), which are side by side, which are margin notes."""

    words: dict[int, list[Word]]
    side: set[int]
    margin: frozenset[int]


def gutter(words: list[Word], min_width: float) -> tuple[float, float] | None:
    """The widest vertical strip (x range) that no word of ``words`` crosses, with text on both sides.

    The same strip as ``_gutter(words, min_width, 0)`` finds over its one-point bins, from the words' bins
    merged left to right: this runs on every band of every page, and a page is hundreds of bins wide.
    """
    lo = min([w.x0 for w in words])
    spans = sorted([(int(w.x0 - lo), int(w.x1 - lo)) for w in words])
    if int(max([w.x1 for w in words]) - lo) < min_width:  # no room for a strip that wide
        return None
    best: tuple[float, float] | None = None
    widest = 0
    reach = -1
    for start, end in spans:
        if end < start:
            return _gutter(words, min_width, 0)  # a word drawn right to left: the bins decide
        # Of equal strips the last counts, as in ``_gutter`` (which compares a width with the one bin less
        # that the strip it keeps spans).
        if start > reach + 1 and start - reach >= min_width and start - reach >= widest:
            widest = start - reach
            best = (lo + reach + 1, lo + start)
        if end > reach:  # max() as a call costs more, once per word
            reach = end
    return best


# A column gutter survives a few words that cross it: a URL or a code line overflowing its column into the
# next (an overfull line in LaTeX, a long token in a browser's CSS columns). One such word must not merge two
# columns into one band of joined lines. Up to this many words, and this share of them, may cross a gutter,
# which must then have at least this share of the words on each side: text that is really one column has
# no strip its lines all but avoid.
_CROSSING_SHARE = 0.02
_CROSSING_MAX = 12
_SIDE_SHARE = 0.2


def _gutter(words: list[Word], min_width: float, allowed: int) -> tuple[float, float] | None:
    """The widest strip at least ``min_width`` wide over which at most ``allowed`` words lie at any x."""
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
        if running <= allowed:
            if start < 0:
                start = k
        elif start >= 0:
            # bins [start, k) are clear; a bin is clear only if no word touches it, so widen by one
            width = k - start + 1
            if start > 0 and width >= min_width and (best is None or width > best[1] - best[0]):
                best = (lo + start, lo + k)
            start = -1
    return best


def _crossed_gutter(words: list[Word], min_width: float) -> tuple[float, float] | None:
    """A gutter that a few words cross, with a fair share of the words on either side."""
    allowed = min(_CROSSING_MAX, int(_CROSSING_SHARE * len(words)))
    if allowed < 1:
        return None
    g = _gutter(words, min_width, allowed)
    if g is None:
        return None
    x0, x1 = g
    crossing = sum(1 for w in words if w.x0 < x1 and w.x1 > x0)
    left = sum(1 for w in words if w.x1 <= x0)
    right = sum(1 for w in words if w.x0 >= x1)
    if crossing > allowed or min(left, right) < _SIDE_SHARE * len(words):
        return None
    return g


def horizontal_bands(words: list[Word], min_gap: float) -> list[list[Word]]:
    """Split words into horizontal bands at vertical gaps of at least ``min_gap`` that no word covers."""
    ordered = sorted(words, key=lambda w: w.top)
    bands: list[list[Word]] = [[ordered[0]]]
    reach = ordered[0].bottom
    for w in ordered[1:]:
        if w.top - reach >= min_gap:
            bands.append([w])
        else:
            bands[-1].append(w)
        if w.bottom > reach:  # max() as a call costs more, once per word
            reach = w.bottom
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
    g = gutter(words, min_width)
    if g is not None:
        return _split_at(words, g, body_size, depth)
    bands = horizontal_bands(words, max(0.6 * body_size, 3.0))
    if len(bands) < 2:
        # One band with no clear gutter: columns that a few overflowing words cross are still columns.
        g = _crossed_gutter(words, min_width)
        if g is not None:
            return _split_at(words, g, body_size, depth)
        return _side_by_side_rows(words, body_size, depth, min_width)
    runs: list[tuple[list[Word], tuple[float, float] | None]] = []
    for band in bands:
        gb = gutter(band, min_width) or _crossed_gutter(band, min_width)
        if runs:
            prev_words, prev_g = runs[-1]
            if prev_g is not None and gb is not None:
                lo, hi = max(prev_g[0], gb[0]), min(prev_g[1], gb[1])
                if hi - lo >= min_width:
                    runs[-1] = (prev_words + band, (lo, hi))
                    continue
            if prev_g is not None and _column_below(band, prev_words, prev_g):
                # the rest of one column below the others' end (a short last column, a column that runs on
                # below a section's end in the other): read with its column, not after every column above
                runs[-1] = (prev_words + band, prev_g)
                continue
        runs.append((band, gb))
    if all(gb is None for _, gb in runs):
        return _side_by_side_bands(bands, words, body_size, depth, min_width)
    out: list[list[Word]] = []
    for run_words, gb in runs:
        if gb is not None and len(run_words) < len(words):
            out.extend(xy_cut(run_words, body_size, depth + 1))
        elif gb is not None:
            # every band lines up on a gutter that a few words cross: cut there
            out.extend(_split_at(run_words, gb, body_size, depth))
        else:
            out.extend(_side_by_side_rows(run_words, body_size, depth, min_width))
    return out


def _side_by_side_bands(
    bands: list[list[Word]], words: list[Word], body_size: float, depth: int, min_width: float
) -> list[list[Word]]:
    """A region of bands none of which has a gutter: whole, unless a band holds columns that start and end
    inside it; then each band is a region, as when some band has a gutter, and that band is cut."""
    cuts = [_side_by_side_rows(band, body_size, depth, min_width) for band in bands]
    if all(len(pieces) == 1 for pieces in cuts):
        return [words]
    return [piece for pieces in cuts for piece in pieces]


# Columns that start and end inside a band: a listing or a figure beside a paragraph, then full-width text
# with no white between. No gutter crosses the band, but the rows of that stretch share one. Read row by row
# (a row: words between clear horizontal gaps, usually one printed line), a run of rows whose gutters overlap,
# holding at least this many printed lines, with words on one side in most of them, is cut out of the band and
# read as columns. Lines are counted by baseline: a table beside a paragraph, its rows at another pitch than
# the paragraph's lines, leaves no horizontal gap between its rows and those lines, and is one tall row.
_SIDE_ROWS = 3
_WORDY_SIDE = 2.5  # words a printed line on the side that is prose, on average
_BASELINE_TOLERANCE = 1.5  # points between the bottoms of words on one baseline
_EDGE = 2.0  # points two lines' edges may differ when they keep to one column's edge
_AT_EDGE = 0.6  # share of a column's lines that keep to its edge


def _side_by_side_rows(words: list[Word], body_size: float, depth: int, min_width: float) -> list[list[Word]]:
    """``words`` as one region, or cut above and below a stretch of rows that stand in columns."""
    if depth > 10 or len(words) < 2 * _SIDE_ROWS:
        return [words]
    rows = _rows(words)
    if len(rows) < _SIDE_ROWS + 1:
        return [words]
    x_lo = min(w.x0 for w in words)
    bins = int(max(w.x1 for w in words) - x_lo) + 2
    best: tuple[int, int] | None = None
    best_gutter = (0.0, 0.0)
    best_covered = bytearray()
    k = 0
    while k < len(rows):
        if gutter(rows[k], min_width) is None:
            k += 1
            continue
        # The run grows row by row while the rows taken together leave a clear strip: a row of one column only
        # (a listing's line between the paragraph's lines at another pitch) stays on it.
        covered = _cover(bytearray(bins), rows[k], x_lo)
        g = _clear_strip(covered, x_lo, min_width)
        end = k + 1
        while end < len(rows) and g is not None:
            trial = _cover(bytearray(covered), rows[end], x_lo)
            g_next = _clear_strip(trial, x_lo, min_width)
            if g_next is None:
                break
            covered, g, end = trial, g_next, end + 1
        longer = best is None or end - k > best[1] - best[0]
        run = rows[k:end]
        lines = _baselines([w for row in run for w in row])
        if (
            g is not None
            and lines >= _SIDE_ROWS
            and longer
            and _both_sides(run, g)
            and _column_edges(run, g)
            and _prose_beside(run, (g[0] + g[1]) / 2)
        ):
            best, best_gutter, best_covered = (k, end), g, covered
        k = max(end, k + 1)
    if best is None:
        return [words]
    a, b = best
    # Rows just above the stretch that stand wholly on one side of its gutter are lines of its columns (the
    # first lines of the paragraph beside a table), unless the topmost is a short line: the end of the
    # paragraph before the stretch, which stays with it.
    stretch = [w for row in rows[a:b] for w in row]
    top = a
    while a > 0:
        trial = _cover(bytearray(best_covered), rows[a - 1], x_lo)
        g_next = _clear_strip(trial, x_lo, min_width)
        if g_next is None or not _one_side(rows[a - 1], g_next):
            break
        best_covered, best_gutter, a = trial, g_next, a - 1
    if a < top and not _one_side(rows[a], best_gutter, stretch):
        a += 1
    if b - a == len(rows):
        return [words]
    pieces = [[w for row in rows[:a] for w in row], [w for row in rows[a:b] for w in row]]
    pieces.append([w for row in rows[b:] for w in row])
    out: list[list[Word]] = []
    for piece in pieces:
        if piece:
            out.extend(xy_cut(piece, body_size, depth + 1))
    return out


def _cover(covered: bytearray, row: list[Word], x_lo: float) -> bytearray:
    for w in row:
        a, b = int(w.x0 - x_lo), int(w.x1 - x_lo) + 1
        covered[a:b] = b"\x01" * (b - a)
    return covered


def _clear_strip(covered: bytearray, x_lo: float, min_width: float) -> tuple[float, float] | None:
    """The widest run of uncovered bins with covered bins on both sides, as :func:`gutter` measures it."""
    best: tuple[float, float] | None = None
    k = covered.find(1)
    while k >= 0:
        start = covered.find(0, k)
        if start < 0:
            break
        stop = covered.find(1, start)
        if stop < 0:
            break
        width = stop - start + 1
        if width >= min_width and (best is None or width > best[1] - best[0]):
            best = (x_lo + start, x_lo + stop)
        k = stop
    return best


def _rows(words: list[Word]) -> list[list[Word]]:
    """A band's rows: words between clear horizontal gaps. A row of several lines is split by baseline: lines
    of two columns at different pitches (a listing in small type beside a paragraph) leave no clear gap
    between them, and a full-width line below would join them into one row."""
    rows: list[list[Word]] = []
    for row in horizontal_bands(words, 0.5):
        if _baselines(row) < _SIDE_ROWS:
            rows.append(row)
            continue
        rows.extend(_baseline_rows(row))
    return rows


def _baseline_rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped by baseline, top to bottom; a sub- or superscript joins the baseline nearest its bottom."""
    size = statistics.median(w.size for w in words)
    bottoms: list[float] = []
    for bottom in sorted(w.bottom for w in words if w.size >= 0.8 * size):
        if not bottoms or bottom - bottoms[-1] > _BASELINE_TOLERANCE:
            bottoms.append(bottom)
    groups: list[list[Word]] = [[] for _ in bottoms]
    for w in words:
        k = min(range(len(bottoms)), key=lambda i: abs(bottoms[i] - w.bottom))
        groups[k].append(w)
    return [g for g in groups if g]


def _column_below(band: list[Word], above: list[Word], g: tuple[float, float]) -> bool:
    """Whether ``band`` is the rest of one column of ``above``: ``above`` holds columns of several lines each
    side of its gutter ``g`` (not a formula and its number), and ``band`` lies within one of them."""
    if not _one_side(band, g) or not _both_sides([above], g):
        return False
    left = max(w.x1 for w in band) <= g[0]
    side = [w for w in above if (w.x1 <= g[0] if left else w.x0 >= g[1])]
    size = statistics.median(w.size for w in side)
    return (
        min(w.x0 for w in band) >= min(w.x0 for w in side) - size
        and max(w.x1 for w in band) <= max(w.x1 for w in side) + size
    )


def _both_sides(rows: list[list[Word]], g: tuple[float, float]) -> bool:
    """Whether both sides of ``g`` hold lines on several baselines: two columns, not a line's wide space (an
    inline code span before its full stop) or the words of a small figure."""
    left = [w for row in rows for w in row if w.x1 <= g[0]]
    right = [w for row in rows for w in row if w.x0 >= g[1]]
    return min(_baselines(left), _baselines(right)) >= _SIDE_ROWS


def _column_edges(rows: list[list[Word]], g: tuple[float, float]) -> bool:
    """Whether the lines beside ``g`` keep to a column's edge: most lines right of it start at one x, or most
    lines left of it end at one x (a justified column). The spaces of a justified paragraph that happen to line
    up over a few lines (a river) leave a strip clear as well, but the words on either side of it start and end
    wherever the line's spaces fell."""
    starts = [min(w.x0 for w in right) for row in rows if (right := [w for w in row if w.x0 >= g[1]])]
    ends = [max(w.x1 for w in left) for row in rows if (left := [w for w in row if w.x1 <= g[0]])]
    return _mostly_at(starts, min(starts, default=0.0)) or _mostly_at(ends, max(ends, default=0.0))


def _mostly_at(values: list[float], edge: float) -> bool:
    return bool(values) and sum(1 for x in values if abs(x - edge) <= _EDGE) >= _AT_EDGE * len(values)


def _one_side(row: list[Word], g: tuple[float, float], filling: list[Word] | None = None) -> bool:
    """Whether ``row`` stands on one side of the gutter ``g``; with ``filling``, reaching as far right as the
    words of ``filling`` on that side do."""
    for inside in (lambda w: w.x1 <= g[0], lambda w: w.x0 >= g[1]):
        if all(inside(w) for w in row):
            if filling is None:
                return True
            side = [w for w in filling if inside(w)]
            return bool(side) and abs(max(w.x1 for w in row) - max(w.x1 for w in side)) <= _EDGE
    return False


def _prose_beside(rows: list[list[Word]], cut: float) -> bool:
    """Whether one side of ``cut`` is running prose (so that a formula and its equation number, or a table's
    figures, are not taken for two columns): words of two letters or more, several a row. A side of prose in a
    smaller type is a note floated beside the text, which the page's side-note pass reads after the text."""
    sides = (
        [[w for w in row if (w.x0 + w.x1) / 2 < cut] for row in rows],
        [[w for w in row if (w.x0 + w.x1) / 2 >= cut] for row in rows],
    )
    sizes = [statistics.median(w.size for row in side for w in row) for side in sides if any(side)]
    if len(sizes) == 2 and min(sizes) < 0.9 * max(sizes):
        small = sides[sizes.index(min(sizes))]
        if sum(1 for row in small for w in row if w.kind is FontKind.TEXT) >= 0.7 * sum(map(len, small)):
            return False
    for side in sides:
        tokens = [w.text for row in side for w in row]
        wordy = sum(1 for t in tokens if is_wordlike(t))
        lines = max(sum(1 for row in side if row), _baselines([w for row in side for w in row]))
        if tokens and len(tokens) >= _WORDY_SIDE * lines and wordy >= 0.7 * len(tokens):
            return True
    return False


def _baselines(words: list[Word]) -> int:
    """How many baselines the words stand on (their bottoms, clustered; sub- and superscripts left out)."""
    if not words:
        return 0
    size = statistics.median(w.size for w in words)
    count, last = 0, float("-inf")
    for bottom in sorted(w.bottom for w in words if w.size >= 0.8 * size):
        if bottom - last > _BASELINE_TOLERANCE:
            count += 1
        last = bottom
    return count


def _split_at(words: list[Word], g: tuple[float, float], body_size: float, depth: int) -> list[list[Word]]:
    cut = (g[0] + g[1]) / 2
    left = [w for w in words if (w.x0 + w.x1) / 2 < cut]
    right = [w for w in words if (w.x0 + w.x1) / 2 >= cut]
    return xy_cut(left, body_size, depth + 1) + xy_cut(right, body_size, depth + 1)


def side_by_side(regions: list[list[Word]]) -> set[int]:
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


def find_regions(words: list[Word], body_size: float) -> Regions:
    """Cut the page into regions and tell margin notes from the main text block.

    The main text block is where most of the words are: the regions that have nothing beside them, then the
    biggest side-by-side regions until they hold 70 % of the page's words. A side-by-side region entirely left
    or right of that block is a margin note.
    """
    regions = xy_cut(words, body_size)
    strip_words = dict(enumerate(regions))
    side = side_by_side(regions)
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
    return Regions(strip_words, side, frozenset(margin))
