"""Equation numbers printed at the right end of display lines."""

from __future__ import annotations

from errata.extract.equations import equation_numbers
from errata.extract.lines import Line, LineKind
from errata.extract.words import Word
from tests.extract.synthetic import MATH, MONO, word, words


def display(ws: list[Word], kind: LineKind = LineKind.MATH) -> Line:
    ln = Line(words=ws, strip=0)
    ln.build()
    ln.kind = kind
    return ln


def test_numbers_at_the_right_end_of_display_lines_are_read() -> None:
    lines = [
        display([*words("x = y", 200, 100, font=MATH), word("(10.9)", 450, 100)]),
        display([*words("a + b", 200, 130, font=MATH), word("(3a)", 450, 130)]),
        display([*words("f(x)", 200, 160, font=MATH), word("(A.2)", 450, 160)]),
        display([*words("g = h", 200, 190, font=MATH), word("(2-1)", 450, 190)]),
    ]
    assert equation_numbers(lines) == ["10.9", "3a", "A.2", "2-1"]


def test_a_number_close_to_the_formula_or_not_an_equation_number_is_not_read() -> None:
    lines = [
        # less than two type sizes (20 pt) between the formula and the number
        display([*words("x = y", 200, 100, font=MATH), word("(1)", 240, 100)]),
        display([*words("x = y", 200, 130, font=MATH), word("(x)", 450, 130)]),
        display([*words("x = y", 200, 160, font=MATH), word("1.2", 450, 160)]),
        display([*words("(2)", 450, 190)]),
    ]
    assert equation_numbers(lines[:3]) == []
    # A number alone on its line has nothing to be close to.
    assert equation_numbers(lines[3:]) == ["2"]


def test_tables_and_short_prose_lines_count_but_long_prose_and_code_do_not() -> None:
    table = display([*words("x  y", 200, 100), word("(4)", 450, 100)], LineKind.TABLE)
    short = display([*words("and so on", 200, 130), word("(5)", 450, 130)], LineKind.PROSE)
    long = display([*words("a line of real prose", 200, 160), word("(6)", 450, 160)], LineKind.PROSE)
    code = display([*words("f(x)", 200, 190, font=MONO), word("(7)", 450, 190)], LineKind.CODE)
    heading = display([*words("Heading", 200, 220), word("(8)", 450, 220)], LineKind.HEADING)
    assert equation_numbers([table, short, long, code, heading]) == ["4", "5"]
