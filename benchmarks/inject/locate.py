"""Where the words of a source paragraph were printed: poppler's word boxes aligned with the source words.

``pdftotext -raw -bbox`` gives every printed word with its box and page in content-stream order, which for
these producers is the order they typeset the text in (column after column); lines are told apart by the
baseline. A source paragraph's normalised tokens are aligned with that stream, which tells for
each planted erratum its page(s), its boxes and whether its words straddle a line, column or page break.
"""

from __future__ import annotations

import html
import itertools
import re
import subprocess
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from benchmarks.inject.plant import printed

BREAK_ORDER = ("none", "line", "column", "page")


def norm(word: str) -> str:
    """Lower-case letters, digits and '?' only: the form compared between source and PDF."""
    w = unicodedata.normalize("NFKC", word).lower()
    return re.sub(r"[^0-9a-z?]+", "", w)


@dataclass
class Box:
    page: int
    line: int  # global line number in poppler's order
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Token:
    norm: str
    boxes: list[Box]  # two when a hyphenated word was joined across lines


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S
)


def pdf_tokens(pdf: Path) -> list[Token]:
    """Printed words in content-stream order (the order the producer typeset them), with lines numbered."""
    proc = subprocess.run(
        ["pdftotext", "-raw", "-bbox", str(pdf), "-"], capture_output=True, text=True, timeout=300, check=True
    )
    raw: list[tuple[str, Box, bool]] = []  # text, box, last word of its line
    page = 0
    line = 0
    prev: Box | None = None
    for part in re.split(r"(<page[ >])", proc.stdout):
        if part.startswith("<page"):
            page += 1
            continue
        for m in _WORD.finditer(part):
            x0, top, x1, bottom = (float(m.group(k)) for k in range(1, 5))
            # a new line: another page, the baseline moves by more than half a line, or the text goes back left
            if (
                prev is None
                or prev.page != page
                or abs(bottom - prev.bottom) > 0.5 * (bottom - top)
                or x0 < prev.x0 - 1
            ):
                line += 1
                if raw:
                    t, b, _ = raw[-1]
                    raw[-1] = (t, b, True)
            box = Box(page, line, x0, top, x1, bottom)
            raw.append((html.unescape(m.group(5)), box, False))
            prev = box
    tokens: list[Token] = []
    i = 0
    while i < len(raw):
        text, box, last = raw[i]
        # a word hyphenated at the end of its line continues on the next one
        if (
            last
            and text.endswith(("-", "\u2010", "\u00ad"))
            and i + 1 < len(raw)
            and raw[i + 1][0][:1].islower()
        ):
            nxt = raw[i + 1]
            tokens.append(Token(norm(text) + norm(nxt[0]), [box, nxt[1]]))
            i += 2
            continue
        n = norm(text)
        if n:
            tokens.append(Token(n, [box]))
        i += 1
    return tokens


def unit_tokens(words: list[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """Normalised tokens of a word list and, per word, its token range [a, b)."""
    toks: list[str] = []
    spans = []
    for w in words:
        a = len(toks)
        for piece in printed(w).split():
            n = norm(piece)
            if n:
                toks.append(n)
        spans.append((a, len(toks)))
    return toks, spans


class Aligner:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.norms = [t.norm for t in tokens]
        self.index: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in range(len(self.norms) - 2):
            self.index[tuple(self.norms[i : i + 3])].append(i)

    def align(self, toks: list[str]) -> list[int | None]:
        """For each token of a source unit, the index of the printed token it matched (or None)."""
        n = len(toks)
        result: list[int | None] = [None] * n
        if n < 3:
            return result
        votes: Counter[int] = Counter()
        for k in range(0, n - 2):
            for pos in self.index.get(tuple(toks[k : k + 3]), ()):
                votes[pos - k] += 1
        if not votes:
            return result
        start = max(votes.items(), key=lambda kv: (kv[1], -kv[0]))[0]
        lo = max(0, start - 20)
        hi = min(len(self.norms), start + n + max(80, n))
        sm = SequenceMatcher(None, toks, self.norms[lo:hi], autojunk=False)
        for a, b, size in sm.get_matching_blocks():
            for j in range(size):
                result[a + j] = lo + b + j
        return result


def break_between(a: Box, b: Box) -> str:
    if a.page != b.page:
        return "page"
    if a.line == b.line:
        return "none"
    if b.top < a.top - 2 and b.x0 >= a.x1 - 1:  # up and to the right of it: the next column
        return "column"
    return "line"


def strongest(kinds: list[str]) -> str:
    return max(kinds, key=BREAK_ORDER.index, default="none")


def boxes_of(tokens: list[Token], idx: list[int | None], a: int, b: int) -> list[Box] | None:
    """The printed boxes of source tokens [a, b), or None if any of them was not found."""
    out: list[Box] = []
    for k in range(a, b):
        i = idx[k]
        if i is None:
            return None
        out.extend(tokens[i].boxes)
    return out


def break_kind(boxes: list[Box]) -> str:
    return strongest([break_between(x, y) for x, y in itertools.pairwise(boxes)])


def word_breaks(tokens: list[Token], idx: list[int | None], spans: list[tuple[int, int]]) -> dict[int, str]:
    """Word index -> the break that follows it in print, for plain line ends (furniture or a footnote may sit
    between the two words in content order)."""
    out: dict[int, str] = {}
    for w in range(len(spans) - 1):
        a0, a1 = spans[w]
        b0, b1 = spans[w + 1]
        if a1 - a0 != 1 or b1 - b0 != 1:
            continue
        ia, ib = idx[a0], idx[b0]
        if ia is None or ib is None or not 0 < ib - ia <= 40 or len(tokens[ia].boxes) != 1:
            continue
        kind = break_between(tokens[ia].boxes[-1], tokens[ib].boxes[0])
        if kind != "none":
            out[w] = kind
    return out
