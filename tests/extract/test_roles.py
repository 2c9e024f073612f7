"""Line kinds and roles: code, display math, table rows, scripts, headings, captions, footnotes, blocks."""

from __future__ import annotations

import pytest

from errata.extract.lines import Line, LineKind
from errata.extract.roles import (
    classify,
    classify_lines,
    has_table_gap,
    mark_blocks_and_roles,
    mark_tabular_strips,
)
from errata.extract.words import Word
from tests.extract.synthetic import BOLD, MATH, MONO, line, word, words


def built(ws: list[Word], strip: int = 0) -> Line:
    ln = Line(words=ws, strip=strip)
    ln.build()
    return ln


def test_a_line_mostly_in_a_monospaced_font_is_code() -> None:
    assert classify(line("print(x) + 1", 100, 100, font=MONO)) is LineKind.CODE
    # Inline code in a sentence is prose: the code is masked, the line stays in the flow.
    mixed = built([*words("call", 100, 100), word("print(x)", 125, 100, font=MONO), *words("here", 170, 100)])
    assert classify(mixed) is LineKind.PROSE


def test_a_line_of_math_glyphs_with_little_prose_is_display_math() -> None:
    assert classify(line("x = y + z", 100, 100, font=MATH)) is LineKind.MATH
    # One prose word of two letters or more, under half the line: still display math.
    display = built([*words("for", 100, 100), *words("x = y + z", 120, 100, font=MATH)])
    assert classify(display) is LineKind.MATH
    inline = built(
        [*words("where", 100, 100), word("x", 130, 100, font=MATH), *words("is the value", 140, 100)]
    )
    assert classify(inline) is LineKind.PROSE


def test_a_text_font_line_is_prose_however_short_its_words() -> None:
    assert classify(line("and a & b.", 100, 100)) is LineKind.PROSE


def test_a_gap_wider_than_a_justified_space_makes_a_table_row() -> None:
    row = built([*words("Model", 100, 100), *words("124M", 200, 100), *words("0.5", 300, 100)])
    assert has_table_gap(row)
    assert classify(row) is LineKind.TABLE


def test_a_justified_line_with_even_wide_spaces_is_prose_and_a_row_of_figures_is_not() -> None:
    # a narrow justified column: every space stretched alike to more than an em
    justified = built([word(t, 100 + 32 * k, 100) for k, t in enumerate(["in", "use", "in", "the", "base"])])
    figures = built([word(t, 100 + 40 * k, 100) for k, t in enumerate(["0.25", "0.50", "0.75", "1.00"])])
    uneven = built([word(t, x, 100) for t, x in [("in", 100), ("use", 113), ("in", 130), ("the", 190)]])
    assert [classify(ln) for ln in (justified, figures, uneven)] == [
        LineKind.PROSE,
        LineKind.TABLE,
        LineKind.TABLE,
    ]


def test_a_heading_alone_beside_a_column_is_no_table_column_but_a_figure_label_is() -> None:
    heading = line("3 Invocation", 100, 100, strip=1, font=BOLD)
    label = line("gnuplot", 100, 150, strip=4)
    column = [line(f"a long column of running text, line {k}", 300, 100 + 12 * k, strip=2) for k in range(8)]
    cells = [line(t, 100, 200 + 12 * k, strip=3) for k, t in enumerate(["alpha", "beta"])]
    mark_tabular_strips([heading, label, *column, *cells], {1, 2, 3, 4})
    assert [ln.kind for ln in (heading, label, *cells)] == [LineKind.PROSE, *[LineKind.TABLE] * 3]


def test_a_section_number_or_an_equation_number_after_a_wide_gap_is_no_table() -> None:
    heading = built([word("10.6", 100, 100), *words("The Language Modeling Head", 140, 100)])
    bullet = built([word("\u2022", 100, 100), *words("an item", 120, 100)])
    numbered = built([*words("a + b = c", 100, 100), word("(10.9)", 400, 100)])
    unnumbered = built([*words("a + b = c", 100, 100), word("10.9", 400, 100)])
    assert [has_table_gap(ln) for ln in (heading, bullet, numbered, unnumbered)] == [
        False,
        False,
        False,
        True,
    ]


def test_a_script_after_a_wide_gap_is_no_table_gap() -> None:
    ln = built([*words("some text", 100, 100), word("1", 200, 96, size=7)])
    ln.words[-1].script = True
    assert not has_table_gap(ln)


@pytest.mark.parametrize(
    ("make", "margin", "kind"),
    [
        (lambda: line("plain prose", 100, 100), set(), LineKind.PROSE),
        (lambda: line("plain prose", 100, 100, strip=1), {1}, LineKind.MARGIN),
        (lambda: line("code()", 100, 100, font=MONO, strip=1), {1}, LineKind.CODE),
        (lambda: line("x y", 100, 100, size=7, font=MATH), set(), LineKind.SCRIPT),
        (lambda: line("x y", 100, 100, size=10, font=MATH), set(), LineKind.MATH),
        (lambda: line("1 2", 100, 100, size=7), set(), LineKind.PROSE),
    ],
)
def test_classify_lines_sets_scripts_and_margin_notes(make, margin: set[int], kind: LineKind) -> None:
    ln = make()
    classify_lines([ln], 10.0, margin)
    assert ln.kind is kind


