"""Word building: the glyphs of a page, in drawing order, cut into words."""

from __future__ import annotations

from collections.abc import Sequence

from errata.extract.words import WordBuilder, mode_size
from tests.extract.synthetic import word


def build(
    glyphs: Sequence[tuple[str, float, float, float, str, float, bool]],
) -> list[tuple[str, float, float]]:
    """Feed (text, x0, x1, bottom, font, size, upright) glyphs; the words as (text, x0, x1)."""
    builder = WordBuilder()
    for text, x0, x1, bottom, font, size, upright in glyphs:
        if text == " ":
            builder.flush()
            continue
        builder.add(text, x0, x1, bottom - size, bottom, font, size, upright)
    builder.flush()
    return [(w.text, w.x0, w.x1) for w in builder.words]


def test_adjacent_glyphs_of_one_font_size_and_baseline_are_one_word() -> None:
    assert build([("a", 0, 5, 100, "F", 10, True), ("b", 5, 10, 100, "F", 10, True)]) == [("ab", 0, 10)]


def test_a_kern_is_not_a_break_but_a_gap_over_the_tolerance_is() -> None:
    # The tolerance is 15 % of the type size: 1.5 pt at 10 pt.
    kern = [("a", 0, 5, 100, "F", 10, True), ("b", 6.5, 11.5, 100, "F", 10, True)]
    gap = [("a", 0, 5, 100, "F", 10, True), ("b", 6.75, 11.75, 100, "F", 10, True)]
    assert build(kern) == [("ab", 0, 11.5)]
    assert build(gap) == [("a", 0, 5), ("b", 6.75, 11.75)]


def test_a_font_change_cuts_a_word() -> None:
    glyphs = [("x", 0, 5, 100, "CMR10", 10, True), ("y", 5, 10, 100, "CMMI10", 10, True)]
    assert build(glyphs) == [("x", 0, 5), ("y", 5, 10)]


def test_a_size_change_cuts_a_word() -> None:
    glyphs = [("x", 0, 5, 100, "F", 10, True), ("2", 5, 8.5, 100, "F", 7, True)]
    assert build(glyphs) == [("x", 0, 5), ("2", 5, 8.5)]


def test_a_baseline_step_over_three_points_cuts_a_word() -> None:
    small = [("a", 0, 5, 100, "F", 10, True), ("b", 5, 10, 103, "F", 10, True)]
    big = [("a", 0, 5, 100, "F", 10, True), ("b", 5, 10, 103.5, "F", 10, True)]
    assert build(small) == [("ab", 0, 10)]
    assert build(big) == [("a", 0, 5), ("b", 5, 10)]


def test_a_step_backwards_of_half_an_em_cuts_a_word() -> None:
    overprint = [("a", 0, 5, 100, "F", 10, True), ("b", 1, 6, 100, "F", 10, True)]
    back = [("a", 10, 15, 100, "F", 10, True), ("b", 4, 9, 100, "F", 10, True)]
    assert build(overprint) == [("ab", 0, 6)]
    assert build(back) == [("a", 10, 15), ("b", 4, 9)]


def test_a_space_glyph_cuts_and_rotated_glyphs_make_no_word() -> None:
    glyphs = [
        ("a", 0, 5, 100, "F", 10, True),
        (" ", 5, 6, 100, "F", 10, True),
        ("b", 6, 11, 100, "F", 10, True),
        ("r", 20, 25, 100, "F", 10, False),
        ("c", 30, 35, 100, "F", 10, True),
    ]
    assert build(glyphs) == [("a", 0, 5), ("b", 6, 11), ("c", 30, 35)]


def test_a_word_box_spans_the_tallest_glyph() -> None:
    builder = WordBuilder()
    builder.add("a", 0, 5, 92, 100, "F", 10, True)
    builder.add("b", 5, 10, 89, 101, "F", 10, True)
    builder.flush()
    (w,) = builder.words
    assert (w.top, w.bottom, w.cx0, w.cx1) == (89, 101, [0, 5], [5, 10])


def test_the_body_size_is_the_size_most_characters_are_set_in() -> None:
    page = [
        word("Heading", 0, 20, size=14),
        word("body", 0, 40),
        word("text", 30, 40),
        word("1", 0, 60, size=7),
    ]
    assert mode_size(page) == 10.0
    assert mode_size([word("x", 0, 10, size=10.2), word("y", 0, 20, size=9.9)]) == 10.0
    assert mode_size([]) == 0.0
