"""From analysed pages to a :class:`~errata.model.document.Document`.

The decisions that need more than one page live here:

* running heads and feet: a page's top or bottom band is furniture when it is a page number, carries a page
  number at one end, repeats on another page, or is set small at the very edge of the page;
* hyphenation: a line-end hyphen is removed when the joined word occurs elsewhere in the document or nothing says
  otherwise, and kept when the hyphenated compound occurs elsewhere ("large-scale");
* flows: lines are appended in reading order; a line, column or page end is a space, a block boundary (or a
  display equation, listing or table cut out of the prose) is a newline.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from errata.extract.flowbuild import FlowBuilder
from errata.extract.furniture import count_repeats, is_furniture, page_number_of
from errata.extract.lines import Line, LineKind
from errata.extract.page import PageLayout
from errata.model.document import (
    PROSE_REGIONS,
    Document,
    EquationLabel,
    PrintedLine,
    Problem,
    Region,
    Role,
)
from errata.model.spill import Spilled
from errata.model.windows import WINDOW, FlowStore

_ROLE_OF = {
    LineKind.PROSE: Role.BODY,
    LineKind.HEADING: Role.HEADING,
    LineKind.CAPTION: Role.CAPTION,
    LineKind.FOOTNOTE: Role.FOOTNOTE,
    LineKind.MARGIN: Role.MARGIN,
    LineKind.MATH: Role.MATH,
    LineKind.SCRIPT: Role.SCRIPT,
    LineKind.CODE: Role.CODE,
    LineKind.TABLE: Role.TABLE,
    LineKind.INDEX: Role.INDEX,
}
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


_FONT_NAMES = "".join(chr(c) for c in (*range(0x21, 0x7F), *range(0xA1, 0x100)))


def _font_name(k: int) -> str:
    return _FONT_NAMES[k] if k < len(_FONT_NAMES) else chr(0x100 + k)


def _line_words(line: Line) -> list[str] | None:
    """The words a line adds to the hyphenation lexicon (lower case), None for a line that is not prose."""
    if _ROLE_OF[line.kind].region not in PROSE_REGIONS:
        return None
    text = line.text[:-1] if line.text.endswith("-") else line.text
    return [w.lower() for w in _WORD_RE.findall(text)]


@dataclass(frozen=True, slots=True)
class BandDigest:
    """A furniture candidate as the decision across pages reads it; ``lines`` are positions in the page's
    lines (a band line that is not one of them has no say in the flows)."""

    position: str
    text: str
    size: float
    top: float
    bottom: float
    lines: tuple[int, ...]
    strong: bool = True


@dataclass(slots=True)
class PageDigest:
    """What assembly needs of a page before it reads the page itself: its size, its furniture candidates and
    the words it adds to the hyphenation lexicon (those of its band lines apart: they count only if the band
    is not furniture). Made where the page was read, so that the scan's process holds no page until the end."""

    index: int
    width: float
    height: float
    body_size: float
    error: str | None
    bands: list[BandDigest] = field(default_factory=list)
    words: Counter[str] = field(default_factory=Counter)
    band_words: dict[int, list[str]] = field(default_factory=dict)


def digest_page(page: PageLayout) -> PageDigest:
    """The digest of an analysed page (see :class:`PageDigest`)."""
    position = {id(ln): k for k, ln in enumerate(page.lines)}
    bands = [
        BandDigest(
            band.position,
            band.text,
            band.size,
            band.top,
            band.bottom,
            tuple(position[id(ln)] for ln in band.lines if id(ln) in position),
            band.strong,
        )
        for band in page.bands
    ]
    in_bands = {k for band in bands for k in band.lines}
    digest = PageDigest(page.index, page.width, page.height, page.body_size, page.error, bands)
    for k, line in enumerate(page.lines):
        words = _line_words(line)
        if words is None:
            continue
        if k in in_bands:
            digest.band_words[k] = words
        else:
            digest.words.update(words)
    return digest


