"""The CLI's visual outputs: page crops beside the markdown report, the HTML report, the annotated PDF."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import FIXTURES, run_cli


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "chapter10.pdf", tmp_path / "chapter10.pdf")
    shutil.copy(FIXTURES / "clean.pdf", tmp_path / "clean.pdf")
    return tmp_path


def test_markdown_report_links_a_crop_per_piece(workdir: Path) -> None:
    proc = run_cli("scan", "chapter10.pdf", "--fail-on", "never", cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    report = (workdir / "reports" / "chapter10.md").read_text()
    links = re.findall(r"!\[page (\d+), line (\d+)\]\((chapter10_files/[0-9a-f]+-\d\.png)\)", report)
    assert len(links) == 25  # 22 findings, three of them across a line or page break
    for _, _, link in links:
        assert (workdir / "reports" / link).is_file()
    files = sorted(p.name for p in (workdir / "reports" / "chapter10_files").iterdir())
    assert files == sorted(Path(link).name for _, _, link in links)
    # The match across the page break shows both pieces: the end of page 2 and the top of page 3.
    pages: dict[str, list[str]] = {}
    for page, _, link in links:
        pages.setdefault(link.rsplit("-", 1)[0], []).append(page)
    assert ["2", "3"] in pages.values()
    # Same input, same bytes: report and images.
    before = {p.name: p.read_bytes() for p in (workdir / "reports" / "chapter10_files").iterdir()}
    run_cli("scan", "chapter10.pdf", "--fail-on", "never", cwd=workdir)
    assert (workdir / "reports" / "chapter10.md").read_text() == report
    assert {p.name: p.read_bytes() for p in (workdir / "reports" / "chapter10_files").iterdir()} == before


def test_no_images_leaves_no_crops(workdir: Path) -> None:
    run_cli("scan", "chapter10.pdf", "--fail-on", "never", cwd=workdir)
    proc = run_cli("scan", "chapter10.pdf", "--fail-on", "never", "--no-images", cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    assert "![" not in (workdir / "reports" / "chapter10.md").read_text()
    assert not (workdir / "reports" / "chapter10_files").exists()


def test_markdown_on_stdout_has_no_image_links(workdir: Path) -> None:
    proc = run_cli("scan", "chapter10.pdf", "-o", "-", "--fail-on", "never", cwd=workdir)
    assert proc.returncode == 0
    assert "![" not in proc.stdout
    assert not (workdir / "reports").exists()


def test_html_format(workdir: Path) -> None:
    proc = run_cli("scan", "chapter10.pdf", "--format", "html", cwd=workdir)
    assert proc.returncode == 1, proc.stderr
    text = (workdir / "reports" / "chapter10.html").read_text()
    assert text.count('src="data:image/png;base64,') == 25
    assert text.count('<article class="finding') == 22
    assert not (workdir / "reports" / "chapter10_files").exists()


def test_annotate_writes_a_highlighted_copy(workdir: Path) -> None:
    before = hashlib.sha256((workdir / "chapter10.pdf").read_bytes()).hexdigest()
    proc = run_cli(
        "scan", "chapter10.pdf", "-o", "-", "--format", "json", "--annotate", "out/c10.pdf", cwd=workdir
    )
    assert proc.returncode == 1, proc.stderr
    assert "23 highlights written to out/c10.pdf" in proc.stderr
    assert hashlib.sha256((workdir / "chapter10.pdf").read_bytes()).hexdigest() == before
    reader = PdfReader(workdir / "out" / "c10.pdf")
    kinds = [a.get_object()["/Subtype"] for page in reader.pages for a in page.get("/Annots") or []]
    assert kinds == ["/Highlight"] * 23


@pytest.mark.parametrize("out", ["chapter10.pdf", "./chapter10.pdf", "sub/../chapter10.pdf"])
def test_annotate_refuses_the_input_path(workdir: Path, out: str) -> None:
    (workdir / "sub").mkdir()
    before = (workdir / "chapter10.pdf").read_bytes()
    proc = run_cli("scan", "chapter10.pdf", "-o", "-", "--annotate", out, cwd=workdir)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "errata: error: the annotated copy would overwrite the input chapter10.pdf"
    ]
    assert (workdir / "chapter10.pdf").read_bytes() == before


def test_annotate_takes_one_pdf(workdir: Path) -> None:
    proc = run_cli("scan", "chapter10.pdf", "clean.pdf", "--annotate", "x.pdf", cwd=workdir)
    assert proc.returncode == 2
    assert "--annotate takes one PDF" in proc.stderr
