"""A document's flows kept in windows, so that a scan holds a window of a book's text, not the whole of it.

Assembly cuts each flow into windows of about :data:`WINDOW` characters, always right after a block break, and
writes each window (its text, mask and fonts) to a temporary file as soon as it is complete (see
:class:`~errata.model.spill.Spilled`). The flow rules then read one window at a time, with at least
:data:`CONTEXT` characters of whole blocks from the windows on either side, and keep the hits that start in the
window itself. Rules never match across a block break, so they find in the windows what they find in the whole
flow; a rule that needs a fact of the whole flow (a word used anywhere in it) asks for it with
:meth:`errata.lint.rule.RuleContext.of_flow`.

:class:`FlowStore` is also a mapping from region to the whole :class:`~errata.model.document.Flow`, joined from
its windows when asked for: the document rules, the tests and the benchmarks read flows that way.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from errata.model.document import BLOCK_BREAK, Flow, LinePiece, Region
from errata.model.spill import Lookup, Spilled

WINDOW = 200_000
"""Characters a window holds before assembly cuts its flow at the next block break (about 150 pages of text)."""

CONTEXT = 4_000
"""Characters of whole blocks, at least, that a flow rule reads on either side of its window."""


@dataclass(frozen=True, slots=True)
class Window:
    """A piece of a flow as a flow rule reads it: ``flow`` holds the window and the context around it, and
    ``own`` the window's own span of ``flow.text``, where a hit must start to be the window's."""

    flow: Flow
    own: tuple[int, int]


@dataclass(slots=True)
class Part:
    """One window as assembly makes it and the store keeps it: where it starts in the flow, its text, mask and
    fonts, the index of its first line piece and the flow offsets where its pieces start."""

    start: int
    first_piece: int
    text: str
    masked: str
    fonts: str
    starts: array[int]


@dataclass(slots=True)
class _Stored:
    region: Region
    pieces: Sequence[LinePiece]
    page_labels: dict[int, str | None]
    parts: Spilled[Part]


class FlowStore(Mapping[Region, Flow]):
    """The flows of a document, each in windows (see the module). Reading ``store[region]`` joins a whole flow."""

    def __init__(self) -> None:
        self._flows: dict[Region, _Stored] = {}

    def add(
        self,
        region: Region,
        pieces: Sequence[LinePiece],
        page_labels: dict[int, str | None],
        parts: Spilled[Part],
    ) -> None:
        """Keep ``region``'s flow: its line pieces (in flow order) and its windows, in order, each one but the
        last ending in a block break."""
        self._flows[region] = _Stored(region, pieces, page_labels, parts)

    def __getitem__(self, region: Region) -> Flow:
        stored = self._flows[region]
        parts = list(stored.parts)
        return Flow(
            region=region,
            text="".join(p.text for p in parts),
            masked="".join(p.masked for p in parts),
            fonts="".join(p.fonts for p in parts),
            pieces=stored.pieces,
            page_labels=stored.page_labels,
            _starts=array("q", (s for p in parts for s in p.starts)),
        )

    def __iter__(self) -> Iterator[Region]:
        return iter(self._flows)

    def __len__(self) -> int:
        return len(self._flows)

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self.items()),))

    def windows(self, region: Region) -> Iterator[Window]:
        """``region``'s flow a window at a time, each with its context (see the module)."""
        stored = self._flows[region]
        parts: Spilled[Part] = stored.parts
        for k in range(len(parts)):
            before = parts[k - 1] if k else None
            part = parts[k]
            after = parts[k + 1] if k + 1 < len(parts) else None
            yield _window(stored, before, part, after)

    def texts(self, region: Region) -> Iterator[Flow]:
        """``region``'s flow a window at a time, without context or geometry: for a fact of the whole flow."""
        stored = self._flows[region]
        for part in stored.parts:
            yield Flow(region=region, text=part.text, masked=part.masked, fonts=part.fonts)


