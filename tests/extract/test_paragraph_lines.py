"""A line of a justified paragraph whose word spaces are uneven (a stretched sentence space) is read with its
paragraph, not as a table row; a table row between paragraphs, whose edges are not the paragraph's, stays one.

The PDF is written word by word (tests/pdfgen.py), so that each line's spaces are exactly as set here: every
line fills the measure from x = 72 to 300, as justified text does, and the third line's sentence space is three
times its other spaces, wide enough for a table gap by the line's own geometry.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.extract import extract
from errata.model.document import Region
from errata.pipeline import ScanOptions, scan
from tests.pdfgen import write_page

SIZE = 11.0
LEFT, RIGHT = 72.0, 300.0

PARAGRAPH = [
    ("The reader keeps a window of pages and reads", None),
    ("each one of them in the order of the book when", None),
    ("it starts. The the next page is read after", 3.0),  # the sentence space: three of the others
    ("the previous one has been handed to the rules", None),
    ("and to the report that is written at the end.", "last"),
]


def _width(text: str) -> float:
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS["Helvetica"][1]
    return sum(float(widths.get(ch, 556)) for ch in text) * SIZE / 1000


def _justify(
    text: str, y: float, wide: float | str | None, left: float = LEFT
) -> list[tuple[float, float, list[tuple[str, str]]]]:
    words = text.split()
    if wide == "last":
        x, out = left, []
        for w in words:
            out.append((x, y, [("R", w)]))
            x += _width(w) + _width(" ")
        return out
    # the spaces that make the line fill the measure; the one after a full stop is ``wide`` times the others
    weights = [float(wide) if wide and a.endswith(".") else 1.0 for a in words[:-1]]
    space = (RIGHT - left - sum(_width(w) for w in words)) / sum(weights)
    x, out = left, []
    for w, weight in zip(words, [*weights, 0.0], strict=True):
        out.append((x, y, [("R", w)]))
        x += _width(w) + weight * space
    return out


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    placed = []
    y = 700.0
    for text, wide in PARAGRAPH:
        placed += _justify(text, y, wide)
        y -= 1.25 * SIZE
    y -= 2 * SIZE
    # a row of a small table of figures below the paragraph, its cells far apart, its edges its own
    for x, cell in ((LEFT, "alpha"), (LEFT + 80, "low"), (LEFT + 150, "low")):
        placed.append((x, y, [("R", cell)]))
    path = tmp_path_factory.mktemp("paragraph") / "paragraph.pdf"
    write_page(path, placed, size=SIZE)
    return path


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_the_uneven_line_is_read_with_its_paragraph(pdf: Path, backend: str) -> None:
    doc = extract(str(pdf), backend=backend, use_cache=False)
    body = doc.flows[Region.BODY].text
    assert "when it starts. The the next page is read after the previous one" in body
    assert "alpha" not in body and doc.flows[Region.TABLE].text == "alpha\nlow\nlow"


def test_the_slip_in_it_is_found_and_the_table_cells_are_no_pair(pdf: Path) -> None:
    report = scan(str(pdf), ScanOptions(select=("repeated-word",)))
    assert [(f.rule, f.match, f.locations[0].line) for f in report.findings] == [
        ("repeated-word", "The the", 3)
    ]


INDENTED = [
    ("If you find a bug, report it. But", 3.0),  # indented, with a wide sentence space
    ("first make sure that it really is a bug and that", None),
    ("it it appears in the latest version of the tool.", "last"),
]


def test_an_indented_first_line_with_a_wide_sentence_space_is_read_with_its_paragraph(tmp_path: Path) -> None:
    placed = []
    for k, (text, wide) in enumerate(INDENTED):
        placed += _justify(text, 700.0 - 1.25 * SIZE * k, wide, LEFT + 2 * SIZE if k == 0 else LEFT)
    write_page(tmp_path / "indented.pdf", placed, size=SIZE)
    doc = extract(str(tmp_path / "indented.pdf"), use_cache=False)
    assert " ".join(t for t, _ in INDENTED) == doc.flows[Region.BODY].text.replace("\n", " ")
    assert Region.TABLE not in doc.flows
