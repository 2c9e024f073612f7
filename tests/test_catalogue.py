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