@dataclass(slots=True)
class _Decided:
    """One page's part of the decisions across pages."""

    digest: PageDigest
    furniture: frozenset[int]  # positions of its furniture lines in the page's lines
    label: str | None


class Assembler:
    """Builds a Document from pages handed over one at a time, as they are read.

    :meth:`add` takes each page's :class:`PageDigest` (the words it adds to the lexicon are counted at once
    and let go); :meth:`build` then decides the running heads and feet from all the digests and reads each
    page once more, through ``load``, to append its lines to the flows. So the pages themselves need not be
    held in memory meanwhile: the result is the same as :func:`assemble` of all the pages at once.
    """

    def __init__(self, *, window: int = WINDOW) -> None:
        self.window = window  # the characters of a flow's window (see errata.model.windows)
        self.digests: dict[int, PageDigest] = {}
        self.lexicon: Counter[str] = Counter()
        self.band_words: dict[tuple[int, int], list[str]] = {}

    def add(self, digest: PageDigest) -> None:
        self.lexicon.update(digest.words)
        for k, words in digest.band_words.items():
            self.band_words[(digest.index, k)] = words
        digest.words, digest.band_words = Counter(), {}
        self.digests[digest.index] = digest

    def _decide(self) -> list[_Decided]:
        digests = sorted(self.digests.values(), key=lambda d: d.index)
        repeats = count_repeats(band for d in digests for band in d.bands)
        out: list[_Decided] = []
        for d in digests:
            label: str | None = None
            furniture: set[int] = set()
            for band in d.bands:
                if is_furniture(band, repeats, d.body_size, d.height):
                    furniture.update(band.lines)
                    label = label or page_number_of(band.text)
            out.append(_Decided(d, frozenset(furniture), label))
        furniture_of = {p.digest.index: p.furniture for p in out}
        for (index, k), words in self.band_words.items():
            if k not in furniture_of[index]:
                self.lexicon.update(words)
        self.band_words = {}
        return out

    def build(
        self,
        load: Callable[[int], PageLayout],
        *,
        path: str,
        sha256: str,
        page_count: int,
        problems: list[Problem] | None = None,
    ) -> Document:
        """The Document: running heads decided, lines numbered, hyphens joined, flows built."""
        decided = self._decide()
        page_labels = {p.digest.index: p.label for p in decided}
        lexicon = self.lexicon
        font_ids: dict[str, str] = {}

        def font_id(name: str) -> str:
            """The document's own one-character name for a font (never a space): a printable Latin-1 character
            for its first 189 fonts (so that the fonts string of most books takes a byte a character), a code
            point from U+0100 on for the others."""
            return font_ids.setdefault(name, _font_name(len(font_ids)))

        builders: dict[Region, FlowBuilder] = {r: FlowBuilder(r, window=self.window) for r in Region}
        equations: list[EquationLabel] = []
        printed: Spilled[PrintedLine] = Spilled(chunk=1024)
        for part in decided:
            page = load(part.digest.index)
            every_line = page.lines
            furniture = {id(every_line[k]) for k in part.furniture}
            page.lines = [ln for ln in every_line if id(ln) not in furniture]
            _number_lines(page)
            beside = _beside_prose(every_line)
            for order, line in enumerate(every_line):
                role = Role.FURNITURE if id(line) in furniture else _ROLE_OF[line.kind]
                printed.append(_printed(page.index, order, line, role))
                region = role.region
                if region is None:
                    continue  # running furniture: accounted for in the lines, read by no rule
                if (
                    region not in PROSE_REGIONS
                    and role is not Role.SCRIPT
                    and line.strip not in page.margin_strips
                    and line.strip not in beside
                ):
                    # Display math, code or a table: prose on either side must not be read as adjacent.
                    builders[Region.BODY].interrupted = builders[Region.BODY].last_key is not None
                builders[region].add(page.index, line, lexicon, font_id)
            equations.extend(
                EquationLabel(lbl, page.index, page_labels[page.index]) for lbl in page.equations
            )
            del page, every_line

        flows = FlowStore()
        for builder in builders.values():
            if builder.last_key is not None:
                builder.build(page_labels, flows)
        good = [p.digest for p in decided if p.digest.error is None]
        return Document(
            path=path,
            sha256=sha256,
            page_count=page_count,
            flows=flows,
            page_labels=page_labels,
            page_sizes={d.index: (d.width, d.height) for d in good},
            pages_scanned=[d.index for d in good],
            equations=equations,
            problems=list(problems or []),
            lines=printed,
        )


