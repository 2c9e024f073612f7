"""A lower-case word at the end of a short line and the same word capitalised at the start of the next line
is a block ending and the next beginning (a run-in heading, a paragraph's last line, a table cell), not a
slip; at the end of a line the text wrapped at, it is one. Real PDFs written by tests/pdfgen.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.pipeline import ScanOptions, scan
from tests.pdfgen import write_pdf

FULL = [
    "The files of a package are installed under the directory named by",
    "the prefix, and the documentation of every package is kept apart",
]


def _findings(path: Path, last: str, following: str) -> list[tuple[str, int]]:
    write_pdf(path, [[("T", text)] for text in [*FULL, last, following, *FULL]])
    report = scan(str(path), ScanOptions(select=("repeated-word",)))
    return [(f.match, f.locations[0].line) for f in report.findings]


def test_a_short_line_ending_in_the_word_the_next_line_starts_with_is_no_slip(tmp_path: Path) -> None:
    assert (
        _findings(tmp_path / "short.pdf", "from its images", "Images for a package are stored apart too.")
        == []
    )


@pytest.mark.parametrize("word", ["the", "list"])
def test_at_a_line_the_text_wrapped_at_it_is_a_slip(tmp_path: Path, word: str) -> None:
    last = "and every file is read again when the package is upgraded to " + word
    found = _findings(
        tmp_path / "wrapped.pdf", last, f"{word.capitalize()} new version that the archive holds."
    )
    assert found == [(f"{word} {word.capitalize()}", 3)]


def test_a_run_in_heading_before_a_paragraph_that_starts_with_its_last_word(tmp_path: Path) -> None:
    assert (
        _findings(tmp_path / "heading.pdf", "Package Options", "Options can be set for the whole book.") == []
    )
