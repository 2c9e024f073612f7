"""A common misspelling: "recieve", "seperate", "occured", from codespell's maintained list.

## What it does
Flags a word that codespell's dictionary (the ``codespell`` package's ``dictionary.txt``, some 65,000
misspellings seen in real text) lists as a misspelling, and suggests its correction ("recieve" -> "receive");
where the dictionary offers several, the message lists them and the first is suggested. The rule reads the whole
document first, so the document's own vocabulary is respected.

## Why is this bad?
A misspelt word is the erratum readers report most after a doubled word, and the one a reviewer is most
embarrassed to have missed. A hand list goes stale; codespell's is curated against real false alarms.

## Example
Each layer will recieve the output of the previous one.

## Use instead
Each layer will receive the output of the previous one.

## Known false positives
Not flagged: a word the document uses at least three times and more often than its correction (its own term,
a name, an identifier), a capitalised word inside a sentence (a name: "Thier", "Ot"), an all-capital token, a
word next to code or math (masked text) or glued to a symbol, a lower-case word that starts a block (the tail of a word hyphenated
across a column or page: "ment"), a piece of a word a spacing accent split ("M´etro"), a piece of a word the extraction split ("allo w", "r eference": joined
with its neighbour it is an English word), or next to digits, underscores, dots or slashes (``te_x``, ``a.ot``), a word the document also prints as code (in a listing, in the code font or after a backslash: "multline"), a
word in a sentence mostly of non-English words (German "Sie haben", Latin "placerat varius"), and a
word that is itself ordinary English by wordfreq's list (codespell lists a few, such as "alot" or "ans", that
real text uses). Measured on 12,042 pages of Debian documentation (439 documents, 11 producer chains, PDFium backend): 662 findings, a fresh sample of 60
read, 54 true (90 %); see docs/rules.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import cache

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Scope, Severity, Status
from errata.model.document import PROSE_REGIONS, Document, Region

from .lexicon import code_words, foreign, split_by_extraction, zipf
from .lexicon import prepare as prepare_lexicon

_WORD = regex.compile(
    r"(?<![\p{L}\p{N}\p{M}\p{Sk}_'’\-./\\@\ufffc])\p{L}+(?:['’]\p{L}+)?(?![\p{L}\p{N}\p{M}\p{Sk}_\-/\\@\ufffc]|\.\p{L})"
)
_BEFORE = regex.compile(r"(\p{L}*)[ \u00a0]+$")
_AFTER = regex.compile(r"[ \u00a0]+(\p{L}+)")
# What may touch a word on the left: a space, an opening bracket or quote, or nothing.
_OPENERS = frozenset(" \u00a0\n([{“‘\"'")
_SENTENCE_START = regex.compile(r"(?:^|[.!?:]['’\"”)]?\s+|[\n(“\"‘]\s*)$")
OWN_TERM = 3
"""How often the document must use a word, and more often than its correction, for it to be its own term."""
REAL_WORD = 3.2
"""Zipf frequency from which a listed misspelling is a word real text uses ("alot" 3.9, "teh" 3.0)."""


@cache
def misspellings() -> dict[str, tuple[str, ...]]:
    """codespell's dictionary: misspelling -> corrections, read once from the installed package."""
    from importlib.resources import files

    out: dict[str, tuple[str, ...]] = {}
    text = (files("codespell_lib") / "data" / "dictionary.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        wrong, sep, right = line.partition("->")
        if not sep:
            continue
        fixes = tuple(f.strip() for f in right.split(",") if f.strip())
        if fixes:
            out[wrong.strip().lower()] = fixes
    return out


def check(doc: Document, ctx: RuleContext) -> Iterator[Hit]:
    allowed = {str(a).lower() for a in ctx.options.get("allow", ())}
    table = misspellings()
    flows = sorted((r, f) for r, f in doc.flows.items() if r in PROSE_REGIONS)
    code = code_words(doc)
    counts: Counter[str] = Counter()
    for _, flow in flows:
        counts.update(w.lower() for w in _WORD.findall(flow.masked))
    for region, flow in flows:
        text = flow.masked
        for m in _WORD.finditer(text):
            word = m.group()
            low = word.lower()
            fixes = table.get(low)
            if fixes is None or low in allowed or low in code:
                continue  # "multline": a name the document also prints as code
            if word.isupper() and len(word) > 1:
                continue
            if word[0].isupper() and not _SENTENCE_START.search(text[max(0, m.start() - 4) : m.start()]):
                continue  # a name
            if counts[low] >= OWN_TERM and counts[low] > max(counts[f.lower()] for f in fixes):
                continue  # the document's own term
            if zipf(low) >= REAL_WORD:
                continue
            if word.islower() and (m.start() == 0 or text[m.start() - 1] == "\n"):
                continue  # a lower-case block start: the tail of a word hyphenated across a break ("ment")
            if m.start() > 0 and text[m.start() - 1] not in _OPENERS:
                continue  # glued to a symbol: "Franã§ois", "k”ontrolled"
            before = _BEFORE.search(text, max(0, m.start() - 20), m.start())
            after = _AFTER.match(text, m.end())
            if split_by_extraction(
                before.group(1).lower() if before else "", low, after.group(1).lower() if after else ""
            ):
                continue  # "allo w", "r eference": a word the extraction split
            if foreign(flow, m.start(), m.end()):
                continue  # a sentence in another language: German "Sie haben", Latin "placerat varius"
            fix = _match_case(fixes[0], word)
            options = ", ".join(f"‘{_match_case(f, word)}’" for f in fixes)
            yield Hit(m.start(), m.end(), f"Misspelling ‘{word}’: {options}", fix, region=region)


def _match_case(fix: str, word: str) -> str:
    if word[0].isupper() and not fix[0].isupper():
        return fix[0].upper() + fix[1:]
    return fix


RULE = Rule(
    id="misspelling",
    summary="A common misspelling from codespell's dictionary",
    severity=Severity.WARNING,
    check=check,
    prepare=prepare_lexicon,
    doc=__doc__ or "",
    category="spelling",
    status=Status.PREVIEW,
    scope=Scope.DOCUMENT,
    regions=PROSE_REGIONS | {Region.CODE},  # code only tells the names it prints; findings are in prose
    examples=Examples(
        bad=(
            Bad("Each layer will [[recieve]] the output of the previous one.", fix="receive"),
            Bad("We keep the two sets [[seperate]].", fix="separate"),
            Bad("An error [[occured]] during training.", fix="occurred"),
            Bad("[[Seperate]] the two sets.", fix="Separate"),
            Bad(
                "The [[paramter]] is small; the parameter is small; the parameter is fixed.", fix="parameter"
            ),
        ),
        good=(
            "Each layer will receive the output of the previous one.",
            "The work of Thier and Seperate is cited.",
            "Set \ufffcrecieve\ufffc to true.",
            "The option recieve_buffer is read.",
            "Sie haben etwas hier geschrieben.",
            "Use \\begin{multline} for long equations; the multline environment breaks them.",
            "The file a.seperate is read.",
            "We allo w it and read the r eference.",
            "A recieve call, a recieve queue and a recieve flag: the recieve API.",
        ),
    ),
)
