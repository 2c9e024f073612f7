"""A note floated beside the text, in a smaller type, with the text's last line running on below it: the note
is read as a margin note after the text, not between the text's lines (real PDFs written by tests/pdfgen.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.extract import extract
from errata.pipeline import ScanOptions, scan
from tests.pdfgen import write_page

TEXT = [
    "History expansions introduce words from the history list into",
    "the input stream, making it easy to repeat commands",
    "commands, insert the arguments to a previous command into",
    "the current input line, or fix errors in previous commands quickly and without fuss.",
]
NOTE = ["The while command", "continuously executes the list", "Its body runs while the last succeeds."]


def _page(path: Path) -> None:
    placed = [(72.0, 700.0 - 14 * k, [("T", t)]) for k, t in enumerate(TEXT)]
    placed += [(372.0, 700.0 - 9.5 * k, [("T", t)]) for k, t in enumerate(NOTE)]
    write_page(path, placed, sizes=[11.0] * len(TEXT) + [8.0] * len(NOTE))


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_a_floated_note_is_a_margin_note_and_the_text_reads_on(tmp_path: Path, backend: str) -> None:
    _page(tmp_path / "float.pdf")
    doc = extract(str(tmp_path / "float.pdf"), backend=backend)
    assert doc.flows["body"].text == " ".join(TEXT)
    assert doc.flows["margin"].text == " ".join(NOTE)
    report = scan(str(tmp_path / "float.pdf"), ScanOptions(select=("repeated-word",), backend=backend))
    assert [(f.rule, f.match, f.locations[0].page, f.locations[0].line) for f in report.findings] == [
        ("repeated-word", "commands commands", 1, 2)
    ]


def test_a_line_is_cut_where_the_type_size_changes_not_at_a_wide_space_before() -> None:
    from errata.extract.lines import Line
    from errata.extract.page import _cut_at_size_change
    from tests.extract.synthetic import word

    # A justified text line (10 pt, word spaces of 7 pt) running into a floated note's first line (8 pt).
    text = [word(w, 72.0 + 40.0 * k, 700.0) for k, w in enumerate(["tailor", "the", "prompt", "to", "your"])]
    note = [word(w, 300.0 + 25.0 * k, 700.0, size=8.0) for k, w in enumerate(["In", "rare", "cases"])]
    line = Line(words=text + note, strip=0)
    line.build()
    parts = _cut_at_size_change(line)
    assert [p.text for p in parts] == ["tailor the prompt to your", "In rare cases"]


def test_a_note_as_long_as_the_text_beside_it_is_a_note_too(tmp_path: Path) -> None:
    # A browser's aside floated beside a short paragraph: as many note lines as text lines, in smaller type.
    note = [
        "If the option is enabled using",
        "using shopt, any unquoted",
        "instances are expanded.",
        "See below.",
    ]
    placed = [(72.0, 700.0 - 14 * k, [("T", t)]) for k, t in enumerate(TEXT)]
    placed += [(372.0, 700.0 - 9.5 * k, [("T", t)]) for k, t in enumerate(note)]
    write_page(tmp_path / "aside.pdf", placed, sizes=[11.0] * len(TEXT) + [8.0] * len(note))
    doc = extract(str(tmp_path / "aside.pdf"))
    assert doc.flows["body"].text == " ".join(TEXT)
    assert doc.flows["margin"].text == " ".join(note)
    report = scan(str(tmp_path / "aside.pdf"), ScanOptions(select=("repeated-word",)))
    assert sorted(f.match for f in report.findings) == ["commands commands", "using using"]
