"""Running heads and feet: the candidate bands of one page, page numbers, and the decision across pages."""

from __future__ import annotations

from collections import Counter

import pytest

from errata.extract.furniture import (
    Band,
    band_key,
    count_repeats,
    furniture_bands,
    is_furniture,
    page_number_of,
)
from errata.extract.lines import Line, LineKind
from tests.extract.synthetic import line

HEIGHT = 800.0


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("15", "15"),
        ("  15 ", "15"),
        ("xvii", "xvii"),
        ("XIV", "XIV"),
        ("xlix", "xlix"),
        ("Page 3", "3"),
        ("page 3 of 10", "3"),
        ("3 / 10", "3"),
        ("- 7 -", "7"),
        ("\u2013 12 \u2013", "12"),
        ("Transformers 17", "17"),
        ("17 Chapter 10 \u00b7 Transformers", "17"),
        ("iv  Preface", "iv"),
        ("Preface  iv", "iv"),
        ("Chapter ten", None),
        ("12345", None),
        ("Contents", None),
        ("", None),
    ],
)
def test_the_page_number_of_a_band_is_read_at_its_start_or_end(text: str, number: str | None) -> None:
    assert page_number_of(text) == number


def page(head: str | None, foot: str | None, *, head_size: float = 9.0) -> list[Line]:
    lines = [line(f"body line {k} of the text block", 100, 120 + 12 * k) for k in range(40)]
    if head is not None:
        lines.insert(0, line(head, 100, 60, size=head_size))
    if foot is not None:
        lines.append(line(foot, 300, 760, size=9))
    return lines


def test_a_head_and_a_foot_set_apart_by_a_gap_are_candidate_bands() -> None:
    bands = furniture_bands(page("Chapter 10 Transformers", "15"), 10.0, HEIGHT)
    assert [(b.position, b.text, b.size) for b in bands] == [
        ("top", "Chapter 10 Transformers", 9.0),
        ("bottom", "15", 9.0),
    ]


def test_lines_on_one_baseline_make_one_band_read_left_to_right() -> None:
    lines = page(None, None)
    lines += [line("Transformers", 300, 60, size=9), line("16", 100, 60, size=9)]
    (band,) = furniture_bands(lines, 10.0, HEIGHT)
    assert (band.position, band.text) == ("top", "16  Transformers")


def test_no_band_without_a_gap_or_too_far_from_the_edge() -> None:
    close = page(None, None)
    close.insert(0, line("Right above the text", 100, 112))
    assert furniture_bands(close, 10.0, HEIGHT) == []
    low = [line(f"body line {k}", 100, 120 + 12 * k) for k in range(10)]
    low.append(line("a line far below", 100, 500))  # a clear gap, but above the bottom quarter of the page
    assert furniture_bands(low, 10.0, HEIGHT) == []
    assert furniture_bands([line("only one line", 100, 100)], 10.0, HEIGHT) == []


def test_script_lines_are_not_band_candidates() -> None:
    lines = page(None, None)
    lines.insert(0, line("1", 100, 60, size=6, kind=LineKind.SCRIPT))
    assert furniture_bands(lines, 10.0, HEIGHT) == []


def test_band_keys_ignore_page_numbers_and_roman_numerals() -> None:
    assert band_key(Band("top", [], "Chapter 10  Transformers   17", 9.0)) == "chapter # transformers #"
    assert band_key(Band("top", [], "xiv  Preface", 9.0)) == "# preface"


def band(position: str, text: str, size: float = 9.0, at: float = 60.0) -> Band:
    return Band(position, [line(text, 100, at, size=size)], text, size)


def test_a_band_is_furniture_by_its_page_number_its_repeats_or_small_type_at_the_edge() -> None:
    repeats = count_repeats(
        [band("top", "Transformers 16"), band("top", "Transformers 18"), band("top", "Once")]
    )
    assert repeats == Counter({("top", "transformers #"): 2, ("top", "once"): 1})
    # A page number, in type no bigger than the body's.
    assert is_furniture(band("bottom", "15", at=760), Counter(), 10.0, HEIGHT)
    assert not is_furniture(band("bottom", "15", size=14, at=760), Counter(), 10.0, HEIGHT)
    # A band that repeats on another page, whatever its size or place.
    assert is_furniture(band("top", "Transformers 20", size=12, at=200), repeats, 10.0, HEIGHT)
    # Small type at the very edge of the page.
    assert is_furniture(band("top", "Draft of a book", at=40), repeats, 10.0, HEIGHT)
    assert not is_furniture(band("top", "Draft of a book", at=90), repeats, 10.0, HEIGHT)
    assert not is_furniture(band("top", "Once", size=10, at=40), repeats, 10.0, HEIGHT)
    assert is_furniture(band("bottom", "small print", at=790), repeats, 10.0, HEIGHT)


def test_a_head_close_to_the_text_is_a_weak_candidate_that_counts_only_if_it_repeats() -> None:
    # Lines 10 pt apart (a list with space between items): a clear gap is three of those, 30 pt; the head
    # sits 15 pt above the first line, more than a line's worth of white but less than a clear gap.
    lines = [line(f"item {k} of a list with space between", 100, 130 + 20 * k) for k in range(30)]
    lines.insert(0, line("Reference notes", 100, 105))
    band, foot = furniture_bands(lines, 10.0, HEIGHT)
    assert (band.position, band.text, band.strong) == ("top", "Reference notes", False)
    assert (foot.position, foot.strong) == ("bottom", False)  # the last item: a candidate, not furniture
    assert is_furniture(band, count_repeats([band, band]), 10.0, HEIGHT)
    # once in the document, a weak band is read as text, even a number or small type at the edge
    assert not is_furniture(band, count_repeats([band]), 10.0, HEIGHT)
    number = Band("bottom", [], "15", 9.0, strong=False)
    assert not is_furniture(number, count_repeats([number]), 10.0, HEIGHT)


def test_a_margin_note_down_to_the_foot_does_not_hide_the_page_number() -> None:
    lines = page(None, "15")
    lines += [line(f"a margin note {k}", 480, 700 + 12 * k, size=8, strip=1) for k in range(6)]
    # read as one page, the note closes the gap: the foot is at most a weak candidate with the note's last line
    assert [(b.text, b.strong) for b in furniture_bands(lines, 10.0, HEIGHT)] == [
        ("15  a margin note 5", False)
    ]
    (band,) = furniture_bands(lines, 10.0, HEIGHT, margin={1})
    assert (band.position, band.text, band.strong) == ("bottom", "15", True)


def test_a_footnote_at_the_foot_is_no_running_foot_for_its_number() -> None:
    note = band(
        "bottom", "1 The expansion in Section 3 is a string that is the result of expanding it.", at=760
    )
    assert not is_furniture(note, count_repeats([note]), 10.0, HEIGHT)
    assert is_furniture(band("bottom", "17 Chapter 10 · Transformers", at=760), Counter(), 10.0, HEIGHT)
    assert is_furniture(band("bottom", "GNU grep 3.8  2019-12-29  3", at=760), Counter(), 10.0, HEIGHT)
