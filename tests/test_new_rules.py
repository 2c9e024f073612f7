"""The rules of the second wave: quiet on the real fixture PDFs, exact messages, off by default unless measured
quiet on real pages (punctuation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.lint.engine import check_text, run_rules
from errata.lint.registry import load_rules, select_rules
from errata.pipeline import ScanOptions, read
from tests.conftest import FIXTURES
from tests.pdfgen import write_page

NEW = (
    "leftover-markup",
    "unbalanced-bracket",
    "repeated-phrase",
    "article",
    "misspelling",
    "dangling-reference",
    "numbering",
    "term-consistency",
)
RULES = load_rules()


# Measured on real pages at 95 % or more of true findings: on by default.
ON_BY_DEFAULT = ("punctuation",)


def test_new_rules_are_preview_and_off_by_default() -> None:
    default = {r.id for r in select_rules(RULES)}
    for rule_id in NEW:
        assert RULES[rule_id].status.value == "preview"
        assert rule_id not in default
    for rule_id in ON_BY_DEFAULT:
        assert RULES[rule_id].status.value == "stable"
        assert rule_id in default


@pytest.mark.parametrize(
    "pdf", ["tex/chapter10", "tex/clean", "tex/twocol", "other/troff", "other/browser", "other/wordproc"]
)
def test_new_rules_are_quiet_on_the_fixture_pdfs(pdf: str) -> None:
    doc = read(str(FIXTURES.parent / f"{pdf}.pdf"))
    findings, problems = run_rules(doc, [RULES[r] for r in (*NEW, *ON_BY_DEFAULT)])
    assert [(f.rule, f.page, f.match) for f in findings] == []
    assert problems == []


def messages(rule_id: str, text: str) -> list[tuple[str, str | None]]:
    return [(text[h.start : h.end], h.message) for h in check_text(RULES[rule_id], text)]


def test_dangling_reference_names_what_the_chapter_has() -> None:
    captions = "\n".join(f"Figure 10.{i}: A figure." for i in range(1, 13))
    text = f"{captions}\nAs Figure 10.13 shows, and Figure 10.12 too, and Figure 9.4 of the last chapter."
    assert messages("dangling-reference", text) == [
        ("Figure 10.13", "No Figure 10.13; the chapter has Figures 10.1–10.12")
    ]


def test_term_consistency_reports_the_counts() -> None:
    text = " ".join(["The pretrained model."] * 5 + ["A pre-trained one."] * 2)
    found = messages("term-consistency", text)
    assert found == [("pre-trained", "‘pre-trained’ is spelt ‘pretrained’ elsewhere in the document "
                      "(pretrained ×5, pre-trained ×2)")] * 2  # fmt: skip


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("We use a LSTM here.", "an LSTM"),
        ("We use an SVM and a MLP here.", "an MLP"),
        ("It took a hour.", "an hour"),
        ("Plot a x-axis.", "an x"),
        ("It is an one-hot vector.", "a one"),
        ("It is an unigram model.", "a unigram"),
        ("It is an European project.", "a European"),
        ("It is a 8-bit code.", "an 8"),
    ],
)
def test_article_by_pronunciation(text: str, fix: str) -> None:
    (hit,) = check_text(RULES["article"], text)
    assert hit.suggestion == fix


def test_misspelling_respects_the_documents_own_vocabulary() -> None:
    own = "The teh tool reads teh files. Run teh tool. It will recieve data."
    assert [m for m, _ in messages("misspelling", own)] == ["recieve"]


def _contents_page(path: Path, headings: list[str]) -> None:
    """A page with a table of contents (dot leaders, page numbers at the right edge) and then the numbered
    headings it lists: PDFium reads the column of page numbers as a strip of its own, so the entries end in
    their leaders, and every other entry is bold (a block of its own, as chapter entries are)."""
    titles = ["Setting counters", "Expandable commands", "Undefined references", "Loading packages",
              "Defining commands", "Extracting references"]  # fmt: skip
    numbers = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]
    placed: list[tuple[float, float, list[tuple[str, str]]]] = [(72.0, 720.0, [("B", "Contents")])]
    y = 700.0
    for i, (number, title) in enumerate(zip(numbers, titles, strict=True)):
        placed.append((72.0, y, [("B" if i % 2 else "R", f"{number} {title} " + ". " * 20)]))
        placed.append((530.0, y, [("R", str(i + 2))]))
        y -= 14
    y -= 20
    for number, title in zip(headings, titles, strict=True):
        placed.append((72.0, y, [("B", f"{number} {title}")]))
        placed.append((72.0, y - 16, [("R", "The package provides expandable macros to extract the data.")]))
        y -= 40
    write_page(path, placed)


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_numbering_reads_no_contents_entry_as_a_heading(tmp_path: Path, backend: str) -> None:
    pdf = tmp_path / "contents.pdf"
    _contents_page(pdf, ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"])
    findings, _ = run_rules(read(str(pdf), ScanOptions(backend=backend)), [RULES["numbering"]])
    assert [(f.rule, f.match) for f in findings] == []
    _contents_page(pdf, ["1.1", "1.2", "1.2", "2.1", "2.2", "2.3"])  # a heading numbered twice
    findings, _ = run_rules(read(str(pdf), ScanOptions(backend=backend)), [RULES["numbering"]])
    assert [(f.page, f.match, f.message) for f in findings] == [
        (1, "1.2", "Section 1.2 is numbered twice (also on page 1)")
    ]
