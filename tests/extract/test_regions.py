"""Regions of a page: gutters, the X-Y cut, side-by-side regions and margin notes."""

from __future__ import annotations

from errata.extract.regions import find_regions, gutter, horizontal_bands, side_by_side, xy_cut
from errata.extract.words import Word
from tests.extract.synthetic import word, words


def texts(region: list[Word]) -> list[str]:
    return [w.text for w in sorted(region, key=lambda w: (w.top, w.x0))]


def column(x0: float, first_bottom: float, lines: list[str], leading: float = 12.0) -> list[Word]:
    out: list[Word] = []
    for k, text in enumerate(lines):
        out.extend(words(text, x0, first_bottom + k * leading))
    return out


def test_the_widest_empty_strip_with_text_on_both_sides_is_the_gutter() -> None:
    # Columns 100-200 and 230-330, a narrower gap 200-210 inside the left one on the first line only.
    page = [word("aaaaaaaaaaaaaaaaaaaa", 100, 100), word("bbbbbbbbbbbbbbbbbbbb", 230, 100)]
    page += [word("cc", 100, 112), word("dddddddddddddddd", 120, 112), word("eeeeeeeeeeeeeeeeeeee", 230, 112)]
    assert gutter(page, 7.0) == (201.0, 230.0)
    assert gutter(page, 40.0) is None
    assert gutter([word("one", 100, 100)], 7.0) is None


def test_horizontal_bands_split_at_a_clear_vertical_gap() -> None:
    page = column(100, 100, ["one", "two"]) + column(100, 150, ["three"])
    bands = horizontal_bands(page, 6.0)
    assert [texts(b) for b in bands] == [["one", "two"], ["three"]]


def test_two_columns_are_read_one_after_the_other() -> None:
    left = column(100, 100, ["left one", "left two", "left three"])
    right = column(260, 100, ["right one", "right two", "right three"])
    regions = xy_cut(left + right, 10.0)
    assert [texts(r) for r in regions] == [
        ["left", "one", "left", "two", "left", "three"],
        ["right", "one", "right", "two", "right", "three"],
    ]


def test_a_full_width_title_stays_whole_above_the_columns() -> None:
    title = words("A title that runs across both columns of the page", 100, 60)
    left = column(100, 100, ["left one", "left two"])
    right = column(260, 100, ["right one", "right two"])
    regions = xy_cut(title + left + right, 10.0)
    assert [texts(r) for r in regions] == [
        ["A", "title", "that", "runs", "across", "both", "columns", "of", "the", "page"],
        ["left", "one", "left", "two"],
        ["right", "one", "right", "two"],
    ]


def test_columns_below_a_title_are_each_read_to_their_end_across_a_paragraph_gap() -> None:
    title = words("A title that runs across both columns of the page", 100, 60)
    # A paragraph gap in both columns at the same height: the bands' gutters line up and stay one run.
    left = column(100, 100, ["left one"]) + column(100, 130, ["left two"])
    right = column(260, 100, ["right one"]) + column(260, 130, ["right two"])
    regions = xy_cut(title + left + right, 10.0)
    assert [texts(r) for r in regions][1:] == [
        ["left", "one", "left", "two"],
        ["right", "one", "right", "two"],
    ]


def test_side_by_side_regions_share_their_height() -> None:
    left = column(100, 100, ["a", "b", "c"])
    right = column(260, 100, ["d", "e", "f"])
    below = column(100, 200, ["g"])
    assert side_by_side([left, right, below]) == {0, 1}
    assert side_by_side([left, below]) == set()


def test_a_narrow_region_beside_the_text_block_is_a_margin_note() -> None:
    body = column(150, 100, [f"body line number {k}" for k in range(8)])
    note = column(50, 124, ["a note", "beside"])
    regions = find_regions(note + body, 10.0)
    assert [texts(r) for r in regions.words.values()] == [["a", "note", "beside"], texts(body)]
    assert regions.side == {0, 1}
    assert regions.margin == frozenset({0})


def test_two_equal_columns_are_both_main_text_not_margin_notes() -> None:
    left = column(100, 100, ["left one", "left two", "left three"])
    right = column(260, 100, ["right one", "right two", "right three"])
    regions = find_regions(left + right, 10.0)
    assert len(regions.words) == 2
    assert regions.side == {0, 1}
    assert regions.margin == frozenset()


def test_a_single_column_page_is_one_region() -> None:
    page = column(100, 100, ["one line of text", "and another one"])
    regions = find_regions(page, 10.0)
    assert [texts(r) for r in regions.words.values()] == [texts(page)]
    assert (regions.side, regions.margin) == (set(), frozenset())
