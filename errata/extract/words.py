"""Stage 2: glyphs into words, the unit every backend hands to the layout analysis.

A backend feeds the glyphs of a page, in the order the PDF draws them, to a :class:`WordBuilder`; it cuts a
word wherever the font, size, orientation or baseline changes, at a gap wider than the word tolerance, and
where the pen steps backwards. A :class:`Word` keeps per-character x extents so that a match can be boxed to
its own characters.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from errata.extract.fonts import FontKind, font_class, normalize_glyph


@dataclass(slots=True)
class Word:
    """A run of glyphs in one font and size with no space between them."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    fontname: str
    cx0: list[float]
    cx1: list[float]
    kind: FontKind = FontKind.TEXT
    bold: bool = False
    script: bool = False  # a small glyph run attached to a line (superscript, subscript, footnote mark)

    @classmethod
    def from_glyphs(
        cls, glyphs: list[tuple[str, float, float]], top: float, bottom: float, size: float, fontname: str
    ) -> Word | None:
        """Build a word from (text, x0, x1) glyphs, expanding multi-letter glyphs over their width."""
        return cls.from_runs(
            [g[0] for g in glyphs],
            [g[1] for g in glyphs],
            [g[2] for g in glyphs],
            top,
            bottom,
            size,
            fontname,
        )

    @classmethod
    def from_runs(
        cls,
        chars: list[str],
        xs0: list[float],
        xs1: list[float],
        top: float,
        bottom: float,
        size: float,
        fontname: str,
    ) -> Word | None:
        """:meth:`from_glyphs` of glyphs given as three lists (text, x0, x1): the word keeps the x lists."""
        plain = "".join(chars)
        if len(plain) == len(chars) and plain.isascii() and plain.isprintable() and " " not in plain:
            # The common case: one ASCII character per glyph, nothing to normalise.
            return cls(plain, xs0[0], max(xs1), top, bottom, size, fontname, xs0, xs1, *font_class(fontname))
        text_parts: list[str] = []
        cx0: list[float] = []
        cx1: list[float] = []
        for raw, gx0, gx1 in zip(chars, xs0, xs1, strict=True):
            t = normalize_glyph(raw)
            if not t or t.isspace():
                continue
            n = len(t)
            step = (gx1 - gx0) / n
            for k in range(n):
                cx0.append(gx0 + k * step)
                cx1.append(gx0 + (k + 1) * step)
            text_parts.append(t)
        if not text_parts:
            return None
        return cls(
            text="".join(text_parts),
            x0=cx0[0],
            x1=max(cx1),
            top=top,
            bottom=bottom,
            size=size,
            fontname=fontname,
            cx0=cx0,
            cx1=cx1,
            kind=font_class(fontname)[0],
            bold=font_class(fontname)[1],
        )

    @property
    def masked(self) -> bool:
        return self.kind is not FontKind.TEXT or self.script


WORD_TOLERANCE = 0.15


class WordBuilder:
    """Collects glyphs, in the order the PDF draws them, into words: one font, size and baseline, no gap wider
    than the word tolerance (15 % of the type size: justified TeX text has inter-word gaps of about 0.26 em,
    which pdfplumber's default tolerance of 3 pt glues together), no step backwards."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        # The glyphs of the word being built, as three lists (text, x0, x1) that the word then keeps.
        self.chars: list[str] = []
        self.x0s: list[float] = []
        self.x1s: list[float] = []
        self.top = self.bottom = self.size = 0.0
        self.font = ""
        self.upright = True

    def add(
        self, text: str, x0: float, x1: float, top: float, bottom: float, font: str, size: float, up: bool
    ) -> None:
        # A new word at a change of font, size, orientation or baseline, a gap over the tolerance, or a step
        # back. This runs once per glyph of every page, hence the one flat test.
        x1s = self.x1s
        if x1s:
            own = self.size
            if (
                font != self.font
                or size != own
                or up != self.upright
                or abs(bottom - self.bottom) > 3
                or x0 - x1s[-1] > WORD_TOLERANCE * own
                or x0 < self.x0s[-1] - 0.5 * own
            ):
                self.flush()
            else:
                if top < self.top:
                    self.top = top
                if bottom > self.bottom:
                    self.bottom = bottom
                self.chars.append(text)
                self.x0s.append(x0)
                x1s.append(x1)
                return
        self.top, self.bottom, self.size, self.font, self.upright = top, bottom, size, font, up
        self.chars.append(text)
        self.x0s.append(x0)
        self.x1s.append(x1)

    def flush(self) -> None:
        if self.chars:
            if self.upright:
                word = Word.from_runs(
                    self.chars, self.x0s, self.x1s, self.top, self.bottom, self.size, self.font
                )
                if word is not None:
                    self.words.append(word)
            self.chars, self.x0s, self.x1s = [], [], []


def is_wordlike(token: str) -> bool:
    """Whether a printed token reads as a word: two letters or more, and letters for 60 % of it or more."""
    if token.isalpha():
        return len(token) >= 2  # the common case, and the same test
    return sum(ch.isalpha() for ch in token) >= max(2, 0.6 * len(token))


def mode_size(words: list[Word]) -> float:
    """The body type size: the size (to half a point) that most characters are set in."""
    counts: Counter[float] = Counter()
    for w in words:
        counts[round(w.size * 2) / 2] += len(w.text)
    return counts.most_common(1)[0][0] if counts else 0.0
