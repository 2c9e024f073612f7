"""Hand-built pages for the extraction stages' unit tests: words on a grid, no PDF.

Every glyph is half its type size wide and a space is one glyph wide (a monospaced grid), and positions are
whole points, so every box the stages compute is exact.
"""

from __future__ import annotations

from errata.extract.lines import Line, LineKind
from errata.extract.words import Word

TEXT = "ABCDEF+CMR10"
BOLD = "ABCDEF+CMBX10"
MATH = "ABCDEF+CMMI10"
MONO = "ABCDEF+CMTT10"


def word(text: str, x0: float, bottom: float, size: float = 10.0, font: str = TEXT) -> Word:
    """One word starting at ``x0`` on the baseline ``bottom`` (its box is ``size`` high)."""
    advance = size / 2
    glyphs = [(ch, x0 + k * advance, x0 + (k + 1) * advance) for k, ch in enumerate(text)]
    made = Word.from_glyphs(glyphs, bottom - size, bottom, size, font)
    assert made is not None
    return made


def words(text: str, x0: float, bottom: float, size: float = 10.0, font: str = TEXT) -> list[Word]:
    """The words of ``text`` set from ``x0`` with one glyph width per space ("a  b" leaves two)."""
    out: list[Word] = []
    x = x0
    for k, part in enumerate(text.split(" ")):
        if part:
            out.append(word(part, x, bottom, size, font))
        x += (len(part) + (1 if k < len(text.split(" ")) - 1 else 0)) * size / 2
    return out


def line(
    text: str,
    x0: float,
    bottom: float,
    *,
    size: float = 10.0,
    font: str = TEXT,
    strip: int = 0,
    kind: LineKind = LineKind.PROSE,
    block: int = 0,
) -> Line:
    """A built line of ``text`` (words as :func:`words` sets them) with the given kind and place."""
    built = Line(words=words(text, x0, bottom, size, font), strip=strip)
    built.build()
    built.kind = kind
    built.block = block
    return built
