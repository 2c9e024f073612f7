"""Lines: words clustered by baseline, with sub/superscripts and math glyphs joining the line they sit on."""

from __future__ import annotations

from errata.extract.lines import Line, cluster_baselines, group_lines
from errata.model.document import MASK
from tests.extract.synthetic import MATH, MONO, word, words


def test_words_within_a_third_of_the_type_size_share_a_baseline() -> None:
    page = [word("a", 0, 100), word("b", 10, 102.5), word("c", 20, 103.5), word("d", 0, 112)]
    groups = cluster_baselines(page)
    assert [[w.text for w in g] for g in groups] == [["a", "b"], ["c"], ["d"]]


def test_a_line_joins_its_words_with_a_space_where_the_gap_is_wider_than_a_kern() -> None:
    # Given out of order; "er" is kerned 0.5 pt after "head", "tail" follows a 2.5 pt space (> 15 % of 10 pt).
    ln = Line(words=[word("tail", 33, 100), word("head", 0, 100), word("er", 20.5, 100)], strip=3)
    ln.build()
    assert ln.text == "header tail"
    assert ln.mask == ln.text
    # The space spans the gap between the words.
    assert list(ln.x0s) == [0, 5, 10, 15, 20.5, 25.5, 30.5, 33, 38, 43, 48]
    assert list(ln.x1s) == [5, 10, 15, 20, 25.5, 30.5, 33, 38, 43, 48, 53]
    assert (ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.base, ln.textual) == (0, 53, 90, 100, 10, 100, True)


def test_a_superscript_joins_its_line_and_is_masked_as_a_script() -> None:
    page = [*words("energy mc", 100, 100), word("2", 145, 96, size=7)]
    (ln,) = group_lines(page, 10.0, strip=0)
    assert ln.text == "energy mc2"
    assert ln.mask == "energy mc" + MASK
    assert [w.script for w in ln.words] == [False, False, True]
    # The script does not move the line's box or baseline.
    assert (ln.top, ln.bottom, ln.base, ln.size) == (90, 100, 100, 10)


def test_a_subscript_joins_the_line_above_it_not_the_next_line() -> None:
    page = [*words("the value x", 100, 100), word("i", 155, 103, size=7), *words("next line", 100, 112)]
    lines = group_lines(page, 10.0, strip=0)
    assert [ln.text for ln in lines] == ["the value xi", "next line"]
    assert [w.script for w in lines[0].words] == [False, False, False, True]


def test_a_tall_math_glyph_joins_the_line_and_is_masked_but_not_a_script() -> None:
    # A radical or big delimiter: a math font at full size whose box reaches above and below the line.
    sqrt = word("\u221a", 140, 104, size=14, font=MATH)
    page = [*words("so that", 100, 100), sqrt, word("x", 147, 100, font=MATH)]
    (ln,) = group_lines(page, 10.0, strip=0)
    assert ln.text == "so that \u221ax"
    assert ln.mask == "so that " + MASK + MASK
    assert not any(w.script for w in ln.words)
    assert (ln.base, ln.textual) == (100, True)


def test_small_glyphs_beside_no_line_form_a_line_of_their_own() -> None:
    page = [*words("a line of text", 100, 100), word("12", 400, 130, size=7)]
    lines = group_lines(page, 10.0, strip=0)
    assert [ln.text for ln in lines] == ["a line of text", "12"]
    assert not lines[1].words[0].script
    assert lines[1].size == 7


def test_a_glyph_over_text_of_another_line_stays_out_of_it() -> None:
    # A subscript-sized glyph right above the words of a line (a displayed fraction's numerator) is not
    # pulled into that line: the line already has text where the glyph is.
    page = [*words("numerator", 100, 100), word("n", 110, 92, size=7)]
    lines = group_lines(page, 10.0, strip=0)
    assert [ln.text for ln in lines] == ["n", "numerator"]


def test_a_line_of_math_glyphs_only_is_not_textual_and_keeps_its_own_baseline() -> None:
    page = [word("x", 100, 101, font=MATH), word("y", 110, 101, font=MATH)]
    (ln,) = group_lines(page, 10.0, strip=2)
    assert (ln.text, ln.strip, ln.textual, ln.base) == ("x y", 2, False, 101)


def test_code_words_are_clustered_like_text_and_lines_come_top_down() -> None:
    page = [*words("second", 100, 112, font=MONO), *words("first line", 100, 100)]
    lines = group_lines(page, 10.0, strip=0)
    assert [ln.text for ln in lines] == ["first line", "second"]
    assert lines[1].mask == MASK * 6
