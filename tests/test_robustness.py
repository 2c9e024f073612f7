"""Hostile input: mutated real PDFs never crash a scan, and rule properties hold for any placement."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from errata.errors import InputError
from errata.extract import extract
from errata.lint.registry import load_rules
from errata.lint.rule import RuleContext
from errata.model.document import Flow, Region
from errata_rules.repeated_word import _PAIR, ALLOWED
from tests.conftest import FIXTURES
from tests.support.fuzz import mutate

SEEDS = range(24)


@pytest.mark.parametrize("seed", SEEDS)
def test_mutated_pdf_opens_cleanly_or_fails_with_one_input_error(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    source = rng.choice(["clean.pdf", "twocol.pdf"])
    kind, data = mutate((FIXTURES / source).read_bytes(), rng)
    path = tmp_path / f"{seed}-{kind}.pdf"
    path.write_bytes(data)
    try:
        doc = extract(str(path), page_timeout=5)
    except InputError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        return
    assert all(p.kind == "page-unreadable" and p.page is not None for p in doc.problems)
    assert sorted(doc.pages_scanned + [p.page for p in doc.problems if p.page]) == list(
        range(1, doc.page_count + 1)
    )


PARAGRAPH = (
    "Large language models are trained on a simple task: given a prefix of text, predict the word that comes "
    "next. In this chapter we introduce the transformer, the neural architecture that underlies nearly every "
    "modern large language model, and show how the same network can be trained on vast corpora and then used to "
    "generate text one token at a time."
).split(" ")
REPEATED = load_rules()["repeated-word"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=len(PARAGRAPH) - 1))
def test_a_word_inserted_twice_anywhere_is_found(i: int) -> None:
    word = PARAGRAPH[i].rstrip(".,:")
    if len(word) < 2 or word[0].isupper() or f"{word} {word}" in ALLOWED:
        return  # single letters, names and grammatical doublings ("that that") are not flagged by design
    words = [*PARAGRAPH[:i], word, *PARAGRAPH[i:]]
    text = " ".join(words)
    start = len(" ".join(PARAGRAPH[:i])) + 1
    hits = list(REPEATED.check(Flow.from_text(text), RuleContext()))
    assert [(h.start, h.end) for h in hits] == [(start, start + 2 * len(word) + 1)], text
    assert " ".join(PARAGRAPH) and not list(
        REPEATED.check(Flow.from_text(" ".join(PARAGRAPH)), RuleContext())
    )


# Letters whose cases do not map one to one (ß and SS, long s, the Kelvin sign, dotless i, final sigma, the
# ligature fi, titlecase digraphs), a combining accent, and what the pattern looks at around a word.
_CASE_TRICKS = [*"aAbBsSßẞſkKKıiIİσςΣﬁǅǆǄéÉe\u0301 '’-.@/\ufffc", "the", "The", "THE", "  "]
_WHOLE_IGNORECASE = regex.compile(_PAIR.pattern.replace(r"((?i:\1))", r"(\1)"), regex.IGNORECASE | regex.V1)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_CASE_TRICKS), max_size=14).map("".join))
def test_the_repeated_word_pattern_matches_as_if_all_of_it_ignored_case(text: str) -> None:
    # Only the copy ignores case, which is ten times faster; the matches must be the same.
    assert _WHOLE_IGNORECASE.pattern != _PAIR.pattern
    spans = [(m.span(1), m.span(2)) for m in _PAIR.finditer(text)]
    assert spans == [(m.span(1), m.span(2)) for m in _WHOLE_IGNORECASE.finditer(text)]


@pytest.fixture(scope="module")
def chapter():
    return extract(str(FIXTURES / "chapter10.pdf"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_span_maps_back_inside_its_pages(chapter, data: st.DataObject) -> None:
    flow = chapter.flows[Region.BODY]
    start = data.draw(st.integers(0, len(flow.text) - 1))
    end = data.draw(st.integers(start + 1, min(len(flow.text), start + 400)))
    locations = flow.locate(start, end)
    if flow.text[start:end].strip():
        assert locations
    for loc in locations:
        width, height = chapter.page_sizes[loc.page]
        x0, top, x1, bottom = loc.bbox
        assert 0 <= x0 <= x1 <= width and 0 <= top < bottom <= height
        assert loc.line >= 1
    assert [loc.page for loc in locations] == sorted(loc.page for loc in locations)
