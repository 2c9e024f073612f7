"""Text whose size is set by the text matrix (``1 Tf`` and a scaled ``Tm``), as cairo, Word's and LibreOffice's
PDF export and Distiller write it, is read the same by both backends: PDFium's own font size would be 1 pt."""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.extract import extract
from errata.model.document import Region
from tests.pdfgen import write_pdf

LINES = [
    "The residual stream carries the the representation of each token",
    "from layer to layer, and every block adds its output to it.",
    "Nothing on the page is small print: it is all body text.",
]


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_text_scaled_by_its_matrix_is_prose(tmp_path: Path, backend: str) -> None:
    pdf = tmp_path / "scaled.pdf"
    write_pdf(pdf, [[("R", line)] for line in LINES], scale_by_matrix=True)
    doc = extract(str(pdf), backend=backend)
    assert doc.flows[Region.BODY].text == " ".join(LINES)
    assert {ln.role.value for ln in doc.lines} == {"body"}
