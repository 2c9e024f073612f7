"""Spilled lists: what a Document holds per printed line, kept mostly in a temporary file."""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import dataclass

import pytest

from errata.model.spill import Spilled


@dataclass
class Item:
    n: int
    text: str


def items(count: int) -> list[Item]:
    return [Item(k, f"line {k}") for k in range(count)]


def test_a_spilled_list_reads_as_the_list_it_was_given() -> None:
    expected = items(1000)
    spilled = Spilled(expected, chunk=64)
    assert len(spilled) == 1000
    assert list(spilled) == expected
    assert spilled == expected and expected == spilled
    picks = (0, 63, 64, 999, -1, -1000)
    assert [spilled[k] for k in picks] == [expected[k] for k in picks]
    assert spilled[10:20] == expected[10:20]
    assert [spilled[k].n for k in range(999, -1, -7)] == list(range(999, -1, -7))  # any order of lookups
    with pytest.raises(IndexError):
        spilled[1000]
    assert spilled.file is not None and spilled.where  # most of it is written out
    assert len(spilled.tail) <= 64


def test_the_last_item_appended_may_still_change() -> None:
    spilled: Spilled[Item] = Spilled(chunk=4)
    for item in items(9):
        spilled.append(item)
        spilled[-1].text += "!"
    assert [i.text for i in spilled] == [f"line {k}!" for k in range(9)]


def test_a_spilled_list_pickles_as_its_items() -> None:
    spilled = Spilled(items(300), chunk=16)
    again = pickle.loads(pickle.dumps(spilled))
    assert isinstance(again, Spilled) and again == spilled and list(again) == items(300)
    assert Spilled() == [] and Spilled(items(3)) != items(4)


def test_without_a_temporary_file_the_chunks_stay_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no usable temporary directory")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    spilled = Spilled(items(200), chunk=16)
    assert spilled.file is None and spilled.blobs
    assert list(spilled) == items(200) and spilled[150] == items(200)[150]


def test_an_extracted_document_keeps_its_lines_and_pieces_spilled() -> None:
    from errata.extract import extract
    from tests.conftest import FIXTURES

    doc = extract(str(FIXTURES / "chapter10.pdf"))
    assert isinstance(doc.lines, Spilled) and len(doc.lines) > 100
    assert all(isinstance(flow.pieces, Spilled) for flow in doc.flows.values())
    assert [ln.page for ln in doc.lines] == sorted(ln.page for ln in doc.lines)
