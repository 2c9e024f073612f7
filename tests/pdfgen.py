"""Small real PDFs written from PDF syntax, for layouts the LaTeX fixtures do not have: each line a list of
(font, text) runs in the standard 14 fonts, which every PDF library reads without embedded font files."""

from __future__ import annotations

from pathlib import Path

FONTS = {"R": "Helvetica", "B": "Helvetica-Bold", "I": "Helvetica-Oblique", "T": "Times-Roman"}


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(
    path: Path, lines: list[list[tuple[str, str]]], *, size: float = 11.0, scale_by_matrix: bool = False
) -> None:
    """One page: ``lines`` top to bottom from (72, 700), each a list of (font key of FONTS, text) runs.

    With ``scale_by_matrix`` the text is set at ``1 Tf`` and scaled by the text matrix, as cairo writes it.
    """
    ops = ["BT"]
    y = 700.0
    for runs in lines:
        ops.append(f"{size} 0 0 {size} 72 {y:.1f} Tm" if scale_by_matrix else f"1 0 0 1 72 {y:.1f} Tm")
        for key, text in runs:
            ops.append(f"/F{key} {1 if scale_by_matrix else size} Tf ({_escape(text)}) Tj")
        y -= size * 1.25
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    fonts = " ".join(f"/F{k} {5 + i} 0 R" for i, k in enumerate(FONTS))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << {fonts} >> >>"
        " /Contents 4 0 R >>".encode(),
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        *(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>".encode()
            for name in FONTS.values()
        ),
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
