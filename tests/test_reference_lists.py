"""Index and table-of-contents pages: lines that end in page numbers are entries, not prose."""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.extract import extract
from errata.model.document import Region, Role
from tests.pdfgen import write_pdf

INDEX = [
    "HAL loadrt loadrt, 208",
    "HAL loadusr loadusr, 209",
    "halcmd, 211, 214",
    "kinematics, 45-47",
    "Preface, xi",
    "softmax, 12",
    "stepgen, 301",
    "tristate bit, 317",
]
PROSE = [
    "The block reads from the stream and writes its output to it, at every one of the 12",
    "layers of the model; the attention heads of layer 3 see all of it, and so do the",
    "feedforward layers, which hold most of the parameters of a model of this size.",
    "Nothing here is an entry of an index, although two lines end in numbers like 12",
    "and 3 above.",
]


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_index_entries_are_their_own_role(tmp_path: Path, backend: str) -> None:
    pdf = tmp_path / "index.pdf"
    write_pdf(pdf, [[("R", line)] for line in INDEX])
    doc = extract(str(pdf), backend=backend)
    assert [ln.role for ln in doc.lines] == [Role.INDEX] * len(INDEX)
    assert Region.BODY not in doc.flows
    assert doc.flows[Region.INDEX].text == "\n".join(INDEX)  # each entry a block: no repeat across entries


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_prose_with_numbers_at_line_ends_stays_prose(tmp_path: Path, backend: str) -> None:
    pdf = tmp_path / "prose.pdf"
    write_pdf(pdf, [[("R", line)] for line in PROSE])
    doc = extract(str(pdf), backend=backend)
    assert {ln.role for ln in doc.lines} == {Role.BODY}
    assert doc.flows[Region.BODY].text == " ".join(PROSE)


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_list_items_beside_their_bullets_are_prose(tmp_path: Path, backend: str) -> None:
    """A column of bullets set apart from the items (as word processors print lists) marks no table."""
    from tests.pdfgen import write_page

    before = [
        "The installer reads its settings from the environment before it starts, and every one of",
        "them can be changed on the command line; the settings that matter most are these:",
    ]
    items = [
        "Defines the user base directory, which is used to compute the path",
        "of the site directory and of the scripts that the installer writes.",
        "Compresses or uncompresses a raw stream without headers, for users.",
        "Sets the length of the common prefix of a file name and its stem.",
    ]
    after = ["Each of them is read once, when the installer starts, and none of them is written back."]
    placed: list[tuple[float, float, list[tuple[str, str]]]] = []
    y = 700.0
    for line in before:
        placed.append((72, y, [("R", line)]))
        y -= 13.75
    for item in items:
        placed += [(84, y - 6, [("R", "•")]), (100, y - 6, [("R", item)])]
        y -= 13.75
    placed.append((72, y - 12, [("R", after[0])]))
    pdf = tmp_path / "list.pdf"
    write_page(pdf, placed)
    doc = extract(str(pdf), backend=backend)
    assert {ln.role for ln in doc.lines} == {Role.BODY}
    assert doc.flows[Region.BODY].text.replace("• ", "") == " ".join([*before, *items, *after])


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_a_definition_term_is_a_block_before_its_description(tmp_path: Path, backend: str) -> None:
    """A term on its own line over a hanging-indented description (groff's .TP): the description starts a
    block, so "create" / "Create a stash entry" is no repeat; a paragraph's last line is no term."""
    from tests.pdfgen import write_page

    pdf = tmp_path / "terms.pdf"
    write_page(
        pdf,
        [
            (72, 700, [("R", "create")]),
            (
                108,
                686,
                [("R", "Create a stash entry, which is a regular commit object, and return its name.")],
            ),
            (
                72,
                660,
                [("R", "The entries are kept until they are dropped, and the list of them is shown with")],
            ),
            (72, 646, [("R", "the the list.")]),
        ],
    )
    doc = extract(str(pdf), backend=backend)
    text = doc.flows[Region.BODY].text
    assert text.startswith("create\nCreate a stash entry")
    assert "shown with the the list." in text
