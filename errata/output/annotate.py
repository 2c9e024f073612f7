"""An annotated copy of the scanned PDF: a highlight on every finding, its message as the note.

Each finding gets one highlight annotation per page it touches, with one QuadPoints quadrilateral per printed
piece on that page (a match across a line break is one annotation with two quads; a match across a page break
is two annotations, one on each page, with the same note). The input file is only read.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from errata.model.findings import Severity
from errata.util.atomic import write_atomic

if TYPE_CHECKING:
    from errata.model.findings import Finding

AUTHOR = "errata"

COLOURS = {Severity.ERROR: "ff8a80", Severity.WARNING: "ffe066", Severity.INFO: "9fd3ff"}
"""Highlight colour by severity (RGB hex)."""


def note(f: Finding) -> str:
    """The annotation's text: rule, message and the suggested fix."""
    text = f"[{f.rule}] {f.message}"
    if f.suggestion is not None:
        text += ("" if text.endswith((".", "!", "?")) else ".") + f" Suggestion: “{f.suggestion}”"
    pages = sorted({loc.page for loc in f.locations})
    if len(pages) > 1:
        text += f" (match across pages {', '.join(map(str, pages))})"
    return text


def _text(cls: Any, text: str) -> Any:
    """A PDF text string: ASCII as is, anything else as UTF-16BE with its byte order mark.

    PDFDocEncoding would also hold curly quotes, but readers that guess an encoding misread it.
    """
    if text.isascii():
        return cls(text)
    return cls(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))


def _to_user(page: Any, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """A display box (x0, top, x1, bottom from the media box's displayed top-left) in PDF user space.

    Returns (left, bottom, right, top) in the page's unrotated coordinate system.
    """
    mx0, my0, mx1, my1 = (float(v) for v in page.mediabox)
    mx0, mx1 = sorted((mx0, mx1))
    my0, my1 = sorted((my0, my1))
    x0, top, x1, bottom = box
    rotation = int(page.get("/Rotate", 0) or 0) % 360
    if rotation == 90:
        xs, ys = (mx0 + top, mx0 + bottom), (my0 + x0, my0 + x1)
    elif rotation == 180:
        xs, ys = (mx1 - x1, mx1 - x0), (my0 + top, my0 + bottom)
    elif rotation == 270:
        xs, ys = (mx1 - bottom, mx1 - top), (my1 - x1, my1 - x0)
    else:
        xs, ys = (mx0 + x0, mx0 + x1), (my1 - bottom, my1 - top)
    return min(xs), min(ys), max(xs), max(ys)


def annotate(
    path: str,
    findings: Iterable[Finding],
    out: str,
    *,
    password: str | None = None,
) -> int:
    """Write a copy of ``path`` with the findings highlighted to ``out``; returns the annotations added.

    The copy is written to a temporary file beside ``out`` and renamed, so ``out`` is never half-written.
    Refuses (ValueError) an ``out`` that is the input file itself.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Highlight
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    if os.path.exists(out) and os.path.samefile(path, out):
        raise ValueError(f"the annotated copy would overwrite the input {path}")
    reader = PdfReader(path)
    if reader.is_encrypted:
        reader.decrypt(password or "")
    writer = PdfWriter(clone_from=reader)
    added = 0
    for f in findings:
        by_page: dict[int, list[tuple[float, float, float, float]]] = {}
        for loc in f.locations:
            by_page.setdefault(loc.page, []).append(loc.bbox)
        for page_no, boxes in sorted(by_page.items()):
            if not 1 <= page_no <= len(writer.pages):
                continue
            page = writer.pages[page_no - 1]
            rects = [_to_user(page, b) for b in boxes]
            quads: list[FloatObject] = []
            for left, bottom, right, top in rects:
                quads += [
                    FloatObject(round(v, 2)) for v in (left, top, right, top, left, bottom, right, bottom)
                ]
            union = (
                round(min(r[0] for r in rects), 2),
                round(min(r[1] for r in rects), 2),
                round(max(r[2] for r in rects), 2),
                round(max(r[3] for r in rects), 2),
            )
            annotation = Highlight(
                rect=union,
                quad_points=ArrayObject(quads),
                highlight_color=COLOURS.get(f.severity, COLOURS[Severity.WARNING]),
                printing=True,
                title_bar=AUTHOR,
            )
            annotation[NameObject("/Contents")] = _text(TextStringObject, note(f))
            annotation[NameObject("/NM")] = TextStringObject(f"errata-{f.fingerprint}-p{page_no}")
            writer.add_annotation(page_no - 1, annotation)
            added += 1
    write_atomic(out, writer.write)
    return added