def windows(flows: Mapping[Region, Flow], region: Region) -> Iterator[Window]:
    """The windows of ``flows[region]``: those of a :class:`FlowStore`, or the whole flow as its one window."""
    if isinstance(flows, FlowStore):
        return flows.windows(region)
    flow = flows[region]
    return iter([Window(flow, (0, len(flow.text)))])


def texts(flows: Mapping[Region, Flow], region: Region) -> Iterator[Flow]:
    """The windows of ``flows[region]`` without context (see :meth:`FlowStore.texts`)."""
    if isinstance(flows, FlowStore):
        return flows.texts(region)
    return iter([flows[region]])


def _window(stored: _Stored, before: Part | None, part: Part, after: Part | None) -> Window:
    """``part`` with the whole blocks around it, of at least CONTEXT characters each side, from its neighbours
    (windows hold many times CONTEXT, so a neighbour holds the context unless a block is longer than it)."""
    lead = trail = ""
    mlead = mtrail = flead = ftrail = ""
    lo_piece, hi_piece = part.first_piece, part.first_piece + len(part.starts)
    if before is not None:
        cut = _block_start(before, part.start - CONTEXT)
        lead, mlead, flead = before.text[cut:], before.masked[cut:], before.fonts[cut:]
        lo_piece = before.first_piece + bisect.bisect_left(before.starts, before.start + cut)
    if after is not None:
        cut = _block_end(after, after.start + CONTEXT)
        trail, mtrail, ftrail = after.text[:cut], after.masked[:cut], after.fonts[:cut]
        hi_piece = after.first_piece + bisect.bisect_left(after.starts, after.start + cut)
    base = part.start - len(lead)
    starts = array("q", (s - base for s in _starts_between(before, part, after, lo_piece, hi_piece)))
    flow = Flow(
        region=stored.region,
        text=lead + part.text + trail,
        masked=mlead + part.masked + mtrail,
        fonts=flead + part.fonts + ftrail,
        pieces=_Shifted(stored.pieces, lo_piece, hi_piece, base),
        page_labels=stored.page_labels,
        _starts=starts,
    )
    return Window(flow, (len(lead), len(lead) + len(part.text)))


def _starts_between(before: Part | None, part: Part, after: Part | None, lo: int, hi: int) -> Iterator[int]:
    """The flow offsets where pieces ``lo`` to ``hi`` start (they lie in ``part`` and its neighbours)."""
    for p in (before, part, after):
        if p is not None:
            a, b = max(lo - p.first_piece, 0), min(hi - p.first_piece, len(p.starts))
            if a < b:
                yield from p.starts[a:b]


def _block_start(part: Part, at: int) -> int:
    """The offset in ``part.text`` of the last block start at or before flow offset ``at`` (0: its start)."""
    local = at - part.start
    if local <= 0:
        return 0
    return part.text.rfind(BLOCK_BREAK, 0, local) + 1


def _block_end(part: Part, at: int) -> int:
    """The offset in ``part.text`` just past the first block break at or after flow offset ``at`` (its end if
    none)."""
    found = part.text.find(BLOCK_BREAK, max(at - part.start, 0))
    return len(part.text) if found < 0 else found + 1


class _Shifted(Lookup[LinePiece]):
    """Pieces ``lo`` to ``hi`` of a flow, with their offsets made relative to a window that starts at ``base``."""

    def __init__(self, pieces: Sequence[LinePiece], lo: int, hi: int, base: int) -> None:
        self.pieces, self.lo, self.hi, self.base = pieces, lo, hi, base

    def __len__(self) -> int:
        return self.hi - self.lo

    def item(self, index: int) -> LinePiece:
        p = self.pieces[self.lo + index]
        base = self.base
        return LinePiece(
            p.start - base, p.end - base, p.page, p.line, p.top, p.bottom, p.x0s, p.x1s, p.extent
        )