def assemble(
    pages: list[PageLayout],
    *,
    path: str,
    sha256: str,
    page_count: int,
    problems: list[Problem] | None = None,
    window: int = WINDOW,
) -> Document:
    """Decide running heads, number lines, and build the flows of a document from its analysed pages (in
    ``window``-character windows: see errata.model.windows). The pages' lines are numbered in place."""
    assembler = Assembler(window=window)
    by_index: dict[int, PageLayout] = {}
    for page in pages:
        assembler.add(digest_page(page))
        by_index[page.index] = page
    return assembler.build(
        by_index.__getitem__, path=path, sha256=sha256, page_count=page_count, problems=problems
    )


def _beside_prose(lines: list[Line]) -> set[int]:
    """The strips of a page without prose, of two lines or more, that stand beside a strip of prose (a listing
    or a table beside a paragraph, sharing most of its height): they interrupt no prose, which runs on beside
    them. A display inside a column of prose interrupts it as before."""
    boxes: dict[int, list[float]] = {}
    prose: set[int] = set()
    count: Counter[int] = Counter(ln.strip for ln in lines)
    for ln in lines:
        box = boxes.setdefault(ln.strip, [ln.x0, ln.top, ln.x1, ln.bottom])
        box[:] = [min(box[0], ln.x0), min(box[1], ln.top), max(box[2], ln.x1), max(box[3], ln.bottom)]
        if ln.kind is LineKind.PROSE:
            prose.add(ln.strip)
    out: set[int] = set()
    for sid, (x0, top, x1, bottom) in boxes.items():
        if sid in prose or count[sid] < 2:
            continue  # a label beside its line (an example's number) still sets the line apart
        for other in prose:
            ox0, otop, ox1, obottom = boxes[other]
            overlap = min(bottom, obottom) - max(top, otop)
            if (x1 <= ox0 or ox1 <= x0) and overlap > 0.5 * min(bottom - top, obottom - otop):
                out.add(sid)
                break
    return out


def _printed(page: int, order: int, line: Line, role: Role) -> PrintedLine:
    bbox = (line.x0, line.top, line.x1, line.bottom)
    return PrintedLine(
        page, order, line.number if role is not Role.FURNITURE else 0, role, bbox, line.text, line.glyphs
    )


def _number_lines(page: PageLayout) -> None:
    """Line n is the n-th text baseline from the top of the page, running heads not counted.

    Pieces of one printed line (a heading's number and title, side-by-side columns on a shared baseline grid)
    share a number; a margin note takes the number of the text line beside it. Baselines of math glyphs alone
    (the numerator of a displayed fraction) are not counted.
    """
    text_lines = [
        ln
        for ln in page.lines
        if ln.kind is not LineKind.SCRIPT and ln.textual and ln.strip not in page.margin_strips
    ]
    baselines: list[float] = []
    for bottom in sorted(ln.base for ln in text_lines):
        if not baselines or bottom - baselines[-1] > 0.3 * max(page.body_size, 1.0):
            baselines.append(bottom)
    if not baselines:
        for ln in page.lines:
            ln.number = 1
        return
    for ln in page.lines:
        k = bisect.bisect_left(baselines, ln.base)
        nearest = min(
            (j for j in (k - 1, k) if 0 <= j < len(baselines)), key=lambda j: abs(baselines[j] - ln.base)
        )
        ln.number = nearest + 1
