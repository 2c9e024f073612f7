"""The one page-range grammar, shared by ``--pages`` and the ``skip-pages`` setting.

A spec is comma-separated parts, each ``N`` (one page), ``A-B`` (inclusive), ``A-`` (to the last page) or
``-B`` (from the first page); pages are 1-based. Spaces are allowed around numbers and dashes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from errata.errors import ErrataError

Range = tuple[int, int | None]
"""A 1-based inclusive range; ``None`` as the end runs to the last page."""

_PART = re.compile(r"^\s*(\d*)\s*(?:(-)\s*(\d*))?\s*$")


def parse_ranges(
    spec: str, where: str = "pages", example: str = "3-9,12", error: type[ErrataError] = ErrataError
) -> list[Range]:
    """``'1-6,300-'`` -> ``[(1, 6), (300, None)]``; empty parts are skipped; an unreadable or backwards part
    raises ``error`` naming ``where``."""
    out: list[Range] = []
    for part in spec.split(","):
        if not part.strip():
            continue
        m = _PART.match(part)
        if m is None or not (m.group(1) or (m.group(2) and m.group(3))):
            raise error(f"{where}: cannot read {part.strip()!r} (expected e.g. {example})")
        lo = int(m.group(1)) if m.group(1) else 1
        if m.group(2) is None:
            hi: int | None = lo
        else:
            hi = int(m.group(3)) if m.group(3) else None
        if lo < 1 or (hi is not None and hi < lo):
            raise error(f"{where}: {part.strip()!r} is not a valid range")
        out.append((lo, hi))
    return out


def in_ranges(page: int, ranges: Sequence[Range]) -> bool:
    return any(lo <= page and (hi is None or page <= hi) for lo, hi in ranges)


def expand(
    ranges: Sequence[Range], page_count: int, where: str = "pages", error: type[ErrataError] = ErrataError
) -> list[int]:
    """The sorted pages of ``ranges`` in a document of ``page_count`` pages; a range past the end is an error."""
    pages: set[int] = set()
    for lo, hi in ranges:
        if lo > page_count:
            raise error(f"{where}: page {lo} is past the end of the document ({page_count} pages)")
        pages.update(range(lo, min(hi if hi is not None else page_count, page_count) + 1))
    return sorted(pages)
