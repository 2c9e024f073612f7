"""The layout view: a page drawn with every printed line boxed in the colour of its role and the reading order
as arrows, or the same lines as JSON. The first tool for "why was this not found" and "why was this flagged".
"""

from __future__ import annotations

import io
import itertools
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from errata.model.document import Document, PrintedLine, Role

COLOURS: dict[Role, tuple[int, int, int]] = {
    Role.BODY: (30, 120, 220),
    Role.HEADING: (120, 40, 200),
    Role.CAPTION: (0, 150, 150),
    Role.FOOTNOTE: (90, 160, 40),
    Role.MARGIN: (230, 120, 0),
    Role.MATH: (200, 30, 120),
    Role.SCRIPT: (240, 140, 190),
    Role.CODE: (140, 90, 40),
    Role.TABLE: (220, 30, 30),
    Role.INDEX: (0, 110, 60),
    Role.FURNITURE: (140, 140, 140),
}
"""Box colour of each role (RGB); the legend drawn on the page uses the same."""

SCALE = 2.0


def page_lines(doc: Document, page: int) -> list[PrintedLine]:
    return lines_by_page(doc, [page])[page]


def lines_by_page(doc: Document, pages: Sequence[int]) -> dict[int, list[PrintedLine]]:
    """The lines of each of ``pages`` in reading order, from one pass over the document's lines (which are
    read back from a temporary file: see :mod:`errata.model.spill`)."""
    out: dict[int, list[PrintedLine]] = {page: [] for page in pages}
    for ln in doc.lines:
        if ln.page in out:
            out[ln.page].append(ln)
    return {page: sorted(lines, key=lambda ln: ln.order) for page, lines in out.items()}


def glyphs_by_role(lines: Sequence[PrintedLine]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for ln in lines:
        counts[ln.role.value] += ln.glyphs
    return {role.value: counts[role.value] for role in Role if counts[role.value]}


def layout_dict(doc: Document, pages: Sequence[int]) -> dict[str, Any]:
    """The lines of ``pages`` with their roles, and the printed characters per role."""
    out = []
    by_page = lines_by_page(doc, pages)
    for page in pages:
        lines = by_page[page]
        width, height = doc.page_sizes.get(page, (0.0, 0.0))
        out.append(
            {
                "page": page,
                "page_label": doc.page_labels.get(page),
                "size": [width, height],
                "glyphs_by_role": glyphs_by_role(lines),
                "lines": [
                    {
                        "order": ln.order,
                        "line": ln.number,
                        "role": ln.role.value,
                        "bbox": [round(v, 2) for v in ln.bbox],
                        "text": ln.text,
                    }
                    for ln in lines
                ],
            }
        )
    return {"source": {"path": doc.path, "sha256": doc.sha256, "pages": doc.page_count}, "pages": out}


def render_json(doc: Document, pages: Sequence[int]) -> str:
    return json.dumps(layout_dict(doc, pages), indent=2, ensure_ascii=False) + "\n"


def render_png(doc: Document, page: int, *, password: str | None = None, scale: float = SCALE) -> bytes:
    """Page ``page`` rendered with PDFium, each line boxed in its role's colour, reading order as arrows."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(doc.path, password=password or None)
    try:
        pdf_page = pdf[page - 1]
        try:
            image = pdf_page.render(scale=scale, fill_color=(255, 255, 255, 255)).to_pil().convert("RGB")
            media, crop = pdf_page.get_mediabox(), pdf_page.get_cropbox()
            dx, dy = crop[0] - media[0], media[3] - crop[3]
        finally:
            pdf_page.close()
    finally:
        pdf.close()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)

    def px(x: float, y: float) -> tuple[float, float]:
        return ((x - dx) * scale, (y - dy) * scale)

    lines = page_lines(doc, page)
    for ln in lines:
        x0, top, x1, bottom = ln.bbox
        colour = COLOURS[ln.role]
        draw.rectangle((*px(x0 - 1, top - 1), *px(x1 + 1, bottom + 1)), outline=(*colour, 255), width=2)
    # Reading order: each line's place in small type at its left end; an arrow wherever reading does not simply
    # go on to the line below (a jump up, to another column, into a margin note or out of one).
    for ln in lines:
        x, y = px(ln.bbox[0], ln.bbox[1])
        draw.text((x - 2 - 6 * len(str(ln.order)), y), str(ln.order), fill=(0, 0, 0, 160))
    for a, b in itertools.pairwise(lines):
        size = max(a.bbox[3] - a.bbox[1], 1.0)
        below = 0 <= b.bbox[1] - a.bbox[1] <= 3 * size and abs(b.bbox[0] - a.bbox[0]) < 4 * size
        if below:
            continue
        start = px(a.bbox[2], (a.bbox[1] + a.bbox[3]) / 2)
        end = px(b.bbox[0], (b.bbox[1] + b.bbox[3]) / 2)
        draw.line((*start, *end), fill=(0, 0, 0, 120), width=2)
        draw.ellipse((end[0] - 4, end[1] - 4, end[0] + 4, end[1] + 4), fill=(0, 0, 0, 160))
    y = 4
    for role in Role:
        if any(ln.role is role for ln in lines):
            draw.rectangle((4, y, 16, y + 12), fill=(*COLOURS[role], 255))
            draw.text((20, y), role.value, fill=(0, 0, 0, 255))
            y += 16
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
