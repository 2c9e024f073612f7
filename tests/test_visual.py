"""Page crops: each box lands on the flagged words, files are deterministic, the folder matches the report."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image

from errata.model.findings import Finding, Report
from errata.output.crops import BOX_COLOUR, BOX_PAD, Crop, crop_name, render_crops, write_crops
from tests.conftest import FIXTURES

CASES = ["chapter10", "twocol", "other/troff", "other/browser"]


def _pdf(name: str) -> str:
    return str(FIXTURES.parent / f"{name}.pdf") if "/" in name else str(FIXTURES / f"{name}.pdf")


def _drawn_box(crop: Crop) -> tuple[float, float, float, float]:
    """The red box found in the PNG's pixels, mapped back to page points (x0, top, x1, bottom)."""
    image = Image.open(io.BytesIO(crop.png)).convert("RGB")
    raw, colour = image.tobytes(), bytes(BOX_COLOUR)
    mask = bytes(255 if raw[i : i + 3] == colour else 0 for i in range(0, len(raw), 3))
    found = Image.frombytes("L", image.size, mask).getbbox()
    assert found is not None, "no box drawn"
    left, top, right, bottom = found
    ox, oy = crop.origin
    return (ox + left / crop.scale, oy + top / crop.scale, ox + right / crop.scale, oy + bottom / crop.scale)


def _words_in(page: Any, box: tuple[float, float, float, float]) -> str:
    """The text of the characters whose centres lie inside ``box``, in reading order."""
    x0, top, x1, bottom = box

    def inside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return False
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return x0 <= cx <= x1 and top <= cy <= bottom

    return page.filter(inside).extract_text()


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u00ad")


@pytest.mark.parametrize("name", CASES)
def test_boxes_land_on_the_flagged_words(fixture_reports: dict[str, Report], name: str) -> None:
    report = fixture_reports[name]
    assert report.findings
    crops = render_crops(report.path, report.findings)
    with pdfplumber.open(_pdf(name)) as pdf:
        for f in report.findings:
            pieces = crops[f.fingerprint]
            assert len(pieces) == len(f.locations), f.match
            texts = []
            for crop, loc in zip(pieces, f.locations, strict=True):
                assert crop.page == loc.page
                x0, top, x1, bottom = _drawn_box(crop)
                # The drawn box is the location's box plus its padding, to within a pixel.
                tol = 1.5 / crop.scale
                want = (
                    loc.bbox[0] - BOX_PAD,
                    loc.bbox[1] - BOX_PAD,
                    loc.bbox[2] + BOX_PAD,
                    loc.bbox[3] + BOX_PAD,
                )
                got = (x0, top, x1, bottom)
                if top > want[1] + tol or bottom < want[3] - tol:  # clipped at the crop's top or bottom edge
                    got = (x0, want[1], x1, want[3])
                assert got == pytest.approx(want, abs=tol), (f.match, got, want)
                page = pdf.pages[loc.page - 1]
                inner = (x0 + BOX_PAD, top + BOX_PAD, x1 - BOX_PAD, bottom - BOX_PAD)
                texts.append(_words_in(page, inner))
            assert _squash("".join(texts)) == _squash(f.match), (f.match, texts)


def test_crops_show_ink_inside_the_box(fixture_reports: dict[str, Report]) -> None:
    """The rendered page and the box agree: the words inside the box are printed (dark pixels), not blank."""
    report = fixture_reports["chapter10"]
    for pieces in render_crops(report.path, report.findings).values():
        for crop in pieces:
            image = Image.open(io.BytesIO(crop.png)).convert("L")
            left, top, right, bottom = crop.box_px
            inner = image.crop((left + 3, top + 3, right - 2, bottom - 2))
            dark = sum(1 for v in inner.tobytes() if v < 100)
            assert dark > 0.05 * inner.width * inner.height, crop


def test_crops_are_deterministic_and_legible(fixture_reports: dict[str, Report]) -> None:
    report = fixture_reports["chapter10"]
    a = render_crops(report.path, report.findings)
    b = render_crops(report.path, report.findings)
    assert {k: [c.png for c in v] for k, v in a.items()} == {k: [c.png for c in v] for k, v in b.items()}
    for pieces in a.values():
        for crop in pieces:
            image = Image.open(io.BytesIO(crop.png))
            # 10 pt type at this scale is about 25 px per em; the crop holds one line and a little margin.
            assert crop.scale >= 2
            assert 30 <= image.height <= 60
            assert image.width > crop.box_px[2]


def test_cross_page_match_has_a_crop_on_each_page(fixture_reports: dict[str, Report]) -> None:
    report = fixture_reports["chapter10"]
    (across,) = [f for f in report.findings if len({loc.page for loc in f.locations}) == 2]
    crops = render_crops(report.path, [across])[across.fingerprint]
    assert [c.page for c in crops] == [2, 3]


def test_write_crops_names_files_and_removes_stale_ones(
    fixture_reports: dict[str, Report], tmp_path: Path
) -> None:
    report = fixture_reports["chapter10"]
    folder = tmp_path / "chapter10_files"
    folder.mkdir()
    (folder / "0123abcd-1.png").write_bytes(b"stale")
    (folder / "notes.txt").write_text("kept")
    crops = render_crops(report.path, report.findings)
    paths = write_crops(crops, str(folder))
    f = report.findings[0]
    assert paths[f.fingerprint] == [str(folder / crop_name(f.fingerprint, 1))]
    assert not (folder / "0123abcd-1.png").exists()
    assert (folder / "notes.txt").exists()
    names = sorted(p.name for p in folder.glob("*.png"))
    assert len(names) == sum(len(f.locations) for f in report.findings)
    assert (folder / crop_name(f.fingerprint, 1)).read_bytes() == crops[f.fingerprint][0].png
    (folder / "notes.txt").unlink()
    write_crops({}, str(folder))
    assert not folder.exists()


def test_findings_without_a_page_get_no_crop(fixture_reports: dict[str, Report]) -> None:
    from dataclasses import replace

    from errata.model.document import Location

    report = fixture_reports["chapter10"]
    f: Finding = replace(report.findings[0], locations=(Location(99, None, 1, (72.0, 72.0, 90.0, 82.0)),))
    assert render_crops(report.path, [f]) == {}


def test_line_extent_chains_runs_of_one_line_but_not_a_gutter() -> None:
    from errata.output.crops import _line_extent

    box = (200.0, 100.0, 230.0, 110.0)
    runs = [
        (72.0, 100.5, 190.0, 109.5),  # same line, up to a font change
        (193.0, 100.2, 260.0, 110.0),  # the run holding the box
        (263.0, 100.0, 290.0, 110.0),  # after another font change
        (310.0, 100.0, 540.0, 110.0),  # the next column, across a 20 pt gutter
        (72.0, 112.0, 290.0, 122.0),  # the line below
    ]
    assert _line_extent(box, runs) == (72.0, 290.0)
    assert _line_extent(box, runs[3:]) is None
