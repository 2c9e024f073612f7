"""Extraction options through the real CLI: parallel jobs, the PDFium backend, the cache, encrypted input."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from tests.conftest import FIXTURES, run_cli


def _json(*args: str, cwd: Path | None = None) -> str:
    proc = run_cli("scan", str(FIXTURES / "chapter10.pdf"), "--format", "json", "-o", "-", *args, cwd=cwd)
    assert proc.returncode == 1, proc.stderr
    return proc.stdout


def test_jobs_two_is_byte_identical_to_jobs_one() -> None:
    assert _json("--jobs", "1", "--no-cache") == _json("--jobs", "2", "--no-cache")


def test_pdfium_backend_reports_the_same_findings() -> None:
    import json

    def key(text: str) -> list[tuple[str, int, int, str]]:
        return [(f["rule"], f["page"], f["line"], f["match"]) for f in json.loads(text)["findings"]]

    assert key(_json("--backend", "pdfium", "--no-cache")) == key(_json("--no-cache"))


def test_a_cached_rerun_gives_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ERRATA_CACHE_DIR", str(tmp_path))
    first = _json()
    assert len(list(tmp_path.glob("pages-v1/*/*.page"))) == 5  # one entry per page of one document
    assert _json() == first


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(FIXTURES / "clean.pdf"))
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="AES-128")
    out = tmp_path / "review-copy.pdf"
    writer.write(out)
    return out


def test_encrypted_pdf_needs_its_password(encrypted: Path) -> None:
    proc = run_cli("scan", str(encrypted), "-o", "-")
    assert proc.returncode == 2
    assert (
        proc.stderr.strip()
        == f"errata: error: {encrypted}: the PDF is encrypted; give its password with --password"
    )
    wrong = run_cli("scan", str(encrypted), "-o", "-", "--password", "nope")
    assert wrong.returncode == 2 and "the password does not open" in wrong.stderr
    ok = run_cli("scan", str(encrypted), "-o", "-", "--password", "s3cret")
    assert ok.returncode == 0, ok.stderr
    assert "No errata found." in ok.stdout


def test_a_broken_page_is_reported_in_the_markdown_report(tmp_path: Path) -> None:
    from pypdf.generic import ArrayObject, NameObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(FIXTURES / "chapter10.pdf"))
    writer.pages[2][NameObject("/MediaBox")] = ArrayObject([NameObject("/oops")])
    broken = tmp_path / "broken.pdf"
    writer.write(broken)
    proc = run_cli("scan", str(broken), "-o", "-", "--no-cache")
    assert proc.returncode == 1
    assert "4 of 5 pages scanned · 1 unreadable" in proc.stdout
    assert "page-unreadable: page 3: MalformedPDFException" in proc.stdout
    assert "errata: warning: page 3: MalformedPDFException" in proc.stderr
