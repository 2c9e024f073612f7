"""Building one flow from the printed lines assembly hands it, in reading order: separators, line-end hyphens
and the cut into windows (see :mod:`errata.model.windows`)."""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from errata.extract.lines import Line, LineKind
from errata.model.document import BLOCK_BREAK, LINE_BREAK, PROSE_REGIONS, LinePiece, Region
from errata.model.spill import Spilled
from errata.model.windows import WINDOW, FlowStore, Part

_TRAILING_HYPHEN_RE = re.compile(r"([^\W\d_]+)-$")
_LEADING_WORD_RE = re.compile(r"^([^\W\d_]+)")


@dataclass(slots=True)
class FlowBuilder:
    """One flow as assembly appends lines to it (see :meth:`add`), cut into windows as it grows."""

    region: Region
    parts: list[str] = field(default_factory=list)
    masks: list[str] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)
    pieces: Spilled[LinePiece] = field(default_factory=Spilled)  # in a temporary file, but for the last few
    done_parts: list[str] = field(default_factory=list)  # earlier lines of the window, joined (see _collapse)
    done_masks: list[str] = field(default_factory=list)
    done_fonts: list[str] = field(default_factory=list)
    length: int = 0
    window: int = WINDOW  # characters after which the flow is cut into a new window at a block break
    windows: Spilled[Part] = field(default_factory=lambda: Spilled(chunk=1))  # the windows made so far
    window_start: int = 0  # where the window being made starts in the flow
    starts: array[int] = field(default_factory=lambda: array("q"))  # where its pieces start
    last_key: tuple[int, int, int] | None = None  # (page, strip, block) of the last line
    last_heading: bool = False
    interrupted: bool = False

    def separator(self, page: int, line: Line) -> str:
        if self.last_key is None:
            return ""
        last_page, last_strip, last_block = self.last_key
        if self.interrupted or self.region not in PROSE_REGIONS:
            return BLOCK_BREAK  # what is not prose is read a line at a time
        if self.region is not Region.BODY and (page, line.block) != (last_page, last_block):
            return BLOCK_BREAK  # each caption, footnote and margin note is its own block
        if page == last_page and line.strip == last_strip and line.block != last_block:
            return BLOCK_BREAK
        if line.kind is LineKind.HEADING or self.last_heading:
            return BLOCK_BREAK
        return LINE_BREAK

    def add(self, page: int, line: Line, lexicon: Counter[str], font_id: Callable[[str], str]) -> None:
        sep = self.separator(page, line)
        text, mask = line.text, line.mask
        x0s, x1s = line.x0s, line.x1s
        if sep == LINE_BREAK and self.parts:
            joined = _join_hyphen(self.parts[-1], text, lexicon)
            if joined is not None:
                sep = ""
                if joined == "drop":
                    self._drop_last_char()
        if len(self.parts) >= _RUN:
            self._collapse()
        if sep:
            self.parts.append(sep)
            self.masks.append(sep)
            self.fonts.append(" " * len(sep))
            self.length += len(sep)
            if sep == BLOCK_BREAK and self.length - self.window_start >= self.window:
                self._cut()
        self.starts.append(self.length)
        # The printed line's extent from the same character boxes as the match boxes, so that it holds them.
        self.pieces.append(
            LinePiece(
                self.length,
                self.length + len(text),
                page,
                line.number,
                line.top,
                line.bottom,
                x0s,
                x1s,
                (min(x0s), max(x1s)) if len(x0s) else None,
            )
        )
        self.parts.append(text)
        self.masks.append(mask)
        self.fonts.append(line.fonts(font_id))
        self.length += len(text)
        self.last_key = (page, line.strip, line.block)
        self.last_heading = line.kind is LineKind.HEADING
        self.interrupted = False

    def _collapse(self) -> None:
        """Join what the builder holds but its last line into one string each: a flow's text, mask and fonts
        then cost not much more than the strings they become, where a string per line costs twice that."""
        for held, done in ((self.parts, self.done_parts), (self.masks, self.done_masks)):
            done.append("".join(held[:-1]))
            del held[:-1]
        self.done_fonts.append("".join(self.fonts[:-1]))
        del self.fonts[:-1]

    def _cut(self) -> None:
        """End the window being made here (right after a block break, or at the flow's end)."""
        part = Part(
            self.window_start,
            len(self.pieces) - len(self.starts),
            _joined(self.done_parts, self.parts),
            _joined(self.done_masks, self.masks),
            _joined(self.done_fonts, self.fonts),
            self.starts,
        )
        self.windows.append(part)
        self.window_start, self.starts = self.length, array("q")

    def _drop_last_char(self) -> None:
        self.parts[-1] = self.parts[-1][:-1]
        self.masks[-1] = self.masks[-1][:-1]
        self.fonts[-1] = self.fonts[-1][:-1]
        self.length -= 1
        piece = self.pieces[-1]
        piece.end -= 1

    def build(self, page_labels: dict[int, str | None], store: FlowStore) -> None:
        """Put the flow, in its windows, in ``store``."""
        self._cut()
        store.add(self.region, self.pieces, page_labels, self.windows)


_RUN = 1024  # lines a flow builder holds before it joins them


def _joined(done: list[str], held: list[str]) -> str:
    """The joined strings (emptying both lists, so that the pieces go as soon as the whole is made)."""
    done.extend(held)
    held.clear()
    whole = "".join(done)
    done.clear()
    return whole


def _join_hyphen(previous: str, following: str, lexicon: Counter[str]) -> str | None:
    """How a line ending in a hyphen joins the next: 'drop' the hyphen, 'keep' it (no space), or None."""
    m = _TRAILING_HYPHEN_RE.search(previous)
    n = _LEADING_WORD_RE.match(following)
    if not m or not n or not n.group(1)[0].islower():
        return None
    head, tail = m.group(1), n.group(1)
    if lexicon[f"{head}-{tail}".lower()] > lexicon[f"{head}{tail}".lower()]:
        return "keep"
    return "drop"
