"""The page cache holds data only: a damaged, foreign or hostile entry is ignored with one note and rewritten,
its size is bounded, concurrent scans do not corrupt it, and a cached page is the page, field for field."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from errata.extract import cache_clear, cache_info, extract
from errata.extract.cache import (
    BAND_FIELDS,
    LINE_ANALYSIS_ONLY,
    LINE_FIELDS,
    PAGE_FIELDS,
    WORD_FIELDS,
    decode_page,
    encode_page,
)
from errata.extract.furniture import Band
from errata.extract.lines import Line
from errata.extract.page import PageLayout
from errata.extract.words import Word
from errata.output.reporters.json import render
from errata.pipeline import ScanOptions, scan
from tests.conftest import FIXTURES, ROOT, run_cli


def _entries(root: Path) -> list[Path]:
    return sorted(root.glob("pages-v1/*/*.page"))


def test_the_codec_names_every_field() -> None:
    for kind, names in (
        (Word, WORD_FIELDS),
        (Line, LINE_FIELDS),
        (Band, BAND_FIELDS),
        (PageLayout, PAGE_FIELDS),
    ):
        fields = tuple(f.name for f in dataclasses.fields(kind) if f.name not in LINE_ANALYSIS_ONLY)
        assert fields == names, kind.__name__


@pytest.mark.parametrize(
    "name", ["tex/chapter10.pdf", "tex/twocol.pdf", "other/troff.pdf", "other/wordproc.pdf"]
)
def test_a_page_survives_the_cache_field_for_field(name: str, tmp_path: Path) -> None:
    from errata.extract.cache import PageCache

    pdf = FIXTURES.parent / name
    store = PageCache(tmp_path, "k")
    from errata.extract.pages import open_document
    from errata.extract.workers import read_page

    handle = open_document("pdfplumber", str(pdf), None)
    try:
        for index in range(1, handle.page_count + 1):
            page = read_page(handle, index)
            assert decode_page(json.loads(json.dumps(encode_page(page)))) == page
            store.store(page)
            again = store.load(index)
            assert again == page
            for band, kept in zip(page.bands, again.bands, strict=True):  # type: ignore[union-attr]
                for line, back in zip(band.lines, kept.lines, strict=True):
                    assert any(line is ln for ln in page.lines) == any(back is ln for ln in again.lines)
    finally:
        handle.close()


class _Hostile:
    """Unpickling this creates a file: what any code run by a cache entry could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_a_pickle_in_the_cache_is_never_run_and_is_rewritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = str(FIXTURES / "chapter10.pdf")
    cache = tmp_path / "cache"
    clean = render(scan(pdf))
    scan(pdf, ScanOptions(use_cache=True, cache_dir=str(cache)))
    marker = tmp_path / "ran"
    hostile = pickle.dumps(_Hostile(marker))
    for entry in _entries(cache):
        entry.write_bytes(hostile)
    (cache / "pages-0123456789abcdef.pickle").write_bytes(hostile)  # where earlier versions kept theirs
    capsys.readouterr()
    assert render(scan(pdf, ScanOptions(use_cache=True, cache_dir=str(cache)))) == clean
    assert not marker.exists()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("errata: note: ignored a damaged page cache entry (page 1")
    assert "and 4 more: not a page cache entry" in err
    assert all(e.read_bytes().startswith(b"errata-page-cache 1 ") for e in _entries(cache))
    assert len(_entries(cache)) == 5
    assert not list(cache.glob("*.pickle"))  # unusable leftovers are removed, never read
    assert render(scan(pdf, ScanOptions(use_cache=True, cache_dir=str(cache)))) == clean
    assert capsys.readouterr().err == ""


