"""pdfminer gives no width to a ligature that groff's PDFs map to several letters ("fl") in a standard font;
the pdfplumber backend puts the width back, so the glyphs after it sit where PDFium (and the page) has them."""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.extract.pages import open_document

TROFF = Path(__file__).resolve().parents[1] / "fixtures" / "other" / "troff.pdf"


def _word(backend: str, text: str) -> tuple[float, float]:
    handle = open_document(backend, str(TROFF), None)
    try:
        words, _, _ = handle.words(1)
    finally:
        handle.close()
    (word,) = [w for w in words if w.text == text]
    return word.x0, word.x1


def test_the_raw_characters_show_the_zero_width_ligature() -> None:
    import pdfplumber

    with pdfplumber.open(TROFF) as pdf:
        ligatures = [c for c in pdf.pages[0].chars if c["text"] == "fl"]
    assert len(ligatures) == 1


@pytest.mark.parametrize("text", ["flat"])
def test_a_word_with_a_ligature_has_the_width_pdfium_gives_it(text: str) -> None:
    plumber, pdfium = _word("pdfplumber", text), _word("pdfium", text)
    assert plumber[0] == pytest.approx(pdfium[0], abs=0.5)
    assert plumber[1] == pytest.approx(pdfium[1], abs=0.5)
    assert plumber[1] - plumber[0] > 12  # "flat" in 10-pt Times: fl 5.56 + a 4.44 + t 2.78 pt
