"""A ToUnicode entry that maps a glyph to a lone UTF-16 surrogate (a real PDF in TeX Live's documentation has
them) can be encoded by no report and no cache file: the glyph reads as U+FFFD, the page as usual, and a
second run from the page cache gives the same document."""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.extract import extract
from tests.pdfgen import stream_object, write_objects

CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Broken def 1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfchar <41> <D835> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""


def _pdf(path: Path) -> None:
    stream = b"BT /F1 11 Tf 72 700 Td (The sign A stands for the the unknown.) Tj ET"
    write_objects(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>"
            b" /Contents 4 0 R >>",
            stream_object(stream),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding /ToUnicode 6 0 R >>",
            stream_object(CMAP),
        ],
    )


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_a_lone_surrogate_reads_as_a_replacement_character_and_survives_the_cache(
    tmp_path: Path, backend: str
) -> None:
    pdf = tmp_path / "broken.pdf"
    _pdf(pdf)
    first = extract(str(pdf), backend=backend, use_cache=True, cache_dir=tmp_path / "cache")
    again = extract(str(pdf), backend=backend, use_cache=True, cache_dir=tmp_path / "cache")
    text = first.flows["body"].text
    assert not any("\ud800" <= ch <= "\udfff" for ch in text)
    assert text == again.flows["body"].text
    assert "the the unknown" in text
    text.encode("utf-8")  # a report can hold it
