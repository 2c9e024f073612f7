"""From the printed page back to the source line: SyncTeX and the LaTeX log, on the multi-file book fixture.

tests/fixtures/book is a main file with two \\include'd chapters, built with ``pdflatex -synctex=1`` (build.sh);
its PDF, SyncTeX file and log are committed beside the sources. Every planted erratum is asserted at its exact
file and line.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from errata.model.findings import Finding, Report, Severity
from errata.pipeline import ScanOptions, scan
from errata.sources.latexlog import parse_log, unwrap
from errata.sources.synctex import LineBox, Record, SyncTex, word_line
from tests.conftest import FIXTURES, run_cli

BOOK = FIXTURES.parent / "book"
PDF = BOOK / "main.pdf"

# (rule, match, page) -> the source of each printed piece
PLANTED = {
    # in main.tex, not the paragraph's first line
    ("repeated-word", "of of", 1): ["main.tex:16"],
    # across a printed line break inside one source line (the paragraph starts on line 3)
    ("repeated-word", "the the", 3): ["chapters/ch1.tex:8", "chapters/ch1.tex:8"],
    ("unresolved-reference", "Section ??", 3): ["chapters/ch1.tex:11"],
    ("unresolved-reference", "[?]", 3): ["chapters/ch1.tex:13"],
    # the paragraph starts on line 17
    ("repeated-word", "a a", 4): ["chapters/ch1.tex:18"],
    # across a page break and two source lines: "the" ends line 32 on page 4, "the" starts line 33 on page 5
    ("repeated-word", "the the", 4): ["chapters/ch1.tex:32", "chapters/ch1.tex:33"],
    # typed as text: no LaTeX warning behind it
    ("unresolved-reference", "Figure ??", 7): ["chapters/ch2.tex:12"],
    ("unresolved-reference", "??", 8): ["chapters/ch2.tex:18"],
}


@pytest.fixture(scope="module")
def book() -> Report:
    return scan(str(PDF))


def _key(f: Finding) -> tuple[str, str, int]:
    return (f.rule, f.match, f.page)


def _sources(f: Finding) -> list[str]:
    return [str(loc.source) for loc in f.locations]


def test_every_planted_erratum_maps_to_its_file_and_line(book: Report) -> None:
    assert {_key(f): _sources(f) for f in book.findings} == PLANTED
    across = next(f for f in book.findings if _key(f) == ("repeated-word", "the the", 4))
    assert [loc.page for loc in across.locations] == [4, 5]


def test_the_synctex_file_is_read_as_documented() -> None:
    data = SyncTex.open(str(BOOK / "main.synctex.gz"))
    assert data.page_count == 8 and data.output == "pdf"
    assert data.main_input is not None and data.main_input.endswith("main.tex")
    assert {Path(p).name for p in data.inputs.values()} >= {"main.tex", "ch1.tex", "ch2.tex"}
    page = data.page(3)
    assert page is not None and page.boxes and data.page(99) is None


def test_the_log_names_the_label_or_key_of_every_planted_reference(book: Report) -> None:
    messages = {_key(f): f.message for f in book.findings if f.rule == "unresolved-reference"}
    assert messages[("unresolved-reference", "Section ??", 3)].endswith(
        "(\\ref{sec:smoothing} is undefined at chapters/ch1.tex:11)"
    )
    assert messages[("unresolved-reference", "[?]", 3)].endswith(
        "(\\cite{vaswani2017} is undefined at chapters/ch1.tex:13)"
    )
    assert messages[("unresolved-reference", "??", 8)].endswith(
        "(\\ref{eq:period} is undefined at chapters/ch2.tex:18)"
    )
    severities = {_key(f): f.severity for f in book.findings if f.rule == "unresolved-reference"}
    # "Figure ??" has no warning behind it: lower confidence, a warning instead of an error
    assert severities == {
        ("unresolved-reference", "Section ??", 3): Severity.ERROR,
        ("unresolved-reference", "[?]", 3): Severity.ERROR,
        ("unresolved-reference", "Figure ??", 7): Severity.WARNING,
        ("unresolved-reference", "??", 8): Severity.ERROR,
    }
    # \ref{eq:cost} sits in a display equation no rule reads: reported as a problem at its source line
    assert [(p.kind, p.message) for p in book.problems] == [
        (
            "undefined-reference",
            "\\ref{eq:cost} is undefined at chapters/ch2.tex:14, not printed where a rule reads it",
        ),
        ("latex-log", "main.log: there were undefined references"),
    ]


def test_fingerprints_do_not_depend_on_source_lines(book: Report) -> None:
    plain = scan(str(PDF), ScanOptions(no_synctex=True))
    assert all(loc.source is None for f in plain.findings for loc in f.locations)
    assert [f.fingerprint for f in plain.findings] == [f.fingerprint for f in book.findings]


def _copy(tmp_path: Path, *names: str) -> Path:
    for name in names:
        shutil.copy(BOOK / name, tmp_path / name)
    return tmp_path / "main.pdf"


def test_a_synctex_file_older_than_the_pdf_is_a_one_line_warning(tmp_path: Path) -> None:
    pdf = _copy(tmp_path, "main.pdf", "main.synctex.gz")
    synctex = tmp_path / "main.synctex.gz"
    os.utime(pdf, (synctex.stat().st_mtime + 3600, synctex.stat().st_mtime + 3600))
    report = scan(str(pdf))
    assert [(p.kind, p.message) for p in report.problems] == [
        (
            "synctex-unusable",
            "main.synctex.gz is older than main.pdf: no source lines (rebuild with -synctex=1)",
        )
    ]
    assert len(report.findings) == len(PLANTED)
    assert all(loc.source is None for f in report.findings for loc in f.locations)


def test_a_synctex_file_of_another_pdf_is_a_one_line_warning(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "chapter10.pdf", tmp_path / "chapter10.pdf")
    shutil.copy(BOOK / "main.synctex.gz", tmp_path / "chapter10.synctex.gz")
    report = scan(str(tmp_path / "chapter10.pdf"))
    problems = [p for p in report.problems if p.kind == "synctex-unusable"]
    assert [p.message for p in problems] == [
        "chapter10.synctex.gz is from another build (8 pages, the PDF has 5): no source lines"
    ]
    assert report.findings and all(loc.source is None for f in report.findings for loc in f.locations)


def test_a_named_synctex_file_that_is_missing_or_not_synctex(tmp_path: Path) -> None:
    pdf = _copy(tmp_path, "main.pdf")
    missing = scan(str(pdf), ScanOptions(synctex=str(tmp_path / "nope.synctex.gz")))
    assert [p.kind for p in missing.problems] == ["synctex-unusable"]
    junk = tmp_path / "junk.synctex"
    junk.write_bytes(b"\x1f\x8b not really gzip")
    broken = scan(str(pdf), ScanOptions(synctex=str(junk)))
    assert [p.kind for p in broken.problems] == ["synctex-unusable"]
    assert "\n" not in broken.problems[0].message
    assert all(loc.source is None for f in broken.findings for loc in f.locations)


def test_source_root_makes_paths_relative_to_it(tmp_path: Path) -> None:
    data = SyncTex.open(str(BOOK / "main.synctex.gz"))
    main = data.main_input
    assert main is not None
    root = str(Path(main).parent.parent)
    report = scan(str(PDF), ScanOptions(source_root=root))
    first = next(f for f in report.findings if f.match == "Section ??")
    build = Path(main).parent.name
    assert _sources(first) == [f"{build}/chapters/ch1.tex:11"]


def test_sarif_puts_the_tex_line_first_and_keeps_the_pdf_as_related(tmp_path: Path) -> None:
    from errata.output.reporters.context import RenderContext
    from errata.output.reporters.sarif import sarif_dict
    from tests.test_sarif import VALIDATOR

    report = scan(str(PDF))
    log = sarif_dict(report, RenderContext(cwd=str(BOOK)))
    assert sorted(e.message for e in VALIDATOR.iter_errors(log)) == []
    run = log["runs"][0]
    assert [a["location"]["uri"] for a in run["artifacts"]] == [
        "main.pdf",
        "main.tex",
        "chapters/ch1.tex",
        "chapters/ch2.tex",
    ]
    where = [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run["results"]
    ]
    assert where[:3] == [
        ("main.tex", 16, "main.pdf", 4),
        ("chapters/ch1.tex", 8, "main.pdf", 8),
        ("chapters/ch1.tex", 11, "main.pdf", 11),
    ]
    assert run["results"][5]["properties"]["sources"] == ["chapters/ch1.tex:32", "chapters/ch1.tex:33"]


def test_github_annotates_the_tex_file_and_line() -> None:
    done = run_cli("scan", str(PDF), "--format", "github", "--exit-zero", "--no-config", cwd=BOOK)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(PLANTED)
    assert lines[1].startswith("::error file=chapters/ch1.tex,line=8,title=errata (repeated-word)::p.3")
    assert lines[5].startswith("::error file=chapters/ch1.tex,line=32,title=errata (repeated-word)::")
    assert "errata: warning: main.log: there were undefined references" in done.stderr
    plain = run_cli(
        "scan", str(PDF), "--format", "github", "--exit-zero", "--no-config", "--no-synctex", cwd=BOOK
    )
    assert plain.stdout.splitlines()[1].startswith("::error file=main.pdf,line=8,")


def test_markdown_html_and_json_show_the_source(book: Report) -> None:
    import jsonschema

    from errata.output.reporters import get_renderer

    md = get_renderer("md")(book, None)
    assert "2. **repeated-word** (error), line 8–9 · chapters/ch1.tex:8: Repeated word" in md
    assert "line 20, continues on page 5 · chapters/ch1.tex:32–33:" in md
    html = get_renderer("html")(book, None)
    assert '· <code class="src">chapters/ch1.tex:11</code>' in html
    data = json.loads(get_renderer("json")(book, None))
    schema = json.loads((Path(__file__).parent.parent / "errata/schema/report.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["schema_version"] == "1.2"
    assert data["findings"][1]["locations"][0]["source"] == {
        "file": "chapters/ch1.tex",
        "line": 8,
        "column": None,
    }


def _box(*records: tuple[str, int, float]) -> LineBox:
    box = LineBox(1, 40, 100.0, 400.0, 500.0, 8.0, 2.0)
    box.records = [Record(kind, 1, line, x, 500.0) for kind, line, x in records]
    return box


def test_a_word_takes_the_line_of_the_space_after_it() -> None:
    # "... and | has a": the space before "has" ends source line 4, the space after it is on line 5
    box = _box(("k", 4, 150.0), ("x", 4, 170.0), ("k", 5, 173.0), ("x", 5, 180.0))
    assert word_line(box, 150.0) == (1, 5)
    assert word_line(box, 120.0) == (1, 4)
    # the paragraph's last word: the fill after it carries the paragraph's end line (the box's own): the
    # space before it names the word's line
    last = _box(("g", 7, 150.0), ("x", 7, 170.0), ("k", 40, 400.0), ("g", 40, 400.0))
    assert word_line(last, 150.0) == (1, 7)
    assert word_line(_box(), 150.0) == (1, 40)


def test_the_log_is_unwrapped_and_its_files_followed() -> None:
    text = (
        "This is pdfTeX, Version 3.141592653\n"
        " (./chapters/ch1.tex\n"
        "LaTeX Warning: Reference `a-very-long-label-that-makes-the-warning-wrapx' on pa\n"
        "ge 3 undefined on input line 12.\n"
        ")\n"
        "LaTeX Warning: Citation `key' undefined on input line 4.\n"
        "LaTeX Warning: Label(s) may have changed. Rerun to get cross-references right.\n"
        "Output written on main.pdf (7 pages, 1000 bytes).\n"
    )
    assert len(unwrap(text)) == 7
    log = parse_log(text)
    assert [(u.kind, u.key, u.page, u.line, u.file) for u in log.undefined] == [
        ("reference", "a-very-long-label-that-makes-the-warning-wrapx", "3", 12, "./chapters/ch1.tex"),
        ("citation", "key", None, 4, None),
    ]
    assert log.rerun and not log.undefined_summary and log.output_pages == 7


def test_a_synctex_file_whose_lines_are_not_under_the_findings_is_of_another_build(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "chapter10.pdf", tmp_path / "chapter10.pdf")
    pages = "".join(
        f"{{{n}\n[1,1:0,0:100,100,0\n(1,1:0,655360:655360,65536,0\nk1,2:300000,655360:1000\n)\n]\n}}{n}\n"
        for n in range(1, 6)
    )
    head = "SyncTeX Version:1\nInput:1:/elsewhere/./other.tex\nOutput:pdf\nMagnification:1000\nUnit:1\n"
    (tmp_path / "chapter10.synctex").write_text(head + "X Offset:0\nY Offset:0\nContent:\n" + pages)
    report = scan(str(tmp_path / "chapter10.pdf"))
    assert [p.message for p in report.problems if p.kind == "synctex-unusable"] == [
        "chapter10.synctex does not match the PDF's lines (another build?): no source lines"
    ]
    assert all(loc.source is None for f in report.findings for loc in f.locations)


def test_synctex_names_the_file_of_one_pdf_only() -> None:
    done = run_cli("scan", str(PDF), str(PDF), "--synctex", str(BOOK / "main.synctex.gz"), "-o", "-")
    assert done.returncode == 2
    assert done.stderr == "errata: error: --synctex takes one PDF (several find theirs beside them)\n"


def test_a_row_of_columns_is_not_a_printed_line(tmp_path: Path) -> None:
    # two columns side by side: an hbox of two hboxes of vboxes, on the baseline of the columns' last lines
    text = (
        "SyncTeX Version:1\nInput:1:/b/./main.tex\nOutput:pdf\nMagnification:1000\nUnit:1\n"
        "X Offset:0\nY Offset:0\nContent:\n{1\n[1,1:0,0:40000000,50000000,0\n"
        "(1,90:4000000,40000000:30000000,30000000,0\n"
        "(1,90:4000000,40000000:14000000,30000000,0\n[1,90:4000000,40000000:14000000,30000000,0\n"
        "(1,90:4000000,40000000:14000000,500000,100000\nk1,76:6000000,40000000:200000\n)\n]\n)\n"
        "k1,90:20000000,40000000:1000000\n)\n]\n}1\n"
    )
    path = tmp_path / "main.synctex"
    path.write_text(text)
    page = SyncTex(str(path), text.encode()).page(1)
    assert page is not None
    box = page.line_box(600.0, 610.0, 70.0)
    assert box is not None and (box.line, box.x1 - box.x0 < 250) == (90, True)
    assert word_line(box, 70.0) == (1, 76)


def test_the_source_text_tells_a_hyphenated_first_word_from_the_line_before(tmp_path: Path) -> None:
    from errata.sources.attach import _Texts

    tex = tmp_path / "ch.tex"
    tex.write_text("the output of the final\ntrans-\\linebreak former transformer is\n% a comment\n")
    texts = _Texts()
    assert texts.line_of(str(tex), 1, "transformer") == 2  # the space before "trans-" ends line 1
    assert texts.line_of(str(tex), 1, "final") == 1
    assert texts.line_of(str(tex), 2, "comment") == 2  # comments hold no printed word
    assert texts.line_of(str(tmp_path / "gone.tex"), 1, "transformer") == 1
