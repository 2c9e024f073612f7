"""Text whose size is set by the text matrix (``1 Tf`` and a scaled ``Tm``), as cairo, Word's and LibreOffice's
PDF export and Distiller write it, is read the same by both backends: PDFium's own font size would be 1 pt."""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.extract import extract
from errata.model.document import Region

LINES = [
    "The residual stream carries the the representation of each token",
    "from layer to layer, and every block adds its output to it.",
    "Nothing on the page is small print: it is all body text.",
]


def scaled_text_pdf(path: Path) -> None:
    """One page of Helvetica set at 1 pt and scaled to 11 pt by the text matrix (cairo's way)."""
    ops = ["BT", "/F1 1 Tf"]
    y = 700.0
    for line in LINES:
        ops.append(f"11 0 0 11 72 {y:.1f} Tm ({line}) Tj")
        y -= 13.5
    ops.append("ET")
    stream = "\n".join(ops).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_text_scaled_by_its_matrix_is_prose(tmp_path: Path, backend: str) -> None:
    pdf = tmp_path / "scaled.pdf"
    scaled_text_pdf(pdf)
    doc = extract(str(pdf), backend=backend)
    body = doc.flows[Region.BODY].text
    assert body == " ".join(LINES)
    assert {ln.role.value for ln in doc.lines} == {"body"}
