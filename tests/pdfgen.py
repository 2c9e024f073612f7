"""Small real PDFs written from PDF syntax, for layouts the LaTeX fixtures do not have. Text is set in the
standard 14 fonts with WinAnsi encoding (cp1252), which every PDF library reads without embedded fonts."""

from __future__ import annotations

from pathlib import Path

FONTS = {"R": "Helvetica", "B": "Helvetica-Bold", "I": "Helvetica-Oblique", "T": "Times-Roman"}

Run = tuple[str, str]  # (font key of FONTS, text)


def _string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def write_page(
    path: Path,
    placed: list[tuple[float, float, list[Run]]],
    *,
    size: float = 11.0,
    scale_by_matrix: bool = False,
    sizes: list[float] | None = None,
) -> None:
    """One page with runs of text starting at (x, y) points from the bottom left (``sizes``: a type size for
    each of them, else ``size`` for all).

    With ``scale_by_matrix`` the text is set at ``1 Tf`` and scaled by the text matrix, as cairo writes it.
    """
    ops = [b"BT"]
    for k, (x, y, runs) in enumerate(placed):
        at = sizes[k] if sizes is not None else size
        matrix = f"{at} 0 0 {at}" if scale_by_matrix else "1 0 0 1"
        ops.append(f"{matrix} {x:.1f} {y:.1f} Tm".encode())
        for key, text in runs:
            ops.append(f"/F{key} {1 if scale_by_matrix else at} Tf ".encode() + _string(text) + b" Tj")
    ops.append(b"ET")
    stream = b"\n".join(ops)
    fonts = " ".join(f"/F{k} {5 + i} 0 R" for i, k in enumerate(FONTS))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << {fonts} >> >>"
        " /Contents 4 0 R >>".encode(),
        stream_object(stream),
        *(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>".encode()
            for name in FONTS.values()
        ),
    ]
    write_objects(path, objects)


def stream_object(data: bytes) -> bytes:
    """A stream object's body (its dictionary with the length, then the data)."""
    return b"<< /Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream"


def write_objects(path: Path, objects: list[bytes]) -> None:
    """A PDF of these object bodies (object 1 the catalog), with its cross-reference table and trailer."""
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


def write_pdf(
    path: Path, lines: list[list[Run]], *, size: float = 11.0, scale_by_matrix: bool = False
) -> None:
    """``lines`` top to bottom from (72, 700) at 1.25 times the type size, each a list of runs."""
    placed = [(72.0, 700.0 - i * size * 1.25, runs) for i, runs in enumerate(lines)]
    write_page(path, placed, size=size, scale_by_matrix=scale_by_matrix)


def write_pdf_columns(
    path: Path, rows: list[tuple[str, str]], *, size: float = 11.0, indent: float = 36.0
) -> None:
    """Two-part rows, the second part ``indent`` points right of the first: a list's bullets and its items."""
    placed: list[tuple[float, float, list[Run]]] = []
    for i, (left, right) in enumerate(rows):
        y = 700.0 - i * size * 1.25
        placed += [(72.0, y, [("R", left)]), (72.0 + indent, y, [("R", right)])]
    write_page(path, placed, size=size)
