"""Page crops of findings: the printed line around each piece of a match, with the flagged words boxed.

Reporters never render; they receive what this module made. :func:`render_crops` opens the PDF once, loads
each page that holds a finding once, and renders one small region per piece of a match (a finding across a
line or page break has one crop per piece). :func:`write_crops` stores them as PNG files named after the
finding's fingerprint and the piece's index, so the same input gives the same files, byte for byte.

Coordinates: a :class:`~errata.model.document.Location` box is in PDF points from the top-left of the page's media
box, as displayed (rotation applied). The rendered page is the crop box, so boxes are shifted by the crop box's
offset inside the media box before they are drawn.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from errata.util.atomic import write_atomic

if TYPE_CHECKING:
    from errata.model.document import Location
    from errata.model.findings import Finding

SCALE = 2.5
"""Pixels per PDF point (180 dpi): body text of 10 pt is about 25 px per em, easily legible."""

PAD_Y = 2.5
"""Points of page shown above and below the boxed line."""

WINDOW_X = 200.0
"""Points of page shown left and right of the box where the printed line around it cannot be found."""

MARGIN_X = 6.0
"""Points of page shown beyond the ends of the printed line."""

BOX_PAD = 1.5
"""Points between the flagged words and the drawn box."""

BOX_COLOUR = (220, 0, 0)
BOX_WIDTH = 2  # pixels

_NAME = re.compile(r"^[0-9a-zA-Z]+-[0-9]+\.png$")


@dataclass(frozen=True, slots=True)
class Crop:
    """One rendered piece of a finding. ``origin`` is the page point (x, top) at the image's pixel (0, 0)."""

    page: int
    bbox: tuple[float, float, float, float]  # the piece's box, as in its Location
    origin: tuple[float, float]
    scale: float
    box_px: tuple[int, int, int, int]  # the drawn box in pixels: left, top, right, bottom (inclusive)
    png: bytes


def crop_name(fingerprint: str, index: int) -> str:
    """The file name of a finding's ``index``-th piece (1-based)."""
    return f"{fingerprint}-{index}.png"


def render_crops(
    path: str,
    findings: Iterable[Finding],
    *,
    password: str | None = None,
    scale: float = SCALE,
) -> dict[str, list[Crop]]:
    """Render every piece of every finding: fingerprint -> crops in the order of ``finding.locations``.

    A piece whose page cannot be loaded or rendered is left out (the finding then has fewer crops).
    """
    import pypdfium2 as pdfium

    by_page: dict[int, list[tuple[str, int, Location]]] = {}
    order: list[str] = []
    for f in findings:
        order.append(f.fingerprint)
        for i, loc in enumerate(f.locations):
            by_page.setdefault(loc.page, []).append((f.fingerprint, i, loc))
    made: dict[tuple[str, int], Crop] = {}
    pdf = pdfium.PdfDocument(path, password=password or None)
    try:
        for page_no in sorted(by_page):
            if not 1 <= page_no <= len(pdf):
                continue
            try:
                page = pdf[page_no - 1]
            except Exception:
                continue
            try:
                # The layout knows each printed line's extent; PDFium's text runs serve a location without one.
                pieces = by_page[page_no]
                rects = _line_rects(page) if any(loc.extent is None for _, _, loc in pieces) else []
                for fp, i, loc in pieces:
                    extent = loc.extent if loc.extent is not None else _line_extent(loc.bbox, rects)
                    crop = _render_piece(page, page_no, loc.bbox, scale, extent)
                    if crop is not None:
                        made[(fp, i)] = crop
            finally:
                page.close()
    finally:
        pdf.close()
    out: dict[str, list[Crop]] = {}
    for fp in order:
        mine = sorted((i, c) for (f, i), c in made.items() if f == fp)
        if mine:
            out[fp] = [c for _, c in mine]
    return out


def _display_offset(page: Any) -> tuple[float, float]:
    """Where the crop box's top-left lies inside the media box, in displayed page points."""
    media, crop = page.get_mediabox(), page.get_cropbox()
    if page.get_rotation() in (90, 270):
        media = (media[1], media[0], media[3], media[2])
        crop = (crop[1], crop[0], crop[3], crop[2])
    return crop[0] - media[0], media[3] - crop[3]


def _line_rects(page: Any) -> list[tuple[float, float, float, float]]:
    """The page's text runs as (x0, top, x1, bottom) in media-box display points; empty on rotated pages."""
    if page.get_rotation() != 0:
        return []
    media = page.get_mediabox()
    try:
        textpage = page.get_textpage()
    except Exception:
        return []
    try:
        rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    finally:
        textpage.close()
    return [(r[0] - media[0], media[3] - r[3], r[2] - media[0], media[3] - r[1]) for r in rects]


