"""Pages handed to assembly one at a time, as workers read them, give the Document of all pages at once; the
fast paths of both backends give the words of the per-glyph paths."""

from __future__ import annotations

import pickle
import random
import tempfile
from pathlib import Path

import pytest

from errata.extract import extract
from errata.extract.assemble import Assembler, assemble, digest_page
from errata.extract.packed import PageStore, pack, unpack
from errata.extract.page import PageLayout, analyze_page
from errata.extract.pages import open_document

FIXTURES = Path(__file__).parent.parent / "fixtures"
BOOK = FIXTURES / "book" / "main.pdf"  # 8 pages: running heads, page numbers, hyphens across pages
CHAPTER = FIXTURES / "tex" / "chapter10.pdf"


def layouts(path: Path, backend: str = "pdfplumber") -> list[PageLayout]:
    handle = open_document(backend, str(path), None)
    try:
        return [analyze_page(*handle.words(i), i) for i in range(1, handle.page_count + 1)]
    finally:
        handle.close()


def test_a_packed_page_unpacks_to_the_same_page_and_digest() -> None:
    for page in layouts(BOOK):
        packed = pack(page)
        assert packed.index == page.index
        assert unpack(packed.blob) == page
        assert packed.digest == digest_page(page)


def test_pages_added_in_any_order_and_read_back_from_the_store_give_the_same_document() -> None:
    pages = layouts(BOOK)
    expected = assemble(pickle.loads(pickle.dumps(pages)), path="b.pdf", sha256="0", page_count=len(pages))
    assert expected.flows and any(band for p in pages for band in p.bands)  # a book with furniture to decide
    shuffled = [pack(p) for p in pages]
    random.Random(7).shuffle(shuffled)
    assembler = Assembler()
    with PageStore() as store:
        for packed in shuffled:
            assembler.add(packed.digest)
            store.put(packed)
        got = assembler.build(store.load, path="b.pdf", sha256="0", page_count=len(pages))
    assert got == expected


def test_the_store_keeps_pages_in_memory_where_no_temporary_file_can_be_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no usable temporary directory")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    pages = layouts(BOOK)[:2]
    with PageStore() as store:
        assert store.file is None
        for page in pages:
            store.put(pack(page))
        assert [store.load(p.index) for p in reversed(pages)] == list(reversed(pages))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_scan_through_workers_gives_the_document_of_assembling_every_page_at_once(jobs: int) -> None:
    pages = layouts(CHAPTER)
    expected = assemble(pages, path=str(CHAPTER), sha256="x", page_count=len(pages))
    got = extract(str(CHAPTER), jobs=jobs)
    assert got.flows == expected.flows
    assert got.lines == expected.lines
    assert got.page_labels == expected.page_labels
    assert got.equations == expected.equations


@pytest.mark.parametrize("path", [BOOK, CHAPTER, FIXTURES / "other" / "troff.pdf"])
def test_pdfplumber_words_from_the_layout_are_those_of_page_chars(path: Path) -> None:
    from pdfplumber.page import Page

    from errata.extract.pdfplumber_backend import page_words, words_of_chars

    handle = open_document("pdfplumber", str(path), None)
    try:
        for i, raw in enumerate(handle.raw_pages, 1):  # type: ignore[attr-defined]
            page = Page(handle.pdf, raw, page_number=i, initial_doctop=0)  # type: ignore[attr-defined]
            fast = page_words(page)
            page.close()
            page = Page(handle.pdf, raw, page_number=i, initial_doctop=0)  # type: ignore[attr-defined]
            assert fast == words_of_chars(page.chars)
            assert fast
            page.close()
    finally:
        handle.close()


def test_pdfium_reads_glyph_by_glyph_only_where_the_page_text_call_drops_characters() -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from errata.extract.pdfium_backend import _page_text

    pdf = pdfium.PdfDocument(str(CHAPTER))
    try:
        found: list[bool] = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            raw = textpage.raw
            count = pdfium_c.FPDFText_CountChars(raw)
            text = _page_text(raw, count)
            codes = [pdfium_c.FPDFText_GetUnicode(raw, k) for k in range(count)]
            if text is not None:
                assert [2 if ch == "\ufffe" else ord(ch) for ch in text] == codes
            else:
                assert 0 in codes  # a glyph PDFium has no Unicode for: GetText leaves it out
            found.append(text is None)
            textpage.close()
            page.close()
    finally:
        pdf.close()
    assert found == [False, True, False, False, True]
