"""A whole synthetic page through analyze_page: regions, lines, kinds, furniture candidates, equation numbers."""

from __future__ import annotations

from errata.extract.page import analyze_page
from errata.extract.words import Word
from tests.extract.synthetic import BOLD, MATH, word, words


def two_column_page() -> list[Word]:
    page = words("Chapter 10 Transformers", 100, 40, size=9)  # running head
    page += words("A Title Set In Bold Type Across The Whole Width Of The Page", 100, 80, size=12, font=BOLD)
    for k in range(6):
        page += words(f"left column line {k} of the text", 100, 110 + 12 * k)
        page += words(f"right column line {k} of text", 270, 110 + 12 * k)
    # A display as TeX sets it: letters in the math italic, "=" and the number in the text font.
    page += [word("x", 150, 182, font=MATH), word("=", 160, 182), word("y", 170, 182, font=MATH)]
    page.append(word("(10.1)", 220, 182))
    page += words("a note", 20, 122, size=8) + words("beside", 20, 132, size=8)
    page += words("15", 250, 780, size=9)  # page number
    return page


def test_a_two_column_page_with_title_running_head_margin_note_and_equation() -> None:
    layout = analyze_page(two_column_page(), 600.0, 800.0, 3)
    assert (layout.index, layout.width, layout.height, layout.body_size) == (3, 600.0, 800.0, 10.0)
    assert [(ln.strip, ln.kind.value, ln.text) for ln in layout.lines] == [
        (1, "prose", "Chapter 10 Transformers"),
        (2, "heading", "A Title Set In Bold Type Across The Whole Width Of The Page"),
        *[(3, "prose", f"left column line {k} of the text") for k in range(6)],
        (3, "math", "x = y (10.1)"),
        *[(4, "prose", f"right column line {k} of text") for k in range(6)],
        (5, "prose", "15"),
        (0, "margin", "a note"),
        (0, "margin", "beside"),
    ]
    assert layout.margin_strips == frozenset({0})
    assert [(b.position, b.text) for b in layout.bands] == [
        ("top", "Chapter 10 Transformers"),
        ("bottom", "15"),
    ]
    assert layout.equations == ["10.1"]
    assert all(ln.words == [] for ln in layout.lines)  # later stages read text, mask and boxes only


def test_blocks_follow_the_reading_order_and_the_column_break() -> None:
    layout = analyze_page(two_column_page(), 600.0, 800.0, 1)
    blocks = {(ln.strip, ln.kind.value): ln.block for ln in layout.lines if ln.strip not in (1, 5)}
    assert blocks == {(0, "margin"): 1, (2, "heading"): 2, (3, "prose"): 3, (3, "math"): 4, (4, "prose"): 5}


def test_an_empty_page_has_no_lines() -> None:
    blank = Word(" ", 0.0, 5.0, 0.0, 10.0, 10.0, "F", [0.0], [5.0])
    for page in ([], [blank]):
        layout = analyze_page(page, 600.0, 800.0, 1)
        assert (layout.lines, layout.bands, layout.body_size, layout.error) == ([], [], 0.0, None)
