"""The recall harness's own parts: planting, reading troff, locating in print, matching findings, coverage."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from benchmarks.inject import locate, plant, refs, render, score, sources

WORDS = "The value is usually represented as a string, and it is used by the shell.".split()


def test_repeated_word_at_a_given_word_keeps_its_punctuation() -> None:
    new, pl = plant.repeated_word(WORDS, random.Random(0), at=7) or (None, None)
    assert new is not None and pl is not None
    assert new[6:10] == ["a", "string", "string,", "and"]
    assert (pl.kind, pl.start, pl.end) == ("repeated-word", 7, 9)


def test_adjective_for_adverb_replaces_an_ly_adverb_before_a_participle() -> None:
    edit = plant.adjective_for_adverb(WORDS, random.Random(1))
    assert edit is not None
    new, pl = edit
    assert plant.printed_text(new[pl.start : pl.end]) == "usual represented"
    assert pl.detail == "replace-after-is"


def test_words_that_only_end_like_participles_are_none() -> None:
    assert [plant.is_participle(w) for w in ("between", "often", "something", "exceed", "during")] == [
        False
    ] * 5
    assert [plant.is_participle(w) for w in ("taken", "hidden", "expanded", "running", "set")] == [True] * 5


def test_an_adjective_is_inserted_only_before_a_participle_used_as_a_verb() -> None:
    # "are unscaled values" offers only a noun phrase; "is expanded by" a verb
    words = "The limits are unscaled values and the name is expanded by the shell.".split()
    for seed in range(20):
        edit = plant.adjective_for_adverb(words, random.Random(seed))
        assert edit is not None
        new, pl = edit
        assert new[pl.end - 1] == "expanded" and new[pl.start - 1] == "is", (seed, new)
        assert pl.detail == "insert-after-is"
    assert plant.adjective_for_adverb("The limits are unscaled values.".split(), random.Random(0)) is None


def test_a_planted_reference_prints_unresolved() -> None:
    assert plant.printed("\x02(\x01ref:Table\x01).") == "(Table ??)."
    assert plant.printed("\x01ref:page\x01") == "page ??"
    assert plant.printed("\x01cite\x01,") == "[?],"
    assert plant.printed("\x01eqref:Equation\x01") == "Equation (??)"
    counter = [0]
    assert render._tex_words(["see", "\x01ref:page\x01."], counter) == r"see page~\pageref{nosuch1}."


def test_troff_text_lines_and_font_macros_make_paragraphs() -> None:
    src = "\n".join(
        [
            ".TH X 1",
            ".SH DESCRIPTION",
            ".B grep",
            "searches for \\fIpatterns\\fP in each file\\(em one by one.",
            ".TP",
            ".BR \\-e , \\-\\-regexp",
            "Use patterns.",
            ".nf",
            "grep -e x file",
            ".fi",
        ]
    )
    blocks = sources.parse_man(src)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "DESCRIPTION"),
        ("para", "grep searches for patterns in each file\u2014 one by one."),
        ("tag", "-e,--regexp"),
        ("para", "Use patterns."),
        ("example", "grep -e x file"),
    ]
    assert blocks[1].lines == [-1, 3]


def test_breaks_between_printed_boxes() -> None:
    a = locate.Box(1, 5, 300.0, 700.0, 320.0, 710.0)
    assert locate.break_between(a, locate.Box(2, 6, 72.0, 80.0, 90.0, 90.0)) == "page"
    assert locate.break_between(a, locate.Box(1, 6, 72.0, 712.0, 90.0, 722.0)) == "line"
    bottom_left, top_right = (
        locate.Box(1, 4, 60.0, 700.0, 80.0, 710.0),
        locate.Box(1, 5, 300.0, 80.0, 320.0, 90.0),
    )
    assert locate.break_between(bottom_left, top_right) == "column"
    assert locate.norm("(Table") == "table" and locate.norm("??).") == "??" and locate.norm("[?]") == "?"


def _truth(**kw: object) -> dict:
    base = {"id": 1, "kind": "repeated-word", "located": True, "pages": [2], "text": "the the"}
    base["boxes"] = [[2, 100.0, 200.0, 115.0, 210.0], [2, 118.0, 200.0, 133.0, 210.0]]
    return {**base, **kw}


def _finding(rule: str, page: int, bbox: list[float], match: str = "the the") -> dict:
    return {"rule": rule, "page": page, "match": match, "locations": [{"page": page, "bbox": bbox}]}


def test_a_finding_matches_the_erratum_whose_box_it_overlaps() -> None:
    hit = _finding("repeated-word", 2, [101.0, 199.0, 133.0, 211.0])
    elsewhere = _finding("repeated-word", 2, [300.0, 400.0, 330.0, 410.0])
    other_rule = _finding("unresolved-reference", 2, [101.0, 199.0, 133.0, 211.0])
    found, unmatched = score.match([_truth()], [elsewhere, other_rule, hit])
    assert found == {1: hit}
    assert unmatched == [elsewhere, other_rule]


def test_coverage_counts_source_tokens_found_in_a_flow() -> None:
    prose = [{"unit": "u1", "region": "body", "text": "one two three four five six"}]
    cov = score.coverage(prose, {"body": "one two three four\nsix"})
    assert cov == {"body": (4, 6)}


@pytest.mark.skipif(shutil.which("groff") is None or shutil.which("pdftotext") is None, reason="needs groff")
def test_a_planted_word_is_located_in_groff_output(tmp_path: Path) -> None:
    words = "This is a plain paragraph of ordinary prose that groff fills into lines of text.".split()
    new, pl = plant.repeated_word(words, random.Random(0), at=3) or (None, None)
    assert new is not None and pl is not None
    pdf = render.build_groff(".TH X 1\n.SH NAME\nx \\- y\n.SH DESCRIPTION\n" + " ".join(new) + "\n", tmp_path)
    tokens = locate.pdf_tokens(pdf)
    toks, spans = locate.unit_tokens(new)
    idx = locate.Aligner(tokens).align(toks)
    boxes = locate.boxes_of(tokens, idx, spans[pl.start][0], spans[pl.end - 1][1])
    assert boxes is not None
    assert [b.page for b in boxes] == [1, 1]
    assert locate.break_kind(boxes) == "none"
    assert [tokens[i].norm for i in idx[spans[pl.start][0] : spans[pl.end - 1][1]] if i is not None] == [
        "plain",
        "plain",
    ]


def _refs_pool() -> sources.Pool:
    sentence = "The shell reads the input line and splits it into words before it runs the command."
    paragraphs = [" ".join([sentence.replace("shell", f"shell{k}")] * 4) for k in range(12)]
    return sources.Pool(paragraphs, [["ls -l", "cat notes"]], [("-v", "Print more about each step.")], [])


def test_a_refs_document_plants_every_document_level_kind() -> None:
    blocks, planted = refs.generate(
        _refs_pool(), random.Random("1:x-refs-a"), refs.Style(False, True, ":"), "x"
    )
    assert {p.plant.kind for p in planted} == set(plant.DOCUMENT)
    units = {b.unit.uid: b.unit for b in blocks}
    figures = [b.number for b in blocks if b.kind == "figure"]
    for p in planted:
        words = [w.replace(refs.TIE, "") for w in units[p.uid].words[p.plant.start : p.plant.end]]
        if p.plant.kind == "dangling-reference" and p.plant.detail == "Figure":
            assert words[0] in ("Figure", "Fig.") and words[1].rstrip(".") not in figures
        elif p.plant.detail == "figure-repeat":
            assert figures.count(words[1].rstrip(":")) == 2
        elif p.plant.detail == "figure-skip":
            n = int(words[1].rstrip(":"))
            assert str(n - 1) not in figures and str(n - 2) in figures
    # the numbers as planted are the numbers printed: LaTeX sets each counter just before its caption
    src = refs.render_latex(blocks, "pdflatex")
    assert src.count("\\setcounter{figure}") == len(figures)


def test_refs_documents_draw_from_a_stream_of_their_own() -> None:
    a = refs.generate(_refs_pool(), random.Random("1:x-refs-a"), refs.Style(True, True, "."), "x")
    b = refs.generate(_refs_pool(), random.Random("1:x-refs-a"), refs.Style(True, True, "."), "x")
    assert [u.unit.words for u in a[0]] == [u.unit.words for u in b[0]]
    assert all(p.plant.future for p in a[1])