def test_a_line_of_script_glyphs_only_is_a_script_line() -> None:
    ln = line("2", 100, 100, size=7)
    ln.words[0].script = True
    classify_lines([ln], 10.0, set())
    assert ln.kind is LineKind.SCRIPT


def test_side_regions_of_a_word_or_two_a_line_are_table_columns_and_so_are_those_aligned_with_them() -> None:
    names = [line(t, 100, 100 + 12 * k, strip=1) for k, t in enumerate(["alpha", "beta", "gamma"])]
    notes = [line("what this one does here", 200, 100 + 12 * k, strip=2) for k in range(3)]
    other = [line("a column of real prose text", 400, 106 + 12 * k, strip=3) for k in range(3)]
    figures = [line("0.25 0.50 0.75 1.00", 300, 100 + 12 * k, strip=4) for k in range(3)]
    mark_tabular_strips(names + notes + other + figures, {1, 2, 3, 4})
    assert [ln.kind for ln in names + figures] == [LineKind.TABLE] * 6
    assert [ln.kind for ln in other] == [LineKind.PROSE] * 3
    # Running prose beside the first column is its description: prose, each row a block of its own.
    assert [(ln.kind, ln.row_start) for ln in notes] == [(LineKind.PROSE, True)] * 3


def test_a_wrapped_description_beside_its_term_is_prose_and_starts_a_block_at_each_term() -> None:
    terms = [line(t, 100, 100 + 24 * k, strip=1) for k, t in enumerate(["ESC-G", "REPLY", "SHELL"])]
    descriptions = [
        line(t, 200, 100 + 12 * k, strip=2)
        for k, t in enumerate(
            [
                "Same as G, except if no number is given",
                "and the input is standard input.",
                "Set to the line of input read by read",
                "when no arguments are supplied.",
                "This variable expands to the full path",
                "of the shell.",
            ]
        )
    ]
    mark_tabular_strips(terms + descriptions, {1, 2})
    assert [ln.kind for ln in terms] == [LineKind.TABLE] * 3
    assert [ln.kind for ln in descriptions] == [LineKind.PROSE] * 6
    assert [ln.row_start for ln in descriptions] == [True, False, True, False, True, False]
    mark_blocks_and_roles(terms + descriptions, 10.0)
    assert [ln.block for ln in descriptions] == [4, 4, 5, 5, 6, 6]


def test_blocks_and_roles_of_a_column() -> None:
    lines = [
        line("Introduction", 100, 100, font=BOLD),
        *(line(f"body text of the section, line {k}", 100, 124 + 12 * k) for k in range(5)),
        line("Figure 3: A small caption", 100, 196),
        line("that goes on", 100, 208),
        line("More text after it,", 100, 232),
        line("and its last line.", 100, 244),
        line("1A footnote at the foot", 100, 276, size=8),
    ]
    # Lines 2 pt apart, paragraphs 14 pt apart: a gap over 2.5 times the typical one breaks a block.
    mark_blocks_and_roles(lines, 10.0)
    assert [(ln.kind, ln.block) for ln in lines] == [
        (LineKind.HEADING, 1),
        *[(LineKind.PROSE, 2)] * 5,
        (LineKind.CAPTION, 3),
        (LineKind.CAPTION, 3),
        (LineKind.PROSE, 4),
        (LineKind.PROSE, 4),
        (LineKind.FOOTNOTE, 5),
    ]


def test_a_large_line_is_a_heading_and_every_heading_line_is_its_own_block() -> None:
    lines = [
        line("Chapter Title", 100, 100, size=12),
        line("Second Line", 100, 114, size=12),
        line("Body text.", 100, 140),
    ]
    mark_blocks_and_roles(lines, 10.0)
    assert [(ln.kind, ln.block) for ln in lines] == [
        (LineKind.HEADING, 1),
        (LineKind.HEADING, 2),
        (LineKind.PROSE, 3),
    ]


def test_a_small_line_above_the_body_text_is_not_a_footnote_and_strips_are_blocked_apart() -> None:
    lines = [
        line("a small note set above", 100, 100, size=8),
        line("The body text.", 100, 124),
        line("Other column.", 300, 124, strip=1),
        line("2", 300, 130, size=7, strip=1, kind=LineKind.SCRIPT),
    ]
    mark_blocks_and_roles(lines, 10.0)
    assert [(ln.kind, ln.block) for ln in lines] == [
        (LineKind.PROSE, 1),
        (LineKind.PROSE, 2),
        (LineKind.PROSE, 3),
        (LineKind.SCRIPT, 3),
    ]


def test_a_paragraph_beside_a_listing_at_another_pitch_is_one_block_of_prose() -> None:
    # The listing's lines, 11.5 pt apart, fall near four of the paragraph's baselines (12 pt apart) by chance:
    # the paragraph has neither table cells nor a row at each of those lines, and is one block.
    names = ["Types:", "deb", "URIs:", "uri", "Suites:", "all"]
    listing = [line(t, 100, 100 + 11.5 * k, strip=1) for k, t in enumerate(names)]
    texts = ["the suite names the release", "that the archive serves and", "the parts of it that are read"]
    texts += ["when each of the types is", "fetched from the archive now", "and the index is kept there"]
    para = [line(t, 200, 100 + 12 * k, strip=2) for k, t in enumerate(texts)]
    mark_tabular_strips(listing + para, {1, 2})
    assert [(ln.kind, ln.row_start) for ln in para] == [(LineKind.PROSE, False)] * 6
