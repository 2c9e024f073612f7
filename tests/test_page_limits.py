"""A page that hangs or swells its reader, inside C code or not, is stopped from outside and reported; the scan
goes on with the next page, for one job and for many, with both backends."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from errata.extract import extract
from errata.output.reporters.json import render
from errata.pipeline import ScanOptions, scan
from tests.conftest import run_cli
from tests.support import hostile

BACKENDS = ["pdfplumber", "pdfium"]


@pytest.fixture(scope="module")
def glyph_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Page 2 shows a million glyphs: PDFium's text loading alone runs for seconds in C, pdfminer for longer."""
    path = tmp_path_factory.mktemp("hostile") / "glyphs.pdf"
    path.write_bytes(hostile.many_glyphs())
    return path


def _stopped(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "errata.extract" and "was stopped" in r.message
    ]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_that_hangs_its_reader_is_stopped_and_the_scan_goes_on(
    glyph_bomb: Path, backend: str, jobs: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="errata.extract")
    doc = extract(str(glyph_bomb), backend=backend, jobs=jobs, page_timeout=1)
    assert [(p.kind, p.message) for p in doc.problems] == [
        ("page-unreadable", "page 2: gave up after 1 s (--page-timeout)")
    ]
    assert doc.pages_scanned == [1, 3]
    assert "An ordinary page of text" in doc.flows[next(iter(doc.flows))].text
    # The reading process itself was killed: a signal in it would wait for PDFium to return.
    assert len(_stopped(caplog)) == 1 and _stopped(caplog)[0].startswith("page 2: gave up after 1 s")


def test_the_cli_reports_a_hanging_page_and_scans_the_rest(glyph_bomb: Path) -> None:
    args = ("scan", str(glyph_bomb), "--format", "json", "-o", "-", "--no-cache", "--page-timeout", "1")
    one = run_cli(*args, "--jobs", "1", "--backend", "pdfium")
    two = run_cli(*args, "--jobs", "2", "--backend", "pdfium")
    assert one.returncode == two.returncode == 0, one.stderr
    assert one.stdout == two.stdout
    assert '"message": "page 2: gave up after 1 s (--page-timeout)"' in one.stdout


def test_jobs_do_not_change_the_report_when_a_page_is_stopped(glyph_bomb: Path) -> None:
    one = render(scan(str(glyph_bomb), ScanOptions(backend="pdfium", jobs=1, page_timeout=1)))
    three = render(scan(str(glyph_bomb), ScanOptions(backend="pdfium", jobs=3, page_timeout=1)))
    assert one == three


MEMORY = "page 2: ran past the memory limit of 256 MB (--page-memory)"


@pytest.mark.parametrize(
    ("bomb", "backend"),
    [
        ("many_glyphs", "pdfium"),
        ("nested_forms", "pdfium"),
        ("huge_inline_image", "pdfium"),
        ("huge_inline_image", "pdfplumber"),
    ],
)
def test_a_page_that_swells_past_the_memory_limit_is_reported(
    bomb: str, backend: str, tmp_path: Path
) -> None:
    path = tmp_path / f"{bomb}.pdf"
    path.write_bytes(getattr(hostile, bomb)())
    assert path.stat().st_size < 20_000
    doc = extract(str(path), backend=backend, page_memory=256, page_timeout=None)
    assert [(p.kind, p.message) for p in doc.problems] == [("page-unreadable", MEMORY)]
    assert doc.pages_scanned == [1, 3]


def test_the_memory_limit_is_a_cli_option(tmp_path: Path) -> None:
    path = tmp_path / "image.pdf"
    path.write_bytes(hostile.huge_inline_image())
    proc = run_cli("scan", str(path), "--format", "json", "-o", "-", "--no-cache", "--page-memory", "256")
    assert proc.returncode == 0, proc.stderr
    assert f'"message": "{MEMORY}"' in proc.stdout


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_that_crashes_its_reader_is_reported_and_the_rest_scanned(
    jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from errata.extract.pages import BACKENDS
    from tests.conftest import FIXTURES

    monkeypatch.setitem(BACKENDS, "crashing", "tests.support.crashing_backend")
    doc = extract(str(FIXTURES / "chapter10.pdf"), backend="crashing", jobs=jobs)
    assert [(p.kind, p.message) for p in doc.problems] == [
        ("page-unreadable", "page 2: the page's reader crashed (SIGSEGV)")
    ]
    assert doc.pages_scanned == [1, 3, 4, 5]


def _scan_in_a_pool_worker(path: str) -> list[int]:
    return extract(path).pages_scanned


def test_a_daemonic_process_reads_its_pages_itself() -> None:
    import multiprocessing

    from tests.conftest import FIXTURES

    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_scan_in_a_pool_worker, (str(FIXTURES / "clean.pdf"),)) == [1, 2]
