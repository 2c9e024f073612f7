"""A standard font that the PDF does not embed is drawn with the widths the PDF declares.

groff's man pages (``widths.1``, built by ``tests/fixtures/other/build.sh``) set a bold option as a minus
sign that ToUnicode calls a hyphen, and position some letters after a kern with an absolute move. pdfminer
took the hyphen's width from its own metrics for the minus, so the rest of the string was drawn short and the
kerned letter stood apart: "impro ve", "xar gs", "e ven", "k erned". PDFium draws with the declared widths,
and so does the pdfplumber backend now.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.extract.pages import open_document

WIDTHS = Path(__file__).resolve().parents[1] / "fixtures" / "other" / "widths.pdf"


def _words(backend: str) -> list[tuple[str, float, float]]:
    handle = open_document(backend, str(WIDTHS), None)
    try:
        words, _, _ = handle.words(1)
    finally:
        handle.close()
    return [(w.text, w.x0, w.x1) for w in words]


def test_a_bold_minus_has_the_declared_width_not_the_hyphens() -> None:
    # The minus is code 173 of groff's Times-Bold, /Widths 570; Times-Bold's hyphen is 333 (10-pt type).
    handle = open_document("pdfplumber", str(WIDTHS), None)
    handle.close()  # opening the document is what teaches pdfminer the declared widths
    import pdfplumber

    with pdfplumber.open(WIDTHS) as pdf:
        minus = [c for c in pdf.pages[0].chars if c["text"] == "-" and c["fontname"].endswith("Bold")]
    assert len(minus) == 5
    assert {round(c["width"], 2) for c in minus} == {5.7}


@pytest.mark.parametrize("word", ["improve", "xargs", "even", "kerned", "effect"])
def test_kerned_words_stay_whole(word: str) -> None:
    texts = [t for t, _, _ in _words("pdfplumber")]
    assert word in texts
    assert not {"impro", "xar", "e", "k"} & set(texts)


def test_the_words_sit_where_pdfium_draws_them() -> None:
    plumber, pdfium = _words("pdfplumber"), _words("pdfium")
    assert [t for t, _, _ in plumber] == [t for t, _, _ in pdfium]
    for (text, a0, a1), (_, b0, b1) in zip(plumber, pdfium, strict=True):
        assert a0 == pytest.approx(b0, abs=0.6), text
        assert a1 == pytest.approx(b1, abs=0.6), text
