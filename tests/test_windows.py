"""Flows read in windows: a scan holds a window of a book's text, and the rules find what they find in the
whole flow (errata.model.windows)."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

import errata.model.windows as windows_module
from errata.extract.assemble import assemble
from errata.extract.page import PageLayout, analyze_page
from errata.extract.pages import open_document
from errata.lint.engine import run_rules
from errata.lint.rule import Examples, Hit, Rule, RuleContext, Severity
from errata.model.document import BLOCK_BREAK, Document, Flow, Region
from errata.model.windows import FlowStore, texts, windows
from errata.pipeline import ScanOptions, plan

FIXTURES = Path(__file__).parent / "fixtures"
CHAPTER = FIXTURES / "tex" / "chapter10.pdf"  # 9 pages of a textbook chapter with planted errata
WHOLE = 10**12  # a window no flow fills


@pytest.fixture(scope="module")
def pages() -> list[PageLayout]:
    handle = open_document("pdfplumber", str(CHAPTER), None)
    try:
        return [analyze_page(*handle.words(i), i) for i in range(1, handle.page_count + 1)]
    finally:
        handle.close()


def document(pages: list[PageLayout], window: int) -> Document:
    # assembly numbers a page's lines and drops its furniture in place: each assembly gets its own copy
    return assemble(copy.deepcopy(pages), path=str(CHAPTER), sha256="", page_count=len(pages), window=window)


@pytest.fixture
def small_windows(monkeypatch: pytest.MonkeyPatch) -> int:
    """Windows of 1,000 characters read with 400 around them: the chapter's body flow makes six (a paragraph
    after no vertical space goes on the block before it, so the cuts fall at headings and displays)."""
    monkeypatch.setattr(windows_module, "CONTEXT", 400)
    return 1_000


def test_a_flow_is_cut_right_after_block_breaks_and_its_windows_join_to_the_whole_flow(
    pages: list[PageLayout], small_windows: int
) -> None:
    whole = document(pages, WHOLE).flows[Region.BODY]
    store = document(pages, small_windows).flows
    assert isinstance(store, FlowStore)
    own = list(texts(store, Region.BODY))
    assert len(own) == 6
    assert all(w.text.endswith(BLOCK_BREAK) for w in own[:-1])
    assert all(len(w.text) >= small_windows for w in own[:-1])
    assert "".join(w.text for w in own) == whole.text
    joined = store[Region.BODY]
    assert (joined.text, joined.masked, joined.fonts) == (whole.text, whole.masked, whole.fonts)
    assert [p.start for p in joined.pieces] == [p.start for p in whole.pieces]


def test_each_window_holds_its_own_text_between_whole_blocks_of_context(
    pages: list[PageLayout], small_windows: int
) -> None:
    whole = document(pages, WHOLE).flows[Region.BODY]
    store = document(pages, small_windows).flows
    base = 0
    for k, window in enumerate(windows(store, Region.BODY)):
        lo, hi = window.own
        text = window.flow.text
        start = base - lo  # where the window's text starts in the flow
        assert text == whole.text[start : start + len(text)]
        assert window.flow.masked == whole.masked[start : start + len(text)]
        assert lo == 0 if k == 0 else lo >= 400 and text[lo - 1] == BLOCK_BREAK
        at_end = start + len(text) == len(whole.text)  # the context runs to the flow's end
        assert hi == len(text) or at_end or (len(text) - hi >= 400 and text.endswith(BLOCK_BREAK))
        # The window's pieces are the flow's, shifted: they box the same printed characters.
        for piece in window.flow.pieces:
            assert text[piece.start : piece.end] == whole.text[start + piece.start : start + piece.end]
        base += hi - lo
    assert base == len(whole.text)


def test_every_rule_finds_in_windows_what_it_finds_in_the_whole_flow(
    pages: list[PageLayout], small_windows: int
) -> None:
    rules = plan(ScanOptions(preview=True)).rules
    found = [asdict(f) for f in run_rules(document(pages, WHOLE), rules)[0]]
    cut = [asdict(f) for f in run_rules(document(pages, small_windows), rules)[0]]
    assert len(found) == 22
    assert cut == found


def every_the(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    start = flow.masked.find("the ")
    while start >= 0:
        yield Hit(start, start + 3, "the")
        start = flow.masked.find("the ", start + 1)


EVERY_THE = Rule("every-the", "every 'the'", Severity.INFO, every_the, Examples((), ()))


def test_a_hit_in_the_context_around_a_window_is_found_once(
    pages: list[PageLayout], small_windows: int
) -> None:
    """Every window's context holds hits of its neighbours; each is reported by its own window only."""
    whole, _ = run_rules(document(pages, WHOLE), [EVERY_THE])
    cut, _ = run_rules(document(pages, small_windows), [EVERY_THE])
    expected = document(pages, WHOLE).flows
    assert len(cut) == sum(f.masked.count("the ") for f in expected.values() if f.region in EVERY_THE.regions)
    assert [(f.locations, f.context) for f in cut] == [(f.locations, f.context) for f in whole]
    assert len({f.locations for f in cut}) == len(cut)


def test_a_fact_of_the_whole_flow_is_surveyed_once_over_every_window(
    pages: list[PageLayout], small_windows: int
) -> None:
    surveyed: list[int] = []

    def words(flows: Iterable[Flow]) -> set[str]:
        seen = list(flows)
        surveyed.append(len(seen))
        return {w for f in seen for w in f.masked.split()}

    facts: list[set[str]] = []

    def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
        facts.append(ctx.of_flow(flow, words))
        return iter(())

    rule = Rule(
        "whole-words", "words", Severity.INFO, check, Examples((), ()), regions=frozenset({Region.BODY})
    )
    run_rules(document(pages, small_windows), [rule])
    whole = document(pages, WHOLE).flows[Region.BODY]
    assert surveyed == [6]  # one survey, of the body's six windows, for the six checks
    assert len(facts) == 6
    assert all(fact == set(whole.masked.split()) for fact in facts)
    # A check of a whole flow surveys that flow alone.
    assert RuleContext().of_flow(whole, words) == set(whole.masked.split())


def test_a_store_pickles_as_its_whole_flows(pages: list[PageLayout], small_windows: int) -> None:
    store = document(pages, small_windows).flows
    copied = pickle.loads(pickle.dumps(store))
    assert set(copied) == set(store)
    assert copied[Region.BODY].text == store[Region.BODY].text
