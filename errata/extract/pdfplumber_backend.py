"""The reference extraction backend: pdfplumber's characters, fonts and boxes.

pdfplumber is imported lazily so that ``errata --help`` and ``errata rules`` start fast.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from errata.errors import InputError
from errata.extract.layout import PageLayout, Word, analyze_page

# Justified TeX text has inter-word gaps of about 0.26 em: pdfplumber's default x_tolerance of 3 pt glues words
# together, a tolerance proportional to the font size does not.
WORD_OPTIONS: dict[str, Any] = {
    "x_tolerance_ratio": 0.15,
    "y_tolerance": 3,
    "keep_blank_chars": False,
    "use_text_flow": False,
    "extra_attrs": ["fontname", "size"],
    "return_chars": True,
}


def words_of(page: Any) -> list[Word]:
    """The page's words as backend-neutral :class:`Word` objects (upright text only)."""
    out: list[Word] = []
    for raw in page.extract_words(**WORD_OPTIONS):
        if not raw.get("upright", True):
            continue
        glyphs = [(c["text"], float(c["x0"]), float(c["x1"])) for c in raw["chars"]]
        word = Word.from_glyphs(
            glyphs, float(raw["top"]), float(raw["bottom"]), float(raw["size"]), str(raw["fontname"])
        )
        if word is not None:
            out.append(word)
    return out


def open_pdf(path: str, password: str | None = None) -> Any:
    """Open a PDF with pdfplumber, turning every failure into one clear :class:`InputError`."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path, password=password or "")
        _ = pdf.pages  # parses the page tree: a broken file fails here rather than mid-scan
    except PDFPasswordIncorrect:
        if password:
            raise InputError(f"{path}: the password does not open this encrypted PDF") from None
        raise InputError(f"{path}: the PDF is encrypted; give its password with --password") from None
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})".rstrip()) from None
    return pdf


def extract_layouts(pdf: Any, pages: Sequence[int]) -> Iterator[PageLayout]:
    """Analyse the given 1-based pages one at a time, closing each to keep memory flat.

    A page that fails yields a layout with ``error`` set; the other pages are unaffected.
    """
    for index in pages:
        page = pdf.pages[index - 1]
        try:
            words = words_of(page)
            layout = analyze_page(words, float(page.width), float(page.height), index)
        except Exception as exc:
            layout = PageLayout(index=index, width=0.0, height=0.0, error=f"{type(exc).__name__}: {exc}")
        finally:
            page.close()
        yield layout
