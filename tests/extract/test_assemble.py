"""Assembly: furniture decided across pages, lines numbered, hyphens joined against the lexicon, flows built."""

from __future__ import annotations

from errata.extract.assemble import assemble
from errata.extract.furniture import furniture_bands
from errata.extract.lines import Line, LineKind
from errata.extract.page import PageLayout
from errata.model.document import Document, EquationLabel, Location, Region
from tests.extract.synthetic import line


def layout(index: int, lines: list[Line], *, margin: frozenset[int] = frozenset()) -> PageLayout:
    page = PageLayout(
        index=index, width=600.0, height=800.0, lines=lines, body_size=10.0, margin_strips=margin
    )
    page.bands = furniture_bands(lines, 10.0, 800.0)
    return page


def doc(*pages: PageLayout) -> Document:
    return assemble(list(pages), path="book.pdf", sha256="0" * 64, page_count=len(pages))


def body(*texts: str, block: int = 1) -> list[Line]:
    return [line(t, 100, 100 + 12 * k, block=block) for k, t in enumerate(texts)]


def test_a_line_end_hyphen_is_dropped_when_the_joined_word_is_known() -> None:
    d = doc(layout(1, body("we use a trans-", "former; a transformer is")))
    flow = d.flows[Region.BODY]
    assert flow.text == "we use a transformer; a transformer is"
    assert flow.masked == flow.text
    assert [(p.start, p.end) for p in flow.pieces] == [(0, 14), (14, 38)]


def test_the_hyphen_is_kept_when_the_compound_is_what_the_document_prints() -> None:
    d = doc(layout(1, body("a large-", "scale model; large-scale again")))
    assert d.flows[Region.BODY].text == "a large-scale model; large-scale again"


def test_the_hyphen_is_dropped_when_nothing_says_otherwise() -> None:
    d = doc(layout(1, body("the pre-", "processing step")))
    assert d.flows[Region.BODY].text == "the preprocessing step"


def test_a_hyphen_before_a_capital_or_a_number_is_no_line_end_hyphenation() -> None:
    d = doc(layout(1, body("from New-", "York to Paris-", "2024 and on")))
    assert d.flows[Region.BODY].text == "from New- York to Paris- 2024 and on"


def test_a_hyphen_across_a_block_break_is_not_joined() -> None:
    lines = [line("ends with trans-", 100, 100, block=1), line("former text", 100, 130, block=2)]
    assert doc(layout(1, lines)).flows[Region.BODY].text == "ends with trans-\nformer text"


def test_line_column_and_page_ends_are_spaces_blocks_headings_and_displays_are_newlines() -> None:
    page1 = [
        line("Heading", 100, 100, kind=LineKind.HEADING, block=1),
        line("first line", 100, 124, block=2),
        line("x = y", 100, 136, kind=LineKind.MATH, block=3),
        line("after the display", 100, 148, block=4),
        line("new paragraph", 100, 172, block=5),
        line("next column", 300, 100, strip=1, block=6),
    ]
    page2 = [line("the next page", 100, 100, block=1)]
    d = doc(layout(1, page1), layout(2, page2))
    assert d.flows[Region.BODY].text == (
        "Heading\nfirst line\nafter the display\nnew paragraph next column the next page"
    )


def test_captions_footnotes_and_margin_notes_have_their_own_flows_one_block_each() -> None:
    lines = [
        *body("body text here", "and more"),
        line("Figure 1: a caption", 100, 200, kind=LineKind.CAPTION, block=2),
        line("that continues", 100, 212, kind=LineKind.CAPTION, block=2),
        line("Table 1: another", 100, 300, kind=LineKind.CAPTION, block=3),
        line("a note", 20, 100, strip=1, kind=LineKind.MARGIN, block=4),
        line("1A footnote", 100, 700, size=8, kind=LineKind.FOOTNOTE, block=5),
    ]
    d = doc(layout(1, lines, margin=frozenset({1})))
    assert {r: f.text for r, f in d.flows.items()} == {
        Region.BODY: "body text here and more",
        Region.CAPTION: "Figure 1: a caption that continues\nTable 1: another",
        Region.MARGIN: "a note",
        Region.FOOTNOTE: "1A footnote",
    }


def with_furniture(index: int, head: str, foot: str) -> PageLayout:
    lines = [line(head, 100, 40, size=9), *body(*(f"line {k} of page {index}" for k in range(20)))]
    lines.append(line(foot, 300, 780, size=9))
    return layout(index, lines)


def test_running_heads_and_page_numbers_leave_the_flow_and_label_the_page() -> None:
    d = doc(
        with_furniture(1, "Chapter 10 Transformers", "xv"),
        with_furniture(2, "Chapter 10 Transformers", "xvi"),
    )
    assert d.page_labels == {1: "xv", 2: "xvi"}
    text = d.flows[Region.BODY].text
    assert "Chapter" not in text and "xv" not in text
    assert text.startswith("line 0 of page 1 line 1 of page 1")
    # Line numbers count text baselines from the top, the running head not counted.
    assert [(p.page, p.line) for p in d.flows[Region.BODY].pieces[:2]] == [(1, 1), (1, 2)]


def test_a_margin_note_takes_the_number_of_the_text_line_beside_it() -> None:
    lines = [*body("one", "two", "three"), line("note", 20, 124, strip=1, kind=LineKind.MARGIN, block=2)]
    d = doc(layout(1, lines, margin=frozenset({1})))
    assert [p.line for p in d.flows[Region.MARGIN].pieces] == [3]


def test_equation_numbers_carry_the_printed_page_label() -> None:
    page = with_furniture(1, "Chapter 10 Transformers", "17")
    page.equations = ["10.9"]
    assert doc(page).equations == [EquationLabel("10.9", 1, "17")]


def test_a_located_piece_carries_the_extent_of_its_whole_printed_line() -> None:
    d = doc(layout(1, body("we use a trans-", "former; a transformer is")))
    flow = d.flows[Region.BODY]
    start = flow.text.index("transformer")
    # The match spans the line break: one box per printed line, each with its line's extent.
    assert flow.locate(start, start + len("transformer")) == [
        Location(1, None, 1, (145.0, 90.0, 170.0, 100.0), (100.0, 175.0)),
        Location(1, None, 2, (100.0, 102.0, 130.0, 112.0), (100.0, 220.0)),
    ]
    # The dropped hyphen (170-175) is not in the flow, but it is part of the printed line.
    assert flow.pieces[0].extent == (100.0, 175.0)
