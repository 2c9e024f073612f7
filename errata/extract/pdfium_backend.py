"""A fast extraction backend on PDFium (pypdfium2, already installed with pdfplumber).

It fills the same document model as the pdfplumber backend: per character its text, font name, size and a box
from the font's metrics (PDFium's "loose" box, which like pdfplumber's spans the advance width and the font's
ascent and descent), cut into words with the same tolerance as the pdfplumber backend. PDFium parses
content streams in C, so a page costs a fraction of pdfminer's time. pdfplumber stays the default and the
reference; this backend is chosen with ``--backend pdfium``.
"""

from __future__ import annotations

import ctypes
import functools
import math
import re
from typing import Any

from errata.errors import InputError
from errata.extract.pages import OPEN_TIMEOUT, PageTimeoutError, deadline
from errata.extract.words import Word, WordBuilder


class PdfiumDocument:
    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.page_count = len(pdf)

    def words(self, index: int) -> tuple[list[Word], float, float]:
        page = self.pdf[index - 1]
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                words = _words(textpage, float(height))
            finally:
                textpage.close()
        finally:
            page.close()
        return words, float(width), float(height)

    def close(self) -> None:
        self.pdf.close()


@functools.cache
def _text_object_address() -> Any:
    """FPDFText_GetTextObject returning the object's address as an int (a plain pointer is costly to compare)."""
    import pypdfium2.raw as pdfium_c

    address = ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value or 0
    prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, *pdfium_c.FPDFText_GetTextObject.argtypes)
    return prototype(address)


def _page_text(raw: Any, count: int) -> str | None:
    """The text page's characters in one call, one per character index; None where that does not hold.

    ``FPDFText_GetText`` leaves out characters PDFium has no Unicode for (code 0) and writes a character beyond
    the Basic Multilingual Plane as two UTF-16 units: either shifts every later index, and then the characters
    are read one by one. It writes U+FFFE where ``FPDFText_GetUnicode`` gives PDFium's soft-hyphen mark (2).
    """
    import pypdfium2.raw as pdfium_c

    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(raw, 0, count, buffer)
    if written != count + 1:
        return None
    text = bytes(buffer)[: 2 * count].decode("utf-16-le", "surrogatepass")
    if len(text) != count or _SURROGATE.search(text):
        return None
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _words(textpage: Any, height: float) -> list[Word]:
    """The page's words, cut as the pdfplumber backend cuts them; PDFium's generated spaces are word breaks."""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return []
    get_unicode = pdfium_c.FPDFText_GetUnicode
    text = _page_text(raw, count)
    codes = (
        [get_unicode(raw, i) if ch == "\ufffe" else ord(ch) for i, ch in enumerate(text)]
        if text is not None
        else [get_unicode(raw, i) for i in range(count)]
    )
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    name = ctypes.create_string_buffer(128)
    text_object = _text_object_address()
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    builder = WordBuilder()
    add, flush = builder.add, builder.flush
    last_obj: int | None = None
    font, size, upright = "", 0.0, True
    for i, code in enumerate(codes):
        if code == 2:
            code = 0x2D  # PDFium marks a hyphen it believes soft (at a line end) as U+0002
        if code < 0x20 or code in (0xFFFE, 0xFFFF) or chr(code).isspace():
            flush()
            continue
        if not loose_box(raw, i, rect):
            continue
        obj = text_object(raw, i)
        if obj != last_obj:
            last_obj = obj
            size = round(float(pdfium_c.FPDFText_GetFontSize(raw, i)) * _vertical_scale(obj, matrix), 4)
            n = pdfium_c.FPDFText_GetFontInfo(raw, i, name, len(name), None)
            font = name.raw[: max(n - 1, 0)].decode("utf-8", "replace")
            angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
            upright = angle < 0 or min(angle, 2 * math.pi - angle) < 0.01
        add(chr(code), rect.left, rect.right, height - rect.top, height - rect.bottom, font, size, upright)
    flush()
    return builder.words


def _vertical_scale(obj: int, matrix: Any) -> float:
    """How much the text object's matrix scales glyphs vertically.

    PDFium's font size is the one the text object sets (``Tf``). Producers that set ``1 Tf`` and scale through
    the text matrix (cairo, Word's and LibreOffice's PDF export, Distiller) would otherwise make every glyph
    1 pt high; pdfplumber's size, the reference, is the font size times this scale.
    """
    import pypdfium2.raw as pdfium_c

    if not obj or not pdfium_c.FPDFPageObj_GetMatrix(ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT), matrix):
        return 1.0
    return math.hypot(float(matrix.b), float(matrix.d)) or 1.0


def open_document(path: str, password: str | None = None) -> PdfiumDocument:
    import pypdfium2 as pdfium

    try:
        with deadline(OPEN_TIMEOUT, "opening the file"):
            pdf = pdfium.PdfDocument(path, password=password or None)
    except PageTimeoutError:
        raise InputError(f"{path}: gave up opening the PDF after {OPEN_TIMEOUT:g} s") from None
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            if password:
                raise InputError(f"{path}: the password does not open this encrypted PDF") from None
            raise InputError(f"{path}: the PDF is encrypted; give its password with --password") from None
        raise InputError(f"{path}: not a readable PDF ({exc})") from None
    return PdfiumDocument(pdf)
