"""The annotated copy: one highlight per finding and page, its note, its quads on the words; input untouched."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from errata.model.findings import Report
from errata.output.annotate import annotate, note
from tests.conftest import FIXTURES


def _highlights(path: Path) -> list[tuple[int, dict[str, object]]]:
    out = []
    for n, page in enumerate(PdfReader(path).pages, start=1):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot["/Subtype"] == "/Highlight":
                out.append((n, annot))
    return out


def test_one_highlight_per_finding_and_page(fixture_reports: dict[str, Report], tmp_path: Path) -> None:
    report = fixture_reports["chapter10"]
    src = FIXTURES / "chapter10.pdf"
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    out = tmp_path / "annotated.pdf"
    added = annotate(str(src), report.findings, str(out))
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    expected = sum(len({loc.page for loc in f.locations}) for f in report.findings)
    assert added == expected == len(report.findings) + 1  # "the the" across pages 2-3 has one on each page
    found = _highlights(out)
    assert len(found) == expected
    by_name = {str(a["/NM"]): (n, a) for n, a in found}
    for f in report.findings:
        for page in sorted({loc.page for loc in f.locations}):
            n, annot = by_name[f"errata-{f.fingerprint}-p{page}"]
            assert n == page
            assert str(annot["/Contents"]) == note(f)
            assert f.message in str(annot["/Contents"])
            if f.suggestion is not None:
                assert f.suggestion in str(annot["/Contents"])
            quads = [float(v) for v in annot["/QuadPoints"]]
            assert len(quads) == 8 * sum(1 for loc in f.locations if loc.page == page)


def test_quads_cover_the_flagged_words(fixture_reports: dict[str, Report], tmp_path: Path) -> None:
    report = fixture_reports["twocol"]
    src = FIXTURES / "twocol.pdf"
    out = tmp_path / "twocol.annotated.pdf"
    annotate(str(src), report.findings, str(out))
    with pdfplumber.open(out) as pdf:
        for f in report.findings:
            for loc in f.locations:
                page = pdf.pages[loc.page - 1]
                (annot,) = [
                    a
                    for a in page.annots
                    if a["data"]["NM"].decode() == f"errata-{f.fingerprint}-p{loc.page}"
                ]
                height = page.height
                quads = [float(v) for v in annot["data"]["QuadPoints"]]
                boxes = [
                    (min(q[0::2]), height - max(q[1::2]), max(q[0::2]), height - min(q[1::2]))
                    for q in (quads[i : i + 8] for i in range(0, len(quads), 8))
                ]
                assert any(b == pytest.approx(loc.bbox, abs=0.02) for b in boxes), (f.match, boxes, loc.bbox)
                words = "".join(page.crop(loc.bbox).extract_text().split()).rstrip("-")
                assert words and words in "".join(f.match.split()), (f.match, words)


def test_annotated_copy_is_deterministic(fixture_reports: dict[str, Report], tmp_path: Path) -> None:
    report = fixture_reports["chapter10"]
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    annotate(str(FIXTURES / "chapter10.pdf"), report.findings, str(a))
    annotate(str(FIXTURES / "chapter10.pdf"), report.findings, str(b))
    assert a.read_bytes() == b.read_bytes()


def test_refuses_to_overwrite_the_input(fixture_reports: dict[str, Report], tmp_path: Path) -> None:
    src = tmp_path / "chapter10.pdf"
    src.write_bytes((FIXTURES / "chapter10.pdf").read_bytes())
    before = src.read_bytes()
    with pytest.raises(ValueError, match="overwrite the input"):
        annotate(str(src), fixture_reports["chapter10"].findings, str(tmp_path / "." / "chapter10.pdf"))
    assert src.read_bytes() == before


def test_no_findings_gives_an_unannotated_copy(tmp_path: Path) -> None:
    out = tmp_path / "clean.annotated.pdf"
    assert annotate(str(FIXTURES / "clean.pdf"), [], str(out)) == 0
    assert _highlights(out) == []
    mode = out.stat().st_mode & 0o777
    assert mode & 0o044 or os.umask(os.umask(0o077)) & 0o044  # readable by others unless the umask forbids it
    assert len(PdfReader(out).pages) == len(PdfReader(FIXTURES / "clean.pdf").pages)
