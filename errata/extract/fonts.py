"""Stage 2 (words), its font half: what a font name says about its glyphs, and a glyph's text as prose.

A font is one of three kinds (text, math, monospace) and bold or not, read from its name after the subset
prefix; glyph text is normalised (ligatures expanded, unmapped glyphs as U+FFFD, soft hyphen and odd spaces
mapped) before words are built.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from enum import StrEnum

# Font families by name, after the subset prefix ("PGXFVZ+CMR10" -> "CMR10").
_MONO_RE = re.compile(
    r"(?i)(cmtt|lmmono|mono|courier|cursor|consol|inconsolata|menlo|sfmt|sourcecode|source\s*code|"
    r"typewriter|firacode|fira\s*code|jetbrains|cousine|lucidaconsole|andale|ocr[ab]|fixedsys|"
    r"\bcode\b|txtt|pcrr|nimbusmon|freemono|liberationmono|\btt\d*$)"
)
_MATH_RE = re.compile(
    r"(?i)(^cmmi|^cmsy|^cmex|^cmbsy|^cmmib|^msam|^msbm|^eufm|^eusm|^eurm|^rsfs|^wasy|^stmary|^esint|"
    r"^txmi|^txsy|^txex|^pxmi|^pxsy|^pxex|^lmmathitalic|^lmmathsymbols|^lmmathextension|^bbm|^dsrom|"
    r"math|^symbol$|^symbolmt|mnsymbol)"
)
_BOLD_RE = re.compile(r"(?i)(bold|cmbx|cmb\d|black|heavy|semibold|demi|[-,]bd\b|\bbd$)")


class FontKind(StrEnum):
    TEXT = "text"
    MATH = "math"
    MONO = "mono"


def font_basename(fontname: str) -> str:
    """Strip a subset prefix: 'PGXFVZ+CMR10' -> 'CMR10'."""
    return fontname.split("+", 1)[1] if "+" in fontname else fontname


def font_kind(fontname: str) -> FontKind:
    base = font_basename(fontname)
    if _MONO_RE.search(base):
        return FontKind.MONO
    if _MATH_RE.search(base):
        return FontKind.MATH
    return FontKind.TEXT


def is_bold(fontname: str) -> bool:
    return bool(_BOLD_RE.search(font_basename(fontname)))


@functools.lru_cache(maxsize=512)
def font_class(fontname: str) -> tuple[FontKind, bool]:
    """(kind, bold) of a font name, cached: a page has a handful of fonts and thousands of glyphs."""
    return font_kind(fontname), is_bold(fontname)


_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}


_SURROGATE = re.compile("[\ud800-\udfff]")


def normalize_glyph(text: str) -> str:
    """A glyph's text as prose: ligatures expanded, unmapped glyphs ('(cid:12)') and a broken ToUnicode entry
    (a lone UTF-16 surrogate, which no file or report can encode) as U+FFFD, soft hyphen as '-'."""
    if text.startswith("(cid:"):
        return "\ufffd"
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if len(text) == 1:
        if text in _LIGATURES:
            return _LIGATURES[text]
        if text == "\u00ad":
            return "-"
        if text in "\u00a0\u2009\u202f\u2002\u2003":
            return " "
        return text
    return "".join(_LIGATURES.get(ch, ch) for ch in text)