def test_truncated_altered_and_foreign_entries_are_read_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = str(FIXTURES / "chapter10.pdf")
    clean = render(scan(pdf))
    scan(pdf, ScanOptions(use_cache=True, cache_dir=str(tmp_path)))
    scan(str(FIXTURES / "clean.pdf"), ScanOptions(use_cache=True, cache_dir=str(tmp_path)))
    (doc,) = [d for d in tmp_path.glob("pages-v1/*") if len(list(d.iterdir())) == 5]
    other = next(e for e in _entries(tmp_path) if e.parent != doc)
    first, second, third, fourth = (doc / f"{k}.page" for k in (1, 2, 3, 4))
    first.write_bytes(first.read_bytes()[:-100])  # truncated
    data = bytearray(second.read_bytes())
    data[-10] ^= 0xFF
    second.write_bytes(bytes(data))  # altered
    third.write_bytes(other.read_bytes())  # another document's page
    fourth.write_bytes("ünïcode".encode("utf-16"))  # garbage
    capsys.readouterr()
    assert render(scan(pdf, ScanOptions(use_cache=True, cache_dir=str(tmp_path)))) == clean
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "(page 1 and 3 more: truncated or altered (checksum mismatch))" in err
    assert render(scan(pdf, ScanOptions(use_cache=True, cache_dir=str(tmp_path)))) == clean
    assert capsys.readouterr().err == ""


def test_the_cache_is_bounded_oldest_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = ["clean.pdf", "twocol.pdf", "chapter10.pdf"]
    sizes = []
    for name in names:
        extract(str(FIXTURES / name), use_cache=True, cache_dir=tmp_path / name)
        sizes.append(cache_info(tmp_path / name)["bytes"])
    cache = tmp_path / "shared"
    # Room for the last two documents, not for all three: the first one scanned is the one to go.
    monkeypatch.setenv("ERRATA_CACHE_MAX_MB", str((sizes[1] + sizes[2] + 1000) / (1 << 20)))
    for name in names:
        extract(str(FIXTURES / name), use_cache=True, cache_dir=str(cache))
    info = cache_info(cache)
    assert info["documents"] == 2 and info["pages"] == 2 + 5
    assert info["bytes"] == sizes[1] + sizes[2] <= info["max_bytes"]
    assert cache_clear(cache) == info["bytes"]
    assert cache_info(cache)["documents"] == 0 and not _entries(cache)


def test_two_scans_at_once_share_the_cache(tmp_path: Path) -> None:
    env = {**os.environ, "ERRATA_CACHE_DIR": str(tmp_path)}
    cmd = [
        sys.executable,
        "-m",
        "errata",
        "scan",
        str(FIXTURES / "chapter10.pdf"),
        "--format",
        "json",
        "-o",
        "-",
    ]
    runs = [
        subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in "ab"
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [1, 1]
    assert outputs[0][0] == outputs[1][0] and outputs[0][1] == outputs[1][1] == b""
    again = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, timeout=300)
    assert again.stdout == outputs[0][0] and again.stderr == b""
    assert len(_entries(tmp_path)) == 5 and not list(tmp_path.rglob("*.tmp"))


def test_cache_info_and_clear_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ERRATA_CACHE_DIR", str(tmp_path))
    assert run_cli("scan", str(FIXTURES / "clean.pdf"), "-o", "-").returncode == 0
    info = run_cli("cache", "info")
    assert info.returncode == 0
    assert f"path:      {tmp_path}\ndocuments: 1\npages:     2\n" in info.stdout
    cleared = run_cli("cache", "clear")
    assert cleared.returncode == 0 and cleared.stdout.startswith("removed ")
    assert not _entries(tmp_path)
    assert "documents: 0" in run_cli("cache", "info").stdout


def test_a_bad_cache_bound_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ERRATA_CACHE_MAX_MB", "lots")
    proc = run_cli("scan", str(FIXTURES / "clean.pdf"), "-o", "-")
    assert proc.returncode == 2
    assert proc.stderr == "errata: error: ERRATA_CACHE_MAX_MB='lots': not a number of megabytes\n"
