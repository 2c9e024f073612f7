"""A phrase of several words printed twice in a row: "of the of the", "in order to in order to".

## What it does
Flags a run of two to six words immediately followed by the same run, in any case, also when a line, column
or page break lies between the copies (errata joins those before rules run). A single doubled word is
``repeated-word``'s; a block boundary (heading, new paragraph) lies between the copies of no match.

## Why is this bad?
A doubled phrase comes from editing: a sentence rewritten around a line break, a paste done twice. Like a
doubled word it is easy to read past and obvious once seen.

## Example
We need a large corpus in order to in order to train the model.

## Use instead
We need a large corpus in order to train the model.

## Known false positives
A word doubled around a link ("more and more and then", "step by step by", "over and over and") reads as a
doubled two-word phrase and is skipped. Typeset specimens, where the phrase makes up most of its sentence ("la la la
la"), and phrases of single letters or all-capital tokens (truth tables, "A B A B") are skipped, and so is placeholder text ("Lorem ipsum dolor Lorem ipsum dolor"), as is
anything in math, code or tables. Measured precision: see docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Severity, Status
from errata.model.document import Flow

_WORDS = r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)?"
_PAIR = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}\p{{M}}_'’\-\ufffc])(?P<p>{_WORDS}(?: +{_WORDS}){{1,5}}) +(?P<q>(?P=p))"
    r"(?![\p{L}\p{N}\p{M}_'’\-\ufffc])",
    regex.IGNORECASE | regex.V1,
)
_WORD = regex.compile(_WORDS)
# "more and more", "over and over", "step by step", "one after one": an idiom whose doubled word and link read as
# a doubled two-word phrase ("more and more and then").
_LINKS = frozenset({"and", "or", "by", "to", "after", "for", "upon", "on", "in", "over", "from"})


def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    allowed = {str(a).lower() for a in ctx.options.get("allow", ())}
    text = flow.masked
    pos = 0
    while True:
        m = _PAIR.search(text, pos)
        if m is None:
            return
        pos = m.start() + 1
        phrase = m.group("p")
        words = phrase.split()
        if (
            phrase.lower() in allowed
            or phrase.lower().startswith("lorem ipsum")
            or all(len(w) == 1 or w.isupper() for w in words)
        ):
            continue
        if len(words) == 2 and words[1].lower() in _LINKS:
            continue  # "more and more and", "step by step by": the idiom, not a doubling
        if len({w.lower() for w in words}) == 1:
            continue  # "the the the the": repeated-word's, or a specimen
        s, e = flow.sentence(m.start(), m.end())
        tokens = _WORD.findall(text[s:e])
        if len(tokens) <= 2 * len(words) + 1:
            continue  # the sentence is nothing but the phrase: a specimen
        shown = flow.text[m.start("q") : m.end("q")]
        yield Hit(m.start(), m.end(), f"Repeated phrase ‘{shown}’", flow.text[m.start("p") : m.end("p")])
        pos = m.end()


RULE = Rule(
    id="repeated-phrase",
    summary="A phrase of several words is printed twice in a row",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    category="typo",
    status=Status.PREVIEW,
    examples=Examples(
        bad=(
            Bad("We need a large corpus [[in order to in order to]] train the model.", fix="in order to"),
            Bad("The probability [[of the of the]] next word is high.", fix="of the"),
            Bad("This is [[one of the One of the]] simplest models.", fix="one of the"),
            Bad("We want to know how [[likely the likely the]] next word is.", fix="likely the"),
        ),
        good=(
            "We need a large corpus in order to train the model.",
            "The truth table reads A B A B for the inputs.",
            "Sing la la la la.",
            "The model of the\nof the heading is separate.",
            "It grew more and more and then stopped.",
        ),
    ),
)
