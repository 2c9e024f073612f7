"""The reference extraction backend: pdfplumber's characters, fonts and boxes.

pdfplumber is imported lazily so that ``errata --help`` and ``errata rules`` start fast.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from errata.errors import InputError
from errata.extract.pages import OPEN_TIMEOUT, PageTimeoutError, deadline
from errata.extract.words import Word, WordBuilder


def page_words(page: Any) -> list[Word]:
    """A pdfplumber page's words, from the layout pdfminer built for it.

    The characters are exactly pdfplumber's ``page.chars`` (same objects, same order, the same arithmetic for
    ``top`` and ``bottom``), read straight from pdfminer's ``LTChar`` objects: ``page.chars`` also turns every
    character into a dictionary of some twenty attributes (colours, matrix, marked content), which costs about
    twice what parsing the page does and is read by nothing here.
    """
    from pdfminer.layout import LTChar, LTContainer
    from pdfplumber.page import fix_fontname_bytes

    height = page.height
    mb_x0, mb_top = page.mediabox[:2]
    builder = WordBuilder()
    stack = [iter(page.layout._objs)]
    while stack:
        for obj in stack[-1]:
            if isinstance(obj, LTChar):
                text = obj._text
                if text.isspace():
                    builder.flush()
                    continue
                x0, x1 = obj.x0, obj.x1
                if mb_x0 != 0:
                    x0, x1 = x0 + mb_x0, x1 + mb_x0
                fontname = obj.fontname
                if isinstance(fontname, bytes):  # pragma: no cover - rare byte-encoded font names
                    fontname = fix_fontname_bytes(fontname)
                top = (height - obj.y1) + mb_top
                bottom = (height - obj.y0) + mb_top
                builder.add(text, x0, x1, top, bottom, fontname, round(obj.size, 4), obj.upright)
            elif isinstance(obj, LTContainer):
                stack.append(iter(obj._objs))
                break
        else:
            stack.pop()
    builder.flush()
    return builder.words


def words_of_chars(chars: list[dict[str, Any]]) -> list[Word]:
    """pdfplumber's characters, in drawing order, cut into backend-neutral :class:`Word` objects."""
    builder = WordBuilder()
    for c in chars:
        text = c["text"]
        if text.isspace():
            builder.flush()
            continue
        builder.add(
            text, c["x0"], c["x1"], c["top"], c["bottom"], c["fontname"], round(c["size"], 4), c["upright"]
        )
    builder.flush()
    return builder.words


class PdfplumberDocument:
    """An open PDF: its page objects, each turned into a pdfplumber Page only when it is read (a worker that
    reads 50 pages of a 3,000-page book does not build 3,000 Page objects)."""

    def __init__(self, pdf: Any, raw_pages: list[Any]) -> None:
        self.pdf = pdf
        self.raw_pages = raw_pages
        self.page_count = len(raw_pages)

    def words(self, index: int) -> tuple[list[Word], float, float]:
        from pdfplumber.page import Page

        raw = self.raw_pages[index - 1]
        if isinstance(raw, Exception):
            raise raw
        page = Page(self.pdf, raw, page_number=index, initial_doctop=0)
        try:
            if page.pdf.unicode_norm is not None:  # pragma: no cover - errata opens PDFs without it
                return words_of_chars(page.chars), float(page.width), float(page.height)
            return page_words(page), float(page.width), float(page.height)
        finally:
            page.close()  # without this, memory grows by megabytes per page

    def close(self) -> None:
        if not self.pdf.stream_is_external:
            self.pdf.stream.close()


