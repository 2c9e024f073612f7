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
doubled two-word phrase and is skipped. A copy that starts with a capital is the sentence a run-in heading or a glossary term opens ("reachability
bitmaps Reachability bitmaps store ..."), a copy followed by the phrase's first word again, or preceded by its last word, is a chain ("a tag
that points to a tag that points to a commit"), and in a flow with "Lorem ipsum" a phrase of mostly
non-English words is placeholder text. Typeset specimens, where the phrase makes up most of its sentence ("la la la
la"), and phrases of single letters or all-capital tokens (truth tables, "A B A B") are skipped, and so is placeholder text ("Lorem ipsum dolor Lorem ipsum dolor"), as is
anything in math, code or tables. A nesting ("the list of list of names", "a list of a list of pairs"), a unit divided
twice ("metres per second per second"), a phrase printed three times or
more (a specimen or placeholder text) and a phrase among words that repeat like a table's values (fewer than
half of the twelve words on each side distinct: "name n n n n boolean name boolean name") are skipped. Measured on 12,042 pages of Debian documentation (439 documents, 11 producer chains, PDFium backend): 16 findings, all read, 4 true (25 %); see docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Severity, Status
from errata.model.document import Flow

from .lexicon import is_common, placeholder_latin
from .lexicon import prepare as prepare_lexicon

_WORDS = r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)?"
_PAIR = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}\p{{M}}_'’\-\ufffc])(?P<p>{_WORDS}(?: +{_WORDS}){{1,5}}) +(?P<q>(?P=p))"
    r"(?![\p{L}\p{N}\p{M}_'’\-\ufffc])",
    regex.IGNORECASE | regex.V1,
)
_WORD = regex.compile(_WORDS)
_LAST_WORD = regex.compile(rf"({_WORDS}) $", regex.V1)
# "more and more", "over and over", "step by step", "one after one": an idiom whose doubled word and link read as
# a doubled two-word phrase ("more and more and then").
_LINKS = frozenset({"and", "or", "by", "to", "after", "for", "upon", "on", "in", "over", "from"})


_TOKEN = regex.compile(r"\S+")
_STRIP = ".,;:!?()[]\"'“”‘’"


def _candidates(text: str) -> list[int]:
    """Offsets where a doubled phrase may start: a token whose first two words come back two to six words
    later. A cheap filter over the tokens, so that the exact pattern runs only where it can match."""
    spans = [
        (m.start() + len(m.group()) - len(m.group().lstrip(_STRIP)), m.group().strip(_STRIP).lower())
        for m in _TOKEN.finditer(text)
    ]
    low = [w for _, w in spans]
    found: set[int] = set()
    for n in range(2, 7):
        for i, (a, b, c, d) in enumerate(zip(low, low[n:], low[1:], low[n + 1 :], strict=False)):
            if a == b and c == d and a:
                found.add(i)
    return sorted(spans[i][0] for i in found)


