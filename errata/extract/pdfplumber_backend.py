"""The reference extraction backend: pdfplumber's characters, fonts and boxes.

pdfplumber is imported lazily so that ``errata --help`` and ``errata rules`` start fast.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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


def open_pdf(path: str, password: str | None = None) -> tuple[Any, list[Any]]:
    """Open a PDF with pdfplumber: the document and its pages, each a pdfplumber Page or the exception that
    made it unreadable (one broken page object must not lose the others).

    Every failure to open the document at all becomes one clear :class:`InputError`.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    # pdfminer reports every oddity of a damaged file as a log warning; errata reports pages, not log noise.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with _deadline(OPEN_TIMEOUT):
            pdf = pdfplumber.open(path, password=password or "")
            pages = _pages(pdf)
    except PageTimeoutError:
        raise InputError(
            f"{path}: gave up opening the PDF after {OPEN_TIMEOUT:g} s (damaged page tree?)"
        ) from None
    except PDFPasswordIncorrect:
        if password:
            raise InputError(f"{path}: the password does not open this encrypted PDF") from None
        raise InputError(f"{path}: the PDF is encrypted; give its password with --password") from None
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        detail = str(exc).splitlines()[0] if str(exc) else ""
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__}: {detail})") from None
    return pdf, pages


def _pages(pdf: Any) -> list[Any]:
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    out: list[Any] = []
    doctop = 0.0
    tree = PDFPage.create_pages(pdf.doc)
    while True:
        try:
            raw = next(tree)
        except StopIteration:
            break
        except PDFPasswordIncorrect:
            raise
        except Exception:
            if not out:
                raise
            break  # a broken node of the page tree: keep the pages before it
        try:
            page = Page(pdf, raw, page_number=len(out) + 1, initial_doctop=doctop)
            doctop += float(page.height)
            out.append(page)
        except Exception as exc:
            out.append(exc)
    return out


def close_pdf(pdf: Any, doc_pages: list[Any]) -> None:
    """Close the pages that opened and the file (pdfplumber's own close would re-parse every page)."""
    for page in doc_pages:
        if not isinstance(page, Exception):
            page.close()
    if not pdf.stream_is_external:
        pdf.stream.close()


class PageTimeoutError(Exception):
    """A page took longer than the page timeout."""


OPEN_TIMEOUT = 60.0  # seconds to parse the document structure before giving up on the file


@contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Raise PageTimeoutError after ``seconds`` of wall time (Unix main thread only; otherwise no limit)."""
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise PageTimeoutError(f"gave up after {seconds:g} s (--page-timeout)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract_layouts(
    doc_pages: list[Any], pages: Sequence[int], page_timeout: float | None = None
) -> Iterator[PageLayout]:
    """Analyse the given 1-based pages one at a time, closing each to keep memory flat.

    A page that fails or runs past ``page_timeout`` seconds yields a layout with ``error`` set; the other pages
    are unaffected.
    """
    for index in pages:
        try:
            with _deadline(page_timeout):
                page = doc_pages[index - 1]
                if isinstance(page, Exception):
                    raise page
                try:
                    words = words_of(page)
                    layout = analyze_page(words, float(page.width), float(page.height), index)
                finally:
                    page.close()
        except Exception as exc:
            while exc.args and isinstance(exc.args[0], Exception):
                exc = exc.args[0]  # pdfplumber wraps what pdfminer (or the deadline) raised
            message = str(exc) if isinstance(exc, PageTimeoutError) else f"{type(exc).__name__}: {exc}"
            layout = PageLayout(index=index, width=0.0, height=0.0, error=message)
        yield layout


def extract_chunk(
    path: str, password: str | None, pages: Sequence[int], page_timeout: float | None
) -> list[PageLayout]:
    """Open the PDF in this process and analyse a run of pages (the unit of work of a parallel scan)."""
    pdf, doc_pages = open_pdf(path, password)
    try:
        return list(extract_layouts(doc_pages, pages, page_timeout))
    finally:
        close_pdf(pdf, doc_pages)
