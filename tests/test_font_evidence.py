"""repeated-word reads the fonts: copies in two fonts are a term and its description, or an option and its
metavariable (typography); copies in one font are a slip, on either side of a line break too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.pdfgen import write_pdf

PROSE = "is a command-line interface to the test harness, and it is run on every commit."


def _repeats(tmp_path: Path, lines: list[list[tuple[str, str]]], backend: str) -> list[tuple[str, int]]:
    pdf = tmp_path / "page.pdf"
    write_pdf(pdf, lines)
    proc = run_cli(
        "scan", str(pdf), "--select", "repeated-word", "--backend", backend, "--format", "json", "-o", "-",
        "--no-cache",
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    return [(f["match"], f["line"]) for f in json.loads(proc.stdout)["findings"]]


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_a_term_in_bold_before_its_description_is_not_a_repeat(tmp_path: Path, backend: str) -> None:
    lines = [
        [("B", "prove "), ("R", f"prove {PROSE}")],
        [("R", "-T sets the window title "), ("I", "title"), ("R", " for the whole session and all")],
        [("R", "of its windows, and the test suite checks it.")],
    ]
    assert _repeats(tmp_path, lines, backend) == []


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_copies_in_one_font_are_a_repeat(tmp_path: Path, backend: str) -> None:
    lines = [[("R", f"prove prove {PROSE}")], [("R", "The window title is set with the")]]
    lines.append([("R", "the option, and the test suite checks it in every run.")])
    assert _repeats(tmp_path, lines, backend) == [("prove prove", 1), ("the the", 2)]
