"""The printed line's extent on a real PDF: each Location knows the whole line (column segment) it is on."""

from __future__ import annotations

import pytest

from errata.extract import extract
from errata.model.document import Document, Region
from tests.conftest import FIXTURES


@pytest.fixture(scope="module", params=["pdfplumber", "pdfium"])
def chapter(request: pytest.FixtureRequest) -> Document:
    return extract(str(FIXTURES / "chapter10.pdf"), backend=request.param)


def test_every_location_has_an_extent_that_holds_its_box(chapter: Document) -> None:
    count = 0
    for flow in chapter.flows.values():
        for piece in flow.pieces:
            for loc in flow.locate(piece.start, piece.end):
                assert loc.extent is not None
                assert loc.extent[0] <= loc.bbox[0] <= loc.bbox[2] <= loc.extent[1]
                count += 1
    assert count >= 140  # every printed line of every flow


def test_the_extent_is_the_column_line_not_the_match() -> None:
    doc = extract(str(FIXTURES / "chapter10.pdf"))
    body = doc.flows[Region.BODY]
    start = body.text.index("the the")
    # "the the" across a line break of the full-width text block of page 1 (72-442.61 pt).
    assert [(loc.line, loc.bbox[0], loc.bbox[2], loc.extent) for loc in body.locate(start, start + 7)] == [
        (17, 428.77, 442.61, (72.0, 442.61)),
        (18, 72.0, 85.84, (72.0, 442.61)),
    ]
    # A margin note's line ends at the note's edge, not at the text block's.
    (note,) = doc.flows[Region.MARGIN].locate(0, 10)
    assert (note.page, note.bbox[0], note.extent) == (2, 43.86, (43.86, 150.72))
