"""An adjective where an adverb belongs: "the residual stream is usual representing the next token".

## What it does
Flags an adjective that has a common "-ly" adverb ("usual", "easy", "clear", "automatic") standing between a
form of "be" and a participle ("is usual representing", "is easy trained", "are automatic generated"), and
suggests the adverb ("usually representing").

## Why is this bad?
The participle needs an adverb; the adjective is usually a slip made while editing a sentence ("is usually
representing" shortened to "is usual representing"). Spell checkers do not see it, since every word is spelled
correctly.

## Example
At the highest transformer blocks, the residual stream is usual representing the following token.

## Use instead
At the highest transformer blocks, the residual stream is usually representing the following token.

## Known false positives
Compound adjectives written without their hyphen ("is clear cut", "is open ended") and participles that act as
prepositions ("is different compared to", "is similar given that") are skipped. The rule reads part-of-speech
tags from spaCy's small English model: when the tagger calls the participle a noun ("is usual training
practice"), nothing is flagged. It needs the model; without it the rule is skipped with a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Severity
from errata.model.document import Flow

_DATA = Path(__file__).with_name("data") / "ly_adjectives.txt"

# Participles that work as prepositions or conjunctions after a predicate adjective.
_PREPOSITIONAL = frozenset(
    [
        "compared",
        "given",
        "including",
        "regarding",
        "considering",
        "concerning",
        "depending",
        "according",
        "provided",
        "providing",
        "assuming",
        "excluding",
        "following",
        "starting",
        "based",
        "beginning",
        "notwithstanding",
        "pending",
        "barring",
        "using",
        "owing",
        "seeing",
        "granted",
        "speaking",
    ]
)
# Adjective + participle pairs that are compound adjectives missing a hyphen, not adverb slips.
_COMPOUNDS = frozenset(
    {"clear cut", "open ended", "short lived", "ready made", "free standing", "easy going"}
)
_BE = r"(?:is|are|was|were|be|been|being|am|isn['’]t|aren['’]t|wasn['’]t|weren['’]t)"
_BETWEEN = r"(?:(?:not|also|often|still|now|then|always|never|thus|therefore|hence|then|again)\s+)?"


@cache
def adverbs() -> dict[str, str]:
    """adjective -> its -ly adverb, from the data file."""
    out: dict[str, str] = {}
    for raw in _DATA.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        adjective = parts[0].lower()
        out[adjective] = parts[1].lower() if len(parts) > 1 else _regular_adverb(adjective)
    return out


def _regular_adverb(adjective: str) -> str:
    if adjective.endswith("ic"):
        return adjective + "ally"
    if adjective.endswith("ll"):
        return adjective + "y"
    if adjective.endswith("le") and len(adjective) > 3 and adjective[-3] not in "aeiou":
        return adjective[:-1] + "y"
    if adjective.endswith("y") and len(adjective) > 2 and adjective[-2] not in "aeiou":
        return adjective[:-1] + "ily"
    return adjective + "ly"


@cache
def _candidate_re() -> regex.Pattern[str]:
    words = "|".join(sorted(adverbs(), key=len, reverse=True))
    return regex.compile(
        rf"(?<![\p{{L}}\-])(?:{_BE})\s+{_BETWEEN}(?P<adj>{words})\s+(?P<part>\p{{L}}+(?:ing|ed|en|wn|ne|lt|pt|ht|un|de))"
        rf"(?![\p{{L}}\-])",
        regex.IGNORECASE,
    )


def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    text = flow.masked
    candidates = [m for m in _candidate_re().finditer(text)]
    candidates = [
        m
        for m in candidates
        if m.group("part").lower() not in _PREPOSITIONAL
        and f"{m.group('adj')} {m.group('part')}".lower() not in _COMPOUNDS
    ]
    if not candidates:
        return
    nlp = ctx.nlp()
    sentences = [flow.sentence(m.start(), m.end()) for m in candidates]
    docs = nlp.pipe([text[s:e].replace("\n", " ") for s, e in sentences])
    for m, (s, _e), doc in zip(candidates, sentences, docs, strict=True):
        adj_at, part_at = m.start("adj") - s, m.start("part") - s
        tokens = {t.idx: t for t in doc}
        adj, part = tokens.get(adj_at), tokens.get(part_at)
        if adj is None or part is None:
            continue
        if adj.tag_.startswith("VB") or adj.tag_ in ("DT", "IN"):
            continue
        if part.tag_ not in ("VBG", "VBN") and not (part.tag_ == "VBD" and part.text.lower().endswith("ed")):
            continue
        nxt = doc[part.i + 1] if part.i + 1 < len(doc) else None
        if nxt is not None and nxt.tag_ in ("NN", "NNS", "NNP", "NNPS"):
            continue  # "is usual training practice": the participle modifies a noun
        adverb = adverbs()[m.group("adj").lower()]
        if m.group("adj")[0].isupper():
            adverb = adverb.capitalize()
        original = flow.text[m.start("adj") : m.end("part")]
        suggestion = f"{adverb} {flow.text[m.start('part') : m.end('part')]}"
        yield Hit(
            m.start("adj"),
            m.end("part"),
            f"Adjective ‘{m.group('adj')}’ used as an adverb in ‘{original}’",
            suggestion,
        )


RULE = Rule(
    id="adjective-for-adverb",
    summary="An adjective stands where an adverb should modify a participle",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    category="grammar",
    examples=Examples(
        bad=(
            Bad(
                "At the highest transformer blocks, the residual stream is [[usual representing]] the following "
                "token.",
                fix="usually representing",
            ),
            Bad("The model is [[easy trained]] on small data.", fix="easily trained"),
            Bad("This is [[clear shown]] in Figure 3.", fix="clearly shown"),
            Bad("The labels are [[automatic generated]] by the script.", fix="automatically generated"),
            Bad("The weights were [[random initialized]] before training.", fix="randomly initialized"),
        ),
        good=(
            "The usual training setup is cheap.",
            "It was a useful pretrained model.",
            "This is an interesting reading of the text.",
            "This is usual training practice.",
            "The result is different compared to the baseline.",
            "The distinction is clear cut in this case.",
            "The model is usually trained on small data.",
            "The goal is clear: training the model takes days.",
        ),
    ),
)
