"""Every rule's own examples run here (LanguageTool's contract): bad ones flag exactly the marked span with the
expected suggestion, applying the suggestion silences the rule, good ones are never flagged."""

from __future__ import annotations

import pytest

from errata.lint.engine import check_text
from errata.lint.registry import load_rules
from errata.lint.rule import Rule

RULES = load_rules()
CASES_BAD = [(r, i) for r in RULES.values() for i in range(len(r.examples.bad))]
CASES_GOOD = [(r, i) for r in RULES.values() for i in range(len(r.examples.good))]


def hits(rule: Rule, text: str) -> list[tuple[int, int, str | None]]:
    return [(h.start, h.end, h.suggestion) for h in check_text(rule, text)]


def test_builtin_rules_are_registered() -> None:
    assert {"repeated-word", "adjective-for-adverb", "unresolved-reference", "article", "misspelling"} <= set(
        RULES
    )


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_rule_has_examples_of_both_kinds(rule: Rule) -> None:
    assert rule.examples.bad, f"{rule.id} has no bad example"
    assert rule.examples.good, f"{rule.id} has no good example"


@pytest.mark.parametrize(("rule", "i"), CASES_BAD, ids=[f"{r.id}-bad{i}" for r, i in CASES_BAD])
def test_bad_example_is_flagged_exactly(rule: Rule, i: int) -> None:
    bad = rule.examples.bad[i]
    start, end = bad.span
    found = hits(rule, bad.plain)
    assert [(s, e) for s, e, _ in found] == [(start, end)], f"{bad.plain!r}: {found}"
    if bad.fix is not None:
        assert found[0][2] == bad.fix
        assert hits(rule, bad.fixed) == [], f"the fix still flags: {bad.fixed!r}"


@pytest.mark.parametrize(("rule", "i"), CASES_GOOD, ids=[f"{r.id}-good{i}" for r, i in CASES_GOOD])
def test_good_example_is_not_flagged(rule: Rule, i: int) -> None:
    text = rule.examples.good[i]
    assert hits(rule, text) == [], text


SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Known false positives")


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_rule_documentation_has_every_section(rule: Rule) -> None:
    for heading in SECTIONS:
        assert rule.doc_section(heading), f"{rule.id}: missing '## {heading}'"


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_documented_example_is_flagged_and_its_correction_is_not(rule: Rule) -> None:
    assert hits(rule, rule.doc_section("Example")), rule.doc_section("Example")
    assert not hits(rule, rule.doc_section("Use instead"))
