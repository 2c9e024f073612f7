"""The layout view (``errata layout``) and the account behind it: every printed glyph ends in one role."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from errata.extract import extract
from errata.extract.pages import open_document
from errata.model.document import Role
from tests.conftest import FIXTURES, run_cli

PDFS = sorted([*FIXTURES.glob("*.pdf"), *(FIXTURES.parent / "other").glob("*.pdf")])


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_every_glyph_has_a_role(pdf: Path, backend: str) -> None:
    """The glyphs of a page's lines are exactly the glyphs its backend read: nothing is dropped silently."""
    doc = extract(str(pdf), backend=backend)
    handle = open_document(backend, str(pdf), None)
    try:
        for page in doc.pages_scanned:
            words, _, _ = handle.words(page)
            read = sum(1 for w in words for ch in w.text if not ch.isspace())
            accounted = sum(ln.glyphs for ln in doc.lines if ln.page == page)
            assert accounted == read, (pdf.name, page)
    finally:
        handle.close()
    assert {ln.role for ln in doc.lines} <= set(Role)


def test_layout_json_lists_lines_with_roles(tmp_path: Path) -> None:
    proc = run_cli("layout", str(FIXTURES / "chapter10.pdf"), "--page", "3", "--format", "json", "-o", "-")
    assert proc.returncode == 0, proc.stderr
    (page,) = json.loads(proc.stdout)["pages"]
    assert (page["page"], page["page_label"]) == (3, "17")
    roles = [(ln["role"], ln["text"]) for ln in page["lines"]]
    assert roles[0] == ("furniture", "10.3 • INPUT EMBEDDINGS AND POSITIONS")
    assert ("heading", "Input Embeddings and Positions") in roles
    assert [t for r, t in roles if r == "margin"] == [
        "residual stream: the running",
        "vector for one token, to",
        "which every component adds",
        "its output.",
    ]
    assert [ln["order"] for ln in page["lines"]] == list(range(len(page["lines"])))
    assert sum(page["glyphs_by_role"].values()) == sum(len(t.replace(" ", "")) for _, t in roles)


def test_layout_png_draws_the_page(tmp_path: Path) -> None:
    out = tmp_path / "p3.png"
    proc = run_cli("layout", str(FIXTURES / "chapter10.pdf"), "--page", "3", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    image = Image.open(out).convert("RGB")
    assert image.size == (1224, 1584)  # 612 x 792 pt at 2 px/pt
    colours = {image.getpixel((x, y)) for x in range(0, image.width, 2) for y in range(0, image.height, 2)}
    assert (30, 120, 220) in colours and (230, 120, 0) in colours  # body and margin-note boxes


def test_layout_of_a_missing_page_is_exit_2() -> None:
    proc = run_cli("layout", str(FIXTURES / "chapter10.pdf"), "--page", "99")
    assert proc.returncode == 2 and proc.stderr.startswith("errata: error: --pages: page 99 is past the end")
