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
import struct
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
def _by_address() -> tuple[Any, Any]:
    """``FPDFText_GetTextObject`` and ``FPDFText_GetLooseCharBox`` as bare C calls.

    They run once per glyph. pypdfium2's bindings check and convert every argument, and so does a ctypes
    prototype that declares its arguments: each costs about as much as the call itself. These declare none
    (a C call passes undeclared arguments as they come), so they are called with the page and the box as
    ``c_void_p`` made once a page and the index as an int; the object comes back as an int (None for NULL).
    """
    import pypdfium2.raw as pdfium_c

    def bare(function: Any, result: Any) -> Any:
        return ctypes.CFUNCTYPE(result)(ctypes.cast(function, ctypes.c_void_p).value or 0)

    return bare(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p), bare(
        pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int
    )


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
_RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom


def _words(textpage: Any, height: float) -> list[Word]:
    """The page's words, cut as the pdfplumber backend cuts them; PDFium's generated spaces are word breaks."""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return []
    get_unicode = pdfium_c.FPDFText_GetUnicode
    text = _page_text(raw, count)
    if text is None:
        text = "".join(chr(get_unicode(raw, i)) for i in range(count))
    elif "\ufffe" in text:
        text = "".join(chr(get_unicode(raw, i)) if ch == "\ufffe" else ch for i, ch in enumerate(text))
    text = text.replace("\x02", "-")  # PDFium marks a hyphen it believes soft (at a line end) as U+0002
    rect = pdfium_c.FS_RECTF()
    read_box = _RECT.unpack_from
    matrix = pdfium_c.FS_MATRIX()
    name = ctypes.create_string_buffer(128)
    text_object, loose_box = _by_address()
    page_ptr = ctypes.c_void_p(ctypes.cast(raw, ctypes.c_void_p).value)
    rect_ptr = ctypes.c_void_p(ctypes.addressof(rect))
    builder = WordBuilder()
    add, flush = builder.add, builder.flush
    last_obj: int | None = None
    font, size, upright = "", 0.0, True
    for i, ch in enumerate(text):
        if ch < " " or ch == "\ufffe" or ch == "\uffff" or ch.isspace():
            flush()
            continue
        if not loose_box(page_ptr, i, rect_ptr):
            continue
        obj = text_object(page_ptr, i)
        if obj != last_obj:
            last_obj = obj
            size = round(float(pdfium_c.FPDFText_GetFontSize(raw, i)) * _vertical_scale(obj, matrix), 4)
            n = pdfium_c.FPDFText_GetFontInfo(raw, i, name, len(name), None)
            font = name.raw[: max(n - 1, 0)].decode("utf-8", "replace")
            angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
            upright = angle < 0 or min(angle, 2 * math.pi - angle) < 0.01
        left, top, right, bottom = read_box(rect)
        add(ch, left, right, height - top, height - bottom, font, size, upright)
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
