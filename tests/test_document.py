"""The document model on a real PDF: flows, regions, running heads, page labels, offsets back to the page."""

from __future__ import annotations

import re

import pytest

from errata.errors import InputError
from errata.extract import extract, parse_pages
from errata.model.document import Region
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def chapter() -> object:
    return extract(str(FIXTURES / "chapter10.pdf"))


def test_printed_page_labels_are_read(chapter) -> None:
    assert chapter.page_labels == {1: "15", 2: "16", 3: "17", 4: "18", 5: "19"}


def test_running_heads_and_page_numbers_are_not_in_any_flow(chapter) -> None:
    for flow in chapter.flows.values():
        assert "THE LANGUAGE MODELING HEAD" not in flow.text
        assert not re.search(r"(^|\s)1[5-9]\s+Transformers", flow.text)


def test_margin_notes_are_their_own_flow_on_left_and_right_pages(chapter) -> None:
    margin = chapter.flows[Region.MARGIN].text.split("\n")
    assert margin == [
        "Query, key and value vectors are computed by three separate learned projections.",
        "Multi-head attention runs several attention computations in parallel, each with its own projections.",
        "residual stream: the running vector for one token, to which every component adds its output.",
        "Weight tying is used in most, though not all, large language models.",
    ]
    body = chapter.flows[Region.BODY].text
    assert "Weight tying is used" not in body and "Query, key and value vectors are computed" not in body


def test_footnotes_and_captions_are_their_own_flows(chapter) -> None:
    footnotes = chapter.flows[Region.FOOTNOTE].text
    assert footnotes.startswith("1The first transformer was introduced for machine translation;")
    assert "2This is also called teacher forcing" in footnotes
    captions = chapter.flows[Region.CAPTION].text.split("\n")
    assert [c.split(":")[0] for c in captions] == ["Figure 10.3", "Table 10.1"]
    body = chapter.flows[Region.BODY].text
    assert "teacher forcing, since" not in body and "Hyperparameters of the three" not in body


def test_code_and_display_math_stay_out_of_prose(chapter) -> None:
    for flow in chapter.flows.values():
        assert "x = x" not in flow.masked
        assert "print print" not in flow.masked
        assert "a ?? b" not in flow.masked


def test_a_line_break_is_a_space_and_locations_have_one_box_per_line(chapter) -> None:
    body = chapter.flows[Region.BODY]
    i = body.text.index("how likely the the next")
    start = i + len("how likely ")
    locations = body.locate(start, start + len("the the"))
    assert [loc.page for loc in locations] == [1, 1]
    assert locations[1].line == locations[0].line + 1
    first, second = (loc.bbox for loc in locations)
    assert first[0] > second[0]  # the first "the" ends its line, the second starts the next
    assert all(b[2] > b[0] and b[3] > b[1] for b in (first, second))


def test_a_page_break_gives_a_box_on_each_page(chapter) -> None:
    body = chapter.flows[Region.BODY]
    for m in re.finditer(r"\bthe the\b", body.text):
        pages = {loc.page for loc in body.locate(m.start(), m.end())}
        if pages == {2, 3}:
            return
    pytest.fail("no 'the the' across the page 2/3 break")


def test_hyphenated_line_end_is_joined(chapter) -> None:
    assert "transformer transformer" in chapter.flows[Region.BODY].text
    assert "trans- former" not in chapter.flows[Region.BODY].text


def test_equation_numbers_are_found(chapter) -> None:
    labels = [e.label for e in chapter.equations]
    assert {"10.1", "10.4", "10.10"} <= set(labels)


def test_parse_pages() -> None:
    assert parse_pages("3-5,1", 10) == [1, 3, 4, 5]
    assert parse_pages(None, 3) == [1, 2, 3]
    with pytest.raises(InputError):
        parse_pages("12", 10)
    with pytest.raises(InputError):
        parse_pages("x", 10)