# A glyph of one of the standard 14 fonts that the PDF does not embed (groff's gropdf, FOP and old PostScript
# converters write these) gets its width from pdfminer's own metrics of that font, looked up by the glyph's
# *text*, and the /Widths the PDF itself declares are ignored. Where the text is not the glyph's name the width
# is wrong: a ligature whose ToUnicode entry is several letters ("fi") has none, a minus sign that ToUnicode
# calls a hyphen gets the hyphen's. Every later glyph of the string is then drawn too far left until the next
# absolute move puts them back, which leaves a gap mid-word ("lar ger" for "larger", "impro ve" after a bold
# "-b"). PDF readers that draw the page (PDFium) use the declared widths; so does errata now, where the font
# dictionary has them, and the standard metrics (under the ligature's code point for several letters) where not.
_LIGATURES = {"ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02", "ffi": "\ufb03", "ffl": "\ufb04"}


@functools.cache
def _mend_standard_font_widths() -> None:
    """Make pdfminer's standard fonts use the PDF's declared widths (once per process)."""
    from pdfminer.pdffont import PDFFont, PDFType1Font
    from pdfminer.pdftypes import resolve1

    original_init = PDFType1Font.__init__
    original_width = PDFFont.char_width

    def init(self: Any, rsrcmgr: Any, spec: Any) -> None:
        original_init(self, rsrcmgr, spec)
        self.declared_widths = _declared_widths(spec, resolve1)

    def char_width(self: Any, cid: int) -> float:
        declared = getattr(self, "declared_widths", None)
        if declared:
            width = declared.get(cid)
            if width:
                return width * self.hscale
        width = original_width(self, cid)
        if width == 0 and isinstance(self.widths, dict):
            try:
                ligature = _LIGATURES.get(self.to_unichr(cid))
            except Exception:
                return width
            if ligature is not None and ligature in self.widths:
                return float(self.widths[ligature]) * self.hscale
        return width

    PDFType1Font.__init__ = init  # type: ignore[method-assign]
    PDFFont.char_width = char_width  # type: ignore[method-assign]


def _declared_widths(spec: Any, resolve: Any) -> dict[int, float] | None:
    """A simple font's /Widths by character code, or None where the dictionary declares none (or bad ones)."""
    try:
        widths = resolve(spec.get("Widths"))
        first = int(resolve(spec.get("FirstChar", 0)))
        if not isinstance(widths, list) or not widths:
            return None
        out = {first + i: float(resolve(w)) for i, w in enumerate(widths)}
    except (TypeError, ValueError, AttributeError):
        return None
    return {cid: w for cid, w in out.items() if 0 < w < 10_000} or None


def open_document(path: str, password: str | None = None) -> PdfplumberDocument:
    """Open a PDF; every failure to open the document at all becomes one clear :class:`InputError`."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    _mend_standard_font_widths()

    # pdfminer reports every oddity of a damaged file as a log warning; errata reports pages, not log noise.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with deadline(OPEN_TIMEOUT, "opening the file"):
            pdf = pdfplumber.open(path, password=password or "")
            pages = _pages(pdf)
    except PageTimeoutError:
        raise InputError(
            f"{path}: gave up opening the PDF after {OPEN_TIMEOUT:g} s (damaged page tree?)"
        ) from None
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        while exc.args and isinstance(exc.args[0], Exception):
            exc = exc.args[0]  # pdfplumber wraps what pdfminer raised
        if isinstance(exc, PDFPasswordIncorrect):
            if password:
                raise InputError(f"{path}: the password does not open this encrypted PDF") from None
            raise InputError(f"{path}: the PDF is encrypted; give its password with --password") from None
        detail = f": {str(exc).splitlines()[0]}" if str(exc) else ""
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__}{detail})") from None
    return PdfplumberDocument(pdf, pages)


def _pages(pdf: Any) -> list[Any]:
    """Every page object of the page tree; a broken page tree keeps the pages before the break."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage

    out: list[Any] = []
    tree = PDFPage.create_pages(pdf.doc)
    while True:
        try:
            out.append(next(tree))
        except StopIteration:
            break
        except PDFPasswordIncorrect:
            raise
        except Exception:
            if not out:
                raise
            break
    return out
