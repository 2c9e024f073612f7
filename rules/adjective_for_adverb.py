"""An adjective where an adverb belongs: "the residual stream is usual representing the next token".

## What it does
Flags an adjective directly before a participle or "been" ("is usual representing", "are automatic
generated", "can easy trained", "not clear shown", "more efficient computed", "has usual been") when English
has a "-ly" adverb for it, and suggests the adverb ("usually representing"). Which adjectives have an adverb
comes from wordfreq's frequency list (every "-ly" word whose base is itself a common word), not from a list
typed by hand; the part-of-speech tags come from spaCy.

## Why is this bad?
The participle needs an adverb; the adjective is usually a slip made while editing a sentence ("is usually
representing" shortened to "is usual representing"). Spell checkers do not see it, since every word is spelled
correctly.

## Example
At the highest transformer blocks, the residual stream is usual representing the following token.

## Use instead
At the highest transformer blocks, the residual stream is usually representing the following token.

## Known false positives
Only an adjective in a verb phrase is a candidate: after a form of "be" or "have", a modal, "not", "more",
"less", "most", "so" or "too" (also across a line break). Attributive adjectives are skipped: elsewhere,
after a determiner or preposition by the tagger ("the actual formatting", "a different operating system",
"an interesting reading", "X incremental offset"), and before a participle that itself modifies a noun
("the usual training setup", "is usual training practice"); an -ing word counts only after "be" ("is usual
representing"), since elsewhere it is a noun ("disables automatic spacing"). On 12,075 real pages the rule
before this restriction gave 23 findings, 2 of them true. So are compound adjectives
written without their hyphen ("is clear cut", "is real valued": the joined form is a word, or the pair is a
known compound), participles that act as prepositions ("is different compared to", "is similar given that")
and adjectives whose "-ly" word means something else ("hard" / "hardly", "short" / "shortly"). When the tagger
calls the participle a noun, nothing is flagged. The rule needs the spaCy model; without it the rule is skipped
with a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Severity
from errata.lint.syntax import code_share
from errata.model.document import Flow

from .lexicon import adverb_of, zipf

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
# Compound adjectives often written without their hyphen whose joined form is no word wordfreq knows.
_COMPOUNDS = frozenset(
    {
        "clear cut",
        "open ended",
        "short lived",
        "ready made",
        "free standing",
        "easy going",
        "real valued",
        "full fledged",
        "high ranking",
        "low lying",
        "deep seated",
        "long standing",
        "far reaching",
        "high pitched",
        "low paid",
        "high paid",
        "good looking",
        "hard working",
        "single threaded",
        "multi threaded",
        "open sourced",
    }
)
# Adjectives whose -ly word is not their manner adverb: "hardly" is not "in a hard way".
_OTHER_SENSE = frozenset(
    {"hard", "short", "late", "near", "pretty", "just", "even", "bare", "scarce", "high"}
)
# The words after which an adjective before a participle is in a verb phrase, where the adverb belongs: be and
# have, the modals, negation and degree words. Elsewhere ("X incremental offset", "consecutive dotted half
# notes") the adjective modifies a noun phrase (on 12,075 real pages, 17 of 23 findings were such).
_VERB_CONTEXT = frozenset(
    "is are was were be been being am isn't aren't wasn't weren't has have had having get gets got gotten "
    "can could may might must shall should will would not never also often still more less most so too".split()
)
_CODE_SHARE = 0.3  # pin tables and settings ("Input(bit): clear requested offset") are no prose
_BE_FORMS = frozenset("is are was were be been being am isn't aren't wasn't weren't not".split())
_JOINED = 1.5  # zipf frequency from which adjective+participle written together is a word ("hardcoded")

_CANDIDATE = regex.compile(
    r"(?<![\p{L}\p{N}\-'’_:./@])(?P<adj>\p{Ll}{3,})\s+(?P<part>\p{Ll}+)(?![\p{L}\-'’])"
)
_DATA = Path(__file__).with_name("data") / "irregular_participles.txt"


@cache
def _irregular() -> frozenset[str]:
    """Past participles that do not end in -ed ("set", "run", "found"), from tools/build_participles.py."""
    lines = _DATA.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _participle(word: str) -> bool:
    return word.endswith(("ed", "ing")) or word in _irregular()


_PREVIOUS_WORD = regex.compile(r"([\p{L}\d'’]+)\W*$")


def _candidates(text: str) -> list[regex.Match[str]]:
    """Adjective + participle pairs that pass the cheap tests; the tagger sees only their sentences."""
    out = []
    for m in _CANDIDATE.finditer(text, overlapped=True):
        adj, part = m.group("adj"), m.group("part").lower()
        if not _participle(part) or adj in _OTHER_SENSE or part in _PREPOSITIONAL or adverb_of(adj) is None:
            continue
        if f"{adj} {part}" in _COMPOUNDS or zipf(adj + part) >= _JOINED:
            continue
        previous = _PREVIOUS_WORD.search(text, max(0, m.start() - 40), m.start())
        if previous is None or previous.group(1).lower() not in _VERB_CONTEXT:
            continue  # only where a verb phrase goes on: "is usual representing", "can easy trained"
        out.append(m)
    return out


def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    text = flow.masked
    candidates = [m for m in _candidates(text) if code_share(text, m.start(), m.end()) < _CODE_SHARE]
    if not candidates:
        return
    nlp = ctx.nlp()
    sentences = [flow.sentence(m.start(), m.end()) for m in candidates]
    docs = nlp.pipe([text[s:e].replace("\n", " ") for s, e in sentences])
    for m, (s, _e), doc in zip(candidates, sentences, docs, strict=True):
        tokens = {t.idx: t for t in doc}
        adj, part = tokens.get(m.start("adj") - s), tokens.get(m.start("part") - s)
        if adj is None or part is None:
            continue
        before = doc[adj.i - 1] if adj.i > 0 else None
        # The word is an adjective by the lexicon; in the slip's position the tagger often calls it an adverb
        # ("is easy trained").
        if adj.tag_ not in ("JJ", "RB"):
            continue
        if before is not None and before.tag_ in ("DT", "PRP$", "CD", "JJ", "JJS", "POS", "PDT", "WDT", "IN"):
            continue  # attributive: "its usual training", "by static linking", "in general preferred"
        if part.tag_ not in ("VBG", "VBN") and not (part.tag_ == "VBD" and part.text.lower().endswith("ed")):
            continue
        nxt = doc[part.i + 1] if part.i + 1 < len(doc) else None
        if nxt is not None and nxt.tag_ in ("NN", "NNS", "NNP", "NNPS"):
            continue  # "is usual training practice": the participle modifies a noun
        if nxt is not None and nxt.tag_ in ("JJ", "JJR", "JJS"):
            continue  # "consecutive dotted half notes": the participle is one of a noun's adjectives
        if part.tag_ == "VBG" and (before is None or before.lower_ not in _BE_FORMS):
            continue  # outside a progressive ("is usual representing") an -ing word after an adjective is a
            # noun: "disables automatic spacing", "needs careful placing", "More powerful debugging"
        adverb = adverb_of(m.group("adj")) or ""
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
            Bad("The gradient is [[efficient computed]] in one pass.", fix="efficiently computed"),
            Bad("The cache is not [[automatic cleared]] between runs.", fix="automatically cleared"),
            Bad(
                "A deeper model is more [[accurate calibrated]] than a shallow one.",
                fix="accurately calibrated",
            ),
            Bad("The method has [[recent been]] extended to images.", fix="recently been"),
            Bad("The scores are\n[[random sampled]] from the model.", fix="randomly sampled"),
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
            "The actual formatting is done later.",
            "It runs on a different operating system.",
            "The function is real valued on its domain.",
            "The table is hard coded in the source.",
            "The inputs are of different sized batches.",
            "He was hard pressed to explain it.",
            "The sources are compiled, or static linking is done at installation.",
            "the form .__T__generic:derived is used",
            "It disables automatic spacing around punctuation.",
            "so it needs careful placing to avoid that anything else gets in front of it",
            "So for example, consecutive dotted half notes could be entered at once.",
            "If the user has a format they would like converted, they ask.",
            "axis.L.eoffset-clear Input(bit): clear requested offset 5.",
        ),
    ),
)