def _line_extent(
    bbox: tuple[float, float, float, float], rects: list[tuple[float, float, float, float]]
) -> tuple[float, float] | None:
    """The horizontal extent of the printed line (column segment) that holds ``bbox``, or None if unknown.

    Text runs on the same band are chained outwards from the box while the gap between them is smaller than
    the type size (a font change splits a line into runs; a column gutter is wider).
    """
    x0, top, x1, bottom = bbox
    size = bottom - top
    band = []
    for rx0, rtop, rx1, rbottom in rects:
        overlap = min(bottom, rbottom) - max(top, rtop)
        if overlap > 0.5 * min(size, rbottom - rtop):
            band.append((rx0, rx1))
    lo, hi, found = x0, x1, False
    gap = max(4.0, 0.8 * size)
    grew = True
    while grew:
        grew = False
        for rx0, rx1 in band:
            if rx0 <= hi + gap and rx1 >= lo - gap and (rx0 < lo or rx1 > hi):
                lo, hi, grew = min(lo, rx0), max(hi, rx1), True
            elif rx0 <= hi + gap and rx1 >= lo - gap:
                found = True
        found = found or grew
    return (lo, hi) if found else None


def _render_piece(
    page: Any,
    page_no: int,
    bbox: tuple[float, float, float, float],
    scale: float,
    extent: tuple[float, float] | None,
) -> Crop | None:
    from PIL import Image, ImageChops, ImageDraw

    width, height = page.get_size()
    dx, dy = _display_offset(page)
    x0, top, x1, bottom = bbox[0] - dx, bbox[1] - dy, bbox[2] - dx, bbox[3] - dy
    if extent is not None:
        left = max(0.0, extent[0] - dx - MARGIN_X)
        right = min(width, extent[1] - dx + MARGIN_X)
    else:
        left = max(0.0, x0 - WINDOW_X)
        right = min(width, x1 + WINDOW_X)
    upper = max(0.0, top - PAD_Y)
    lower = min(height, bottom + PAD_Y)
    if right - left < 1 or lower - upper < 1:
        return None
    try:
        bitmap = page.render(
            scale=scale,
            crop=(left, height - lower, width - right, upper),
            fill_color=(255, 255, 255, 255),
            draw_annots=False,
        )
        image = bitmap.to_pil().convert("RGB")
    except Exception:
        return None
    # Trim blank page left and right (never into the box), keeping a little white around the ink.
    ink = ImageChops.difference(image, Image.new("RGB", image.size, (255, 255, 255))).getbbox()
    box = (
        round((x0 - BOX_PAD - left) * scale),
        round((top - BOX_PAD - upper) * scale),
        round((x1 + BOX_PAD - left) * scale),
        round((bottom + BOX_PAD - upper) * scale),
    )
    keep = round(8 * scale)
    lo = min(box[0], ink[0] if ink else box[0]) - keep
    hi = max(box[2], ink[2] if ink else box[2]) + keep
    lo, hi = max(0, lo), min(image.width, hi)
    image = image.crop((lo, 0, hi, image.height))
    box = (box[0] - lo, max(0, box[1]), box[2] - lo, min(image.height - 1, box[3]))
    ImageDraw.Draw(image).rectangle(box, outline=BOX_COLOUR, width=BOX_WIDTH)
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    origin = (round(left + dx + lo / scale, 3), round(upper + dy, 3))
    return Crop(page=page_no, bbox=bbox, origin=origin, scale=scale, box_px=box, png=buf.getvalue())


def write_crops(crops: Mapping[str, list[Crop]], folder: str) -> dict[str, list[str]]:
    """Store the crops as ``folder/<fingerprint>-<n>.png``: fingerprint -> the written paths.

    Crop files of an earlier run that this run did not write are removed, so the folder matches the report.
    Only files named like crops are touched; the folder is removed when it ends up empty.
    """
    target = Path(folder)
    paths: dict[str, list[str]] = {}
    wanted: set[str] = set()
    for fp, pieces in crops.items():
        for i, crop in enumerate(pieces, start=1):
            name = crop_name(fp, i)
            wanted.add(name)
            file = target / name
            if not (file.is_file() and file.read_bytes() == crop.png):
                write_atomic(file, crop.png)
            paths.setdefault(fp, []).append(str(file))
    if target.is_dir():
        for old in target.iterdir():
            if _NAME.match(old.name) and old.name not in wanted:
                old.unlink()
        if not any(target.iterdir()):
            target.rmdir()
    return paths