def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    allowed = {str(a).lower() for a in ctx.options.get("allow", ())}
    text = flow.masked
    pos = 0
    placeholder: bool | None = None
    for start in _candidates(text):
        if start < pos:
            continue
        m = _PAIR.match(text, start)
        if m is None:
            continue
        pos = m.start() + 1
        phrase = m.group("p")
        words = phrase.split()
        if (
            phrase.lower() in allowed
            or phrase.lower().startswith("lorem ipsum")
            or all(len(w) == 1 or w.isupper() for w in words)
        ):
            continue
        if len(words) == 2 and (words[1].lower() in _LINKS or words[0].lower() in ("and", "or")):
            continue  # "more and more and", "step by step by", "Kline and Kline": the idiom, not a doubling
        if _nesting(words):
            continue  # "a list of list of strings", "metres per second per second": said on purpose
        q = m.group("q")
        if q[0].isupper():
            continue  # a run-in heading or glossary term and the sentence it opens: "Reachability bitmaps"
        after = _WORD.match(text, m.end() + 1) if text[m.end() : m.end() + 1] == " " else None
        before = _LAST_WORD.search(text, max(0, m.start() - 40), m.start())
        if (after is not None and after.group().lower() == words[0].lower()) or (
            before is not None and before.group(1).lower() == words[-1].lower()
        ):
            continue  # a chain: "a tag that points to a tag that points to a commit"
        if placeholder is None:
            placeholder = ctx.of_flow(flow, placeholder_latin)
        if placeholder and sum(is_common(w) for w in words) * 2 < len(words):
            continue  # placeholder Latin: "Ut enim ad minim veniam"
        if len({w.lower() for w in words}) == 1:
            continue  # "the the the the": repeated-word's, or a specimen
        low = [w.lower() for w in words]
        periodic = any(len(low) % d == 0 and low == low[:d] * (len(low) // d) for d in range(1, len(low)))
        if periodic or text[m.end() : m.end() + 1 + len(phrase)].lower() == " " + phrase.lower():
            continue  # three copies or more: a specimen or placeholder text ("consequat ut consequat ut ...")
        if _repetitive(text, m.start(), m.end()):
            continue  # values of a table set in the text font: "false empty false empty true"
        s, e = flow.sentence(m.start(), m.end())
        tokens = _WORD.findall(text[s:e])
        if len(tokens) <= 2 * len(words) + 1:
            continue  # the sentence is nothing but the phrase: a specimen
        shown = flow.text[m.start("q") : m.end("q")]
        yield Hit(m.start(), m.end(), f"Repeated phrase ‘{shown}’", flow.text[m.start("p") : m.end("p")])
        pos = m.end()


_FUNCTION = frozenset("the a an of in on to for with by at as and or".split())
WINDOW = 12
"""Words read on each side of a doubled phrase to tell prose from a table's values."""


def _nesting(words: list[str]) -> bool:
    """A phrase whose doubling is meant: a nesting ("list of list of", "a list of a list of") or a unit
    divided twice ("per second per second")."""
    low = [w.lower() for w in words]
    if low[0] == "per":
        return True
    core = low[1:] if low[0] in ("a", "an", "the") else low
    return len(core) == 2 and core[1] == "of" and core[0] not in _FUNCTION


def _repetitive(text: str, start: int, end: int) -> bool:
    """Whether the words around a match repeat as a table's do: fewer than half of the ``WINDOW`` words on each
    side are distinct ("text text name key value list name integer name name n n n n")."""
    around = (
        _TOKEN.findall(text[max(0, start - 200) : start])[-WINDOW:]
        + _TOKEN.findall(text[end : end + 200])[:WINDOW]
    )
    return len(around) >= WINDOW and len({w.lower() for w in around}) * 2 < len(around)


RULE = Rule(
    id="repeated-phrase",
    summary="A phrase of several words is printed twice in a row",
    severity=Severity.ERROR,
    check=check,
    prepare=prepare_lexicon,
    doc=__doc__ or "",
    category="typo",
    status=Status.PREVIEW,
    examples=Examples(
        bad=(
            Bad("We need a large corpus [[in order to in order to]] train the model.", fix="in order to"),
            Bad("The probability [[of the of the]] next word is high.", fix="of the"),
            Bad("We want to know how [[likely the likely the]] next word is.", fix="likely the"),
        ),
        good=(
            "We need a large corpus in order to train the model.",
            "The truth table reads A B A B for the inputs.",
            "Sing la la la la.",
            "The model of the\nof the heading is separate.",
            "It grew more and more and then stopped.",
            "reachability bitmaps Reachability bitmaps store the reachability.",
            "a tag that points to a tag that points to a commit",
            "We store it in the global list of list of names.",
            "This returns a list of a list of name pairs.",
            "The acceleration is given in metres per second per second.",
            "The song goes on with consequat ut consequat ut consequat ut consequat ut aliquip as its refrain.",
            "The refrain sings come back come back come back to me.",
            "name n n n n text text name name value value boolean name boolean name empty empty false false name",
            "see Bowman 1996 and Kline and Kline 2001.",
        ),
    ),
)
