"""The real CLI as a subprocess: exit codes, report paths and formats, errors as one line with exit code 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import FIXTURES, ROOT, run_cli

SCHEMA = json.loads((ROOT / "errata" / "schema" / "report.schema.json").read_text())


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "chapter10.pdf", tmp_path / "chapter10.pdf")
    shutil.copy(FIXTURES / "clean.pdf", tmp_path / "clean.pdf")
    return tmp_path


def test_scan_writes_markdown_report_into_reports(workdir: Path) -> None:
    proc = run_cli("scan", "chapter10.pdf", cwd=workdir)
    assert proc.returncode == 1, proc.stderr
    report = (workdir / "reports" / "chapter10.md").read_text()
    assert report.startswith("# errata report: chapter10.pdf")
    assert "| repeated-word | error | 6 |" in report
    assert "| unresolved-reference | error | 12 |" in report
    assert "### Page 3 (printed 17)" in report
    assert "is **usual representing** the following token" in report
    assert "Suggestion: “usually representing”" in report
    assert proc.stdout == ""
    assert "22 findings" in proc.stderr


def test_json_report_validates_and_is_deterministic(workdir: Path) -> None:
    a = run_cli("scan", "chapter10.pdf", "--format", "json", "-o", "-", cwd=workdir)
    b = run_cli("scan", "chapter10.pdf", "--format", "json", "-o", "-", cwd=workdir)
    assert a.returncode == 1
    assert a.stdout == b.stdout
    data = json.loads(a.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["source"]["pages"] == 5
    first = data["findings"][0]
    assert (first["rule"], first["page"], first["page_label"], first["match"]) == (
        "unresolved-reference",
        1,
        "15",
        "page ??",
    )
    across = [f for f in data["findings"] if len({loc["page"] for loc in f["locations"]}) == 2]
    assert [(f["match"], f["page"], [loc["page"] for loc in f["locations"]]) for f in across] == [
        ("the the", 2, [2, 3])
    ]


def test_clean_pdf_exits_zero(workdir: Path) -> None:
    proc = run_cli("scan", "clean.pdf", "-o", "-", cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    assert "No errata found." in proc.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--fail-on", "never"], 0),
        (["--fail-on", "warning"], 1),
        (["--select", "adjective-for-adverb"], 0),  # warnings only: below the default threshold
        (["--select", "adjective-for-adverb", "--fail-on", "warning"], 1),
        (["--ignore", "typo", "--ignore", "reference"], 0),
    ],
)
def test_exit_codes_follow_fail_on(workdir: Path, args: list[str], code: int) -> None:
    proc = run_cli("scan", "chapter10.pdf", "-o", "-", "--format", "json", *args, cwd=workdir)
    assert proc.returncode == code, proc.stderr


def test_pages_and_select(workdir: Path) -> None:
    proc = run_cli(
        "scan",
        "chapter10.pdf",
        "--pages",
        "3",
        "--select",
        "repeated-word",
        "--format",
        "json",
        "-o",
        "-",
        cwd=workdir,
    )
    data = json.loads(proc.stdout)
    assert [(f["page"], f["match"]) for f in data["findings"]] == [(3, "The the")]
    assert data["scan"]["pages_scanned"] == 1


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.pdf", "no such file"),
        # A folder is a shelf of books now (errata scan books/); one without a PDF is the bad input.
        (lambda d: _folder(d / "no-books"), "no file matching '*.pdf' below this folder"),
        (lambda d: _write(d / "empty.pdf", b""), "the file is empty"),
        (lambda d: _write(d / "png.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100), "not a PDF"),
        (lambda d: _write(d / "cut.pdf", (FIXTURES / "clean.pdf").read_bytes()[:400]), "not a readable PDF"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(workdir: Path, make, message: str) -> None:
    path = make(workdir)
    proc = run_cli("scan", str(path), cwd=workdir)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_rule_suggests_the_closest(workdir: Path) -> None:
    proc = run_cli("scan", "chapter10.pdf", "--select", "repeated-words", cwd=workdir)
    assert proc.returncode == 2
    assert "did you mean 'repeated-word'" in proc.stderr


def test_bad_page_range_is_exit_2(workdir: Path) -> None:
    proc = run_cli("scan", "chapter10.pdf", "--pages", "9", cwd=workdir)
    assert proc.returncode == 2
    assert "past the end" in proc.stderr


def test_report_never_overwrites_the_input(workdir: Path) -> None:
    before = (workdir / "chapter10.pdf").read_bytes()
    proc = run_cli("scan", "chapter10.pdf", "-o", "chapter10.pdf", cwd=workdir)
    assert proc.returncode == 2
    assert (workdir / "chapter10.pdf").read_bytes() == before


def test_rules_and_explain() -> None:
    proc = run_cli("rules")
    assert proc.returncode == 0
    ids = [line.split()[0] for line in proc.stdout.splitlines()]
    assert ids == [
        "adjective-for-adverb",
        "article",
        "dangling-reference",
        "leftover-markup",
        "misspelling",
        "numbering",
        "punctuation",
        "repeated-phrase",
        "repeated-word",
        "term-consistency",
        "unbalanced-bracket",
        "unresolved-reference",
    ]
    proc = run_cli("explain", "repeated-word")
    assert proc.returncode == 0
    assert "## Why is this bad?" in proc.stdout
    assert "[[just just]]" in proc.stdout
    assert run_cli("explain", "nope").returncode == 2


def test_help_is_fast_to_import() -> None:
    """`errata --help` must not import pdfplumber, spaCy or torch."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom errata.cli import cli\n"
        "heavy = [m for m in ('pdfplumber', 'pdfminer', 'spacy', 'torch') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def test_closed_stdout_is_not_a_finding(workdir: Path) -> None:
    """`errata scan x.pdf -o - | head`: the reader going away is exit 141 (SIGPIPE's), never 1, no traceback."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "errata",
            "scan",
            "chapter10.pdf",
            "--format",
            "json",
            "-o",
            "-",
            "--no-cache",
        ],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before errata writes a byte
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert "Traceback" not in err and "Exception" not in err


def test_interrupted_scan_exits_130_and_writes_nothing(workdir: Path) -> None:
    """Ctrl-C: one line, exit 130, and no report (not even a partial one)."""
    import signal
    import subprocess
    import sys
    import time

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    pages = PdfReader(str(workdir / "chapter10.pdf")).pages
    for _ in range(40):
        for page in pages:
            writer.add_page(page)
    with open(workdir / "long.pdf", "wb") as fh:
        writer.write(fh)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "errata",
            "scan",
            "long.pdf",
            "--no-cache",
            "--jobs",
            "1",
            "-o",
            "out/long.md",
        ],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(3.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert (proc.returncode, err.decode()) == (130, "errata: interrupted\n")
    assert not (workdir / "out").exists()
