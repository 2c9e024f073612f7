"""A listing beside a paragraph, inside running text with no white above or below it: the rows of that stretch
stand in two columns although no gutter crosses the whole band, and the paragraph beside the listing is read in
order, never joined line by line with the listing into table rows.

The PDF is written from PDF syntax (tests/pdfgen.py): full-width lines of prose at a 13.75-pt leading, then
four rows with a short listing line on the left and a line of prose on the right, then full-width prose again,
all at the same leading.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.extract import extract
from errata.model.document import Region
from errata.pipeline import ScanOptions, scan
from tests.pdfgen import write_page

SIZE = 11.0
LEAD = 1.25 * SIZE

ABOVE = ["The reader keeps a window of the pages it has read so far,", "and it hands each page to the rules."]
LISTING = ["x = read(page)", "if x:", "  keep(x)", "done"]
BESIDE = [
    "The listing on the left shows",
    "how a page is kept while the the",
    "rules read it, and when it is",
    "dropped from the window again.",
]
BELOW = ["After the listing the text runs across the whole width of the", "page again, as it did before it."]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    placed = []
    y = 700.0
    for text in ABOVE:
        placed.append((72.0, y, [("R", text)]))
        y -= LEAD
    for code, prose in zip(LISTING, BESIDE, strict=True):
        placed += [(72.0, y, [("T", code)]), (250.0, y, [("R", prose)])]
        y -= LEAD
    for text in BELOW:
        placed.append((72.0, y, [("R", text)]))
        y -= LEAD
    path = tmp_path_factory.mktemp("beside") / "beside.pdf"
    write_page(path, placed, size=SIZE)
    return path


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_the_paragraph_beside_the_listing_is_read_in_order(pdf: Path, backend: str) -> None:
    body = extract(str(pdf), backend=backend, use_cache=False).flows[Region.BODY].text
    # Its lines sit on the listing's rows, so each starts a block, as the rows of a definition list do; they
    # are read in order and never joined with the listing.
    assert "\n".join(BESIDE) in body
    assert "read(page)" not in body and "done" not in body


def test_a_slip_in_it_is_found_across_its_line(pdf: Path) -> None:
    report = scan(str(pdf), ScanOptions(select=("repeated-word",)))
    assert [(f.match, f.locations[0].line) for f in report.findings] == [("the the", 4)]
