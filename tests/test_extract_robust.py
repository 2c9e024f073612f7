"""Extraction that a CI job can rely on: parallel pages give identical output, a broken or slow page is reported
and skipped while every other page is scanned, and a re-run on an unchanged PDF reads the page cache."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ArrayObject, NameObject

from errata.extract import extract
from errata.output.reporters.json import render
from errata.pipeline import ScanOptions, scan
from tests.conftest import FIXTURES


def test_two_jobs_give_byte_identical_json() -> None:
    one = render(scan(str(FIXTURES / "chapter10.pdf")))
    two = render(scan(str(FIXTURES / "chapter10.pdf"), ScanOptions(jobs=2)))
    assert one == two


@pytest.fixture
def broken_first_page(tmp_path: Path) -> Path:
    """A real PDF whose first page object is damaged (its MediaBox holds a name, not numbers)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(FIXTURES / "chapter10.pdf"))
    writer.pages[0][NameObject("/MediaBox")] = ArrayObject([NameObject("/oops")])
    out = tmp_path / "broken.pdf"
    writer.write(out)
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_broken_page_is_reported_and_the_rest_scanned(broken_first_page: Path, jobs: int) -> None:
    report = scan(str(broken_first_page), ScanOptions(jobs=jobs))
    assert [(p.kind, p.page) for p in report.problems] == [("page-unreadable", 1)]
    assert "MalformedPDFException" in report.problems[0].message
    assert report.pages_scanned == [2, 3, 4, 5]
    pages = sorted({f.page for f in report.findings})
    assert pages == [2, 3, 4, 5]
    assert ("just just", 2) in [(f.match, f.page) for f in report.findings]


def test_a_page_past_the_timeout_is_skipped_not_fatal() -> None:
    doc = extract(str(FIXTURES / "clean.pdf"), page_timeout=1e-4)
    assert [p.page for p in doc.problems] == [1, 2]
    assert all("gave up after" in p.message for p in doc.problems)
    assert doc.pages_scanned == []


def test_the_cache_is_keyed_by_content_and_reused(tmp_path: Path) -> None:
    extract(str(FIXTURES / "twocol.pdf"), pages="2", use_cache=True, cache_dir=tmp_path)
    files = list(tmp_path.glob("pages-v1/*/*.page"))
    assert [f.name for f in files] == ["2.page"]
    stamp = files[0].stat().st_mtime_ns
    second = extract(str(FIXTURES / "twocol.pdf"), use_cache=True, cache_dir=tmp_path)
    assert files[0].stat().st_mtime_ns == stamp  # page 2 was read from the cache, the others were added
    assert sorted(f.name for f in tmp_path.glob("pages-v1/*/*.page")) == ["1.page", "2.page"]
    third = extract(str(FIXTURES / "twocol.pdf"), use_cache=True, cache_dir=tmp_path)
    uncached = extract(str(FIXTURES / "twocol.pdf"))
    assert second.flows.keys() == third.flows.keys() == uncached.flows.keys()
    assert all(second.flows[r].text == third.flows[r].text == uncached.flows[r].text for r in uncached.flows)
    assert "2.page" in [f.name for f in tmp_path.glob("pages-v1/*/*.page")]
    extract(str(FIXTURES / "clean.pdf"), use_cache=True, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("pages-v1/*"))) == 2  # another document, another entry


def test_a_page_past_the_timeout_in_a_worker_is_skipped_too() -> None:
    doc = extract(str(FIXTURES / "chapter10.pdf"), page_timeout=1e-4, jobs=2)
    assert [p.page for p in doc.problems] == [1, 2, 3, 4, 5]
    assert all("gave up after" in p.message for p in doc.problems)


def test_a_pdf_without_pages_is_one_input_error(tmp_path: Path) -> None:
    from errata.errors import InputError

    empty = tmp_path / "no-pages.pdf"
    pypdf.PdfWriter().write(empty)
    with pytest.raises(InputError, match="the PDF has no pages"):
        extract(str(empty))


def test_an_interrupted_write_leaves_neither_report_nor_temporary_file(tmp_path: Path) -> None:
    from errata.util.atomic import write_atomic

    target = tmp_path / "reports" / "book.md"
    write_atomic(target, "old report\n")

    def interrupted(fh: object) -> None:
        fh.write(b"half a rep")  # type: ignore[attr-defined]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, interrupted)
    assert target.read_text() == "old report\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["book.md"]
