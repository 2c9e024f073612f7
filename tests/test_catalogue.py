"""A folder of books in one command: a report per book at its relative path, one summary, and a re-run that
skips the books already done."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli


@pytest.fixture
def books(tmp_path: Path) -> Path:
    (tmp_path / "books" / "a").mkdir(parents=True)
    (tmp_path / "books" / "b").mkdir()
    shutil.copy(FIXTURES / "clean.pdf", tmp_path / "books" / "a" / "intro.pdf")
    shutil.copy(FIXTURES / "twocol.pdf", tmp_path / "books" / "b" / "intro.pdf")
    shutil.copy(FIXTURES / "chapter10.pdf", tmp_path / "books" / "ch10.pdf")
    (tmp_path / "books" / "notes.txt").write_text("not a book")
    return tmp_path


def _scan(cwd: Path, *args: str) -> tuple[int, str, dict[str, object]]:
    proc = run_cli(
        "scan", "books", "--format", "json", "-o", "out", "--no-cache", "--ignore", "grammar", *args, cwd=cwd
    )
    summary = (
        json.loads((cwd / "out" / "summary.json").read_text())
        if (cwd / "out" / "summary.json").exists()
        else {}
    )
    return proc.returncode, proc.stderr, summary


def test_a_folder_gives_a_report_per_book_and_a_summary(books: Path) -> None:
    code, _, summary = _scan(books)
    assert code == 1
    assert sorted(p.relative_to(books / "out").as_posix() for p in (books / "out").rglob("*.json")) == [
        ".errata-catalogue.json",  # what a re-run reads to skip finished books
        "a/intro.json",
        "b/intro.json",
        "ch10.json",
        "summary.json",
    ]
    assert summary["totals"] == {
        "books": 3,
        "pages": 9,
        "pages_failed": 0,
        "findings": 20,
        "by_rule": {"repeated-word": 7, "unresolved-reference": 13},
        "unchanged": 0,
        "fixed": 0,
    }
    assert [(b["name"], b["new"], b["skipped"]) for b in summary["books"]] == [  # type: ignore[index]
        ("a/intro", 0, False),
        ("b/intro", 2, False),
        ("ch10", 18, False),
    ]
    assert summary["worst_pages"][0] == {"book": "ch10", "page": 3, "findings": 6}  # type: ignore[index]
    assert json.loads((books / "out" / "ch10.json").read_text())["summary"]["total"] == 18


def test_a_rerun_skips_finished_unchanged_books(books: Path) -> None:
    _scan(books)
    shutil.copy(FIXTURES / "clean.pdf", books / "books" / "b" / "intro.pdf")  # this book changed
    (books / "books" / "ch10.pdf").touch()  # a newer file with the same content is the same book
    code, err, summary = _scan(books)
    assert code == 1  # ch10's findings still fail, read back from the last run
    assert "books/a/intro.pdf: unchanged since the last run" in err
    assert "books/ch10.pdf: unchanged since the last run" in err
    assert "0 findings in books/b/intro.pdf" in err
    assert [(b["name"], b["new"], b["skipped"]) for b in summary["books"]] == [  # type: ignore[index]
        ("a/intro", 0, True),
        ("b/intro", 0, False),
        ("ch10", 18, True),
    ]


def test_a_damaged_state_file_is_ignored(books: Path) -> None:
    _scan(books)
    (books / "out" / ".errata-catalogue.json").write_text('{"version": 1, "books": {"ch10": {"key": [1, 2]')
    code, err, summary = _scan(books)
    assert code == 1 and "unchanged since the last run" not in err and "Traceback" not in err
    assert summary["totals"]["findings"] == 20  # type: ignore[index]


def test_a_folder_without_books_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = run_cli("scan", "empty", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (
        2,
        "errata: error: empty: no file matching '*.pdf' below this folder\n",
    )


def test_glob_selects_the_books(books: Path) -> None:
    code, _, summary = _scan(books, "--glob", "ch*.pdf")
    assert [b["name"] for b in summary["books"]] == ["ch10"]  # type: ignore[index]
    assert code == 1


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_files_are_the_same_whatever_the_jobs(books: Path) -> None:
    """One job reads book after book; two run books (and runs of three pages of the big ones) side by side."""
    shutil.copy(FIXTURES.parent / "book" / "main.pdf", books / "books" / "b" / "main.pdf")
    args = ("scan", "books", "--no-cache", "--ignore", "grammar")
    one = run_cli(*args, "-o", "one", "-j", "1", cwd=books)
    two = run_cli(*args, "-o", "two", "-j", "2", "--range-pages", "3", cwd=books)
    assert (one.returncode, two.returncode) == (1, 1)
    assert two.stderr == one.stderr.replace("one/", "two/")
    first, second = _files(books / "one"), _files(books / "two")
    assert [n for n in first if not n.endswith(".png")] == [
        ".errata-catalogue.json",
        "a/intro.md",
        "b/intro.md",
        "b/main.md",
        "ch10.md",
        "summary.md",
    ]
    assert sum(n.endswith(".png") for n in first) == 34  # the 28 findings' page crops
    same = {n: t.replace(b"one/", b"two/") for n, t in first.items()}
    assert second == same  # reports, crops, summary and state file: byte for byte


def test_a_book_that_cannot_be_read_is_listed_and_the_others_go_on(books: Path) -> None:
    (books / "books" / "a" / "broken.pdf").write_text("not a PDF at all")
    proc = run_cli("scan", "books", "-o", "out", "--no-cache", "--ignore", "grammar", "-j", "2", cwd=books)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "errata: error: books/a/broken.pdf: not a PDF (no %PDF- header)\n" in proc.stderr
    out = books / "out"
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert written == ["a/intro.md", "b/intro.md", "ch10.md", "summary.md"]
    summary = (out / "summary.md").read_text()
    assert summary.endswith(
        "## Books not scanned\n\n| Book | Why |\n|---|---|\n"
        "| a/broken | books/a/broken.pdf: not a PDF \\(no %PDF\\- header\\) |\n"
    )
