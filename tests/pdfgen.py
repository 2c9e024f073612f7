"""Small real PDFs written from PDF syntax, for layouts the LaTeX fixtures do not have. Text is set in the
standard 14 fonts with WinAnsi encoding (cp1252), which every PDF library reads without embedded fonts."""

from __future__ import annotations

from pathlib import Path

FONTS = {
    "R": "Helvetica",
    "B": "Helvetica-Bold",
    "I": "Helvetica-Oblique",
    "T": "Times-Roman",
    "C": "Courier",
}

Run = tuple[str, str]  # (font key of FONTS, text)
# A line placed on a page: x and y (points from the bottom left), its runs and, optionally, a word spacing (Tw).
Placed = tuple[float, float, list[Run]] | tuple[float, float, list[Run], float]


def _string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def write_page(
    path: Path,
    placed: list[Placed],
    *,
    size: float = 11.0,
    scale_by_matrix: bool = False,
    sizes: list[float] | None = None,
) -> None:
    """One page with runs of text starting at (x, y) points from the bottom left (``sizes``: a type size for
    each of them, else ``size`` for all).

    With ``scale_by_matrix`` the text is set at ``1 Tf`` and scaled by the text matrix, as cairo writes it.
    """
    write_pages(path, [placed], size=size, scale_by_matrix=scale_by_matrix, sizes=[sizes] if sizes else None)


def justified(text: str, width: float, size: float, font: str = "Helvetica") -> float:
    """The word spacing (``Tw``) that sets ``text`` in ``font`` at ``size`` to ``width`` points, as a justified
    line is set (from the standard font's metrics that every PDF library knows)."""
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS[font][1]
    natural = sum(widths.get(ch, 500) for ch in text) * size / 1000
    return (width - natural) / max(text.count(" "), 1)


def write_pages(
    path: Path,
    pages: list[list[Placed]],
    *,
    size: float = 11.0,
    scale_by_matrix: bool = False,
    sizes: list[list[float]] | None = None,
) -> None:
    """Pages of runs of text, each as :func:`write_page` places them (``sizes``: per page, per run)."""
    n = len(pages)
    fonts = " ".join(f"/F{k} {3 + 2 * n + i} 0 R" for i, k in enumerate(FONTS))
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    for i, placed in enumerate(pages):
        ops = [b"BT"]
        for k, (x, y, runs, *spacing) in enumerate(placed):
            at = sizes[i][k] if sizes is not None else size
            matrix = f"{at} 0 0 {at}" if scale_by_matrix else "1 0 0 1"
            ops.append(f"{matrix} {x:.1f} {y:.1f} Tm {spacing[0] if spacing else 0:.3f} Tw".encode())
            for key, text in runs:
                ops.append(f"/F{key} {1 if scale_by_matrix else at} Tf ".encode() + _string(text) + b" Tj")
        ops.append(b"ET")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << {fonts} >> >>"
            f" /Contents {4 + 2 * i} 0 R >>".encode()
        )
        objects.append(stream_object(b"\n".join(ops)))
    objects += [
        f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>".encode()
        for name in FONTS.values()
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
