"""Prose that runs on beside a listing or below the other column's end (real PDFs written by tests/pdfgen.py).

- A paragraph set beside a listing runs over a page break, and the listing goes on at the top of the next page
  beside it: the listing interrupts no prose, so the paragraph's words on either side of the break are adjacent.
- A column runs on below a section's end in the other column (LaTeX's last page of a two-column section, a
  short last column): the band below the gap is the rest of its column, read before the next column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.extract import extract
from errata.model.document import Region
from errata.pipeline import ScanOptions, scan
from tests.pdfgen import justified, write_page, write_pages

SIZE = 10.0
LEAD = 12.0
FULL = [
    "The shell reads its input from a file, from a string supplied as an argument, or from the",
    "terminal, and it breaks the input into words and operators obeying the quoting rules.",
]
CODE_1 = ["ESC-G", "  seek", "REPLY", "  read"]
BESIDE_1 = ["Bash attempts to", "complete the words", "before point, and", "completion treating"]
CODE_2 = ["COMP_WORD", "  index", "SHELL", "  path"]
BESIDE_2 = ["treating the text as", "a variable if the text", "begins with a dollar", "sign."]
MEASURE = 110.0  # the paragraph beside the listing is set justified to this width


def _tw(text: str, full: bool) -> float:
    return justified(text, MEASURE, SIZE) if full else 0.0


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    first = [(72.0, 700.0 - LEAD * k, [("R", t)]) for k, t in enumerate(FULL)]
    y = 700.0 - LEAD * (len(FULL) + 1)
    for k, (code, prose) in enumerate(zip(CODE_1, BESIDE_1, strict=True)):
        first += [
            (72.0, y - LEAD * k, [("C", code)]),
            (300.0, y - LEAD * k, [("R", prose)], _tw(prose, True)),
        ]
    second = []
    for k, (code, prose) in enumerate(zip(CODE_2, BESIDE_2, strict=True)):
        last = k == len(BESIDE_2) - 1
        second += [
            (72.0, 700.0 - LEAD * k, [("C", code)]),
            (300.0, 700.0 - LEAD * k, [("R", prose)], _tw(prose, not last)),
        ]
    second += [(72.0, 700.0 - LEAD * (len(CODE_2) + 1) - LEAD * k, [("R", t)]) for k, t in enumerate(FULL)]
    path = tmp_path_factory.mktemp("across") / "across.pdf"
    write_pages(path, [first, second], size=SIZE)
    return path


def test_a_paragraph_beside_a_listing_runs_on_over_the_page_break(pages: Path) -> None:
    body = extract(str(pages), use_cache=False).flows[Region.BODY].text
    assert "completion treating treating the text as" in " ".join(body.split())
    report = scan(str(pages), ScanOptions(select=("repeated-word",), use_cache=False))
    assert [(f.match, [loc.page for loc in f.locations]) for f in report.findings] == [
        ("treating treating", [1, 2])
    ]


LEFT_TOP = [f"left column line {k} of the first part of the text" for k in range(8)]
LEFT_BOTTOM = ["the rest of the left column runs on here", "below the gap and ends with these lines"]
RIGHT = [f"lines containing a string, right line {k} here" for k in range(7)]


def test_a_column_that_runs_on_below_the_other_columns_end_is_read_first(tmp_path: Path) -> None:
    placed = [(72.0, 700.0 - LEAD * k, [("R", t)]) for k, t in enumerate(LEFT_TOP)]
    placed += [(275.0, 700.0 - LEAD * k, [("R", t)]) for k, t in enumerate(RIGHT)]
    below = 700.0 - LEAD * len(LEFT_TOP) - 2.5 * LEAD  # white across the page: the right column has ended
    placed += [(72.0, below - LEAD * k, [("R", t)]) for k, t in enumerate(LEFT_BOTTOM)]
    placed.append((265.0, 60.0, [("R", "8")]))  # the page number, in the gutter: no gutter crosses the page
    write_page(tmp_path / "runs-on.pdf", placed, size=SIZE)
    body = extract(str(tmp_path / "runs-on.pdf"), use_cache=False).flows[Region.BODY].text
    order = [body.index(t) for t in (LEFT_TOP[0], LEFT_BOTTOM[0], LEFT_BOTTOM[1], RIGHT[0])]
    assert order == sorted(order)
    report = scan(str(tmp_path / "runs-on.pdf"), ScanOptions(select=("repeated-word",), use_cache=False))
    assert [f.match for f in report.findings] == ["lines lines"]


def test_a_heading_below_a_numbered_formula_is_no_column_of_it(tmp_path: Path) -> None:
    # A display formula and its number leave a gutter between them; a heading below, left of that gutter, is
    # not the rest of a column: the formula's line has no columns of several lines.
    placed = [(72.0, 700.0, [("R", "See the figure for an example of the layout.")])]
    placed += [(250.0, 670.0, [("I", "n = p - x - f")]), (440.0, 670.0, [("R", "(3)")])]
    placed += [(72.0, 640.0, [("B", "3.1 Environment variables")])]
    placed += [(72.0, 620.0 - LEAD * k, [("R", t)]) for k, t in enumerate(FULL)]
    write_page(tmp_path / "formula.pdf", placed, size=SIZE)
    lines = extract(str(tmp_path / "formula.pdf"), use_cache=False).lines
    texts = [ln.text for ln in lines]
    assert texts.index("n = p - x - f") < texts.index("(3)") < texts.index("3.1 Environment variables")
