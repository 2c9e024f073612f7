"""One term spelt several ways in one document: "pre-trained" and "pretrained", "data set" and "dataset".

## What it does
Counts, over the whole document, the closed ("pretrained"), hyphenated ("pre-trained") and open ("data set")
spellings of every compound it prints at least twice in all, and flags each use of a minority spelling when the
majority spelling is used at least twice as often, with the counts ("pre-trained ×3, pretrained ×41"),
suggesting the majority spelling.

## Why is this bad?
A book that writes "pre-trained" on one page and "pretrained" on the next looks unedited, and a reader may
wonder whether two terms are meant. House style picks one; copy editors are paid to enforce it. No spelling
checker sees it, since each spelling is correct on its own.

## Example
A pretrained model is fine-tuned. The pretrained weights are frozen. We load the pre-trained model.

## Use instead
A pretrained model is fine-tuned. The pretrained weights are frozen. We load the pretrained model.

## Known false positives
An open spelling counts only when both its words are ordinary English words of three letters or more (a
word that extraction split, "serv er", "ag ainst", is not a spelling), and never when its second word is a
particle: "check out" the verb and "checkout" the noun are both right. An open spelling counts only against a
closed one, never against a hyphenated one: English hyphenates a
compound before a noun and leaves it open after ("a well-known result", "the result is well known"). An open
pair whose first word is a function word ("may be" / "maybe", "every one" / "everyone", "in to" / "into") is
never read, nor are pieces shorter than two letters ("e-mail"), capitalised spellings inside a sentence and
open pairs in title case (names such as "Data Set Inc."), or text in code, math or tables. A closed spelling
the document prints as code (in a code listing, in the code font, after a backslash: "\\linebreak",
"\\subfloat", an option "twocolumn") names a command, not the open phrase ("a line break"); an open pair
whose second word is a function word ("manual for") is never read, its closed form being words the extraction
ran together ("manualfor"). A line-end hyphen that extraction kept or dropped
wrongly changes the counts. Measured on 12,042 pages of Debian documentation (439 documents, 11 producer chains, PDFium backend): 757 findings, a fresh sample of 60
read, 43 true (72 %): names of code the document does not set in the code font; see docs/rules.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Scope, Severity, Status
from errata.model.document import PROSE_REGIONS, Document, Region

from .lexicon import code_words, is_common
from .lexicon import prepare as prepare_lexicon

_TOKEN = regex.compile(
    r"(?<![\p{L}\p{N}_\-‐'’\ufffc])(\p{L}{2,})(?:[\-‐](\p{L}{2,}))?(?![\p{L}\p{N}_\-‐'’\ufffc])", regex.V1
)
_WORD = regex.compile(r"(?<![\p{L}\p{N}_\-‐'’\ufffc])\p{L}{4,}(?![\p{L}\p{N}_\-‐'’\ufffc])")
_HYPHENATED = regex.compile(
    r"(?<![\p{L}\p{N}_\-‐'’\ufffc])(\p{L}{2,})[\-‐](\p{L}{2,})(?![\p{L}\p{N}_\-‐'’\ufffc])", regex.V1
)
_PAIR = regex.compile(
    r"(?<![\p{L}\p{N}_\-‐'’\ufffc])(?=(\p{L}{2,}) (\p{L}{2,})(?![\p{L}\p{N}_\-‐'’\ufffc]))", regex.V1
)
# First words that make an open pair a different phrase from the closed word ("may be" / "maybe").
_FUNCTION = frozenset(
    "a an the any every some no may can in on to into for with by at of as be is it its all over under out up "
    "down off per non anti some what who how where when there here that this these those so not one each if "
    "and or but then than from".split()
)
# A verb and its particle are a phrase, the closed word a noun: "log in" / "login", "set up" / "setup".
_PARTICLES = frozenset("out up in on off down around over back away through about along".split())
RATIO = 2
"""How many times more often the majority spelling must be used for the minority one to be flagged."""


def _is_name(text: str, start: int, word: str) -> bool:
    if not word[0].isupper():
        return False
    before = text[max(0, start - 3) : start].rstrip()
    return not (before == "" or before[-1] in '.!?:\n“"(')


def check(doc: Document, ctx: RuleContext) -> Iterator[Hit]:
    allowed = {str(a).lower() for a in ctx.options.get("allow", ())}
    flows = sorted((r, f) for r, f in doc.flows.items() if r in PROSE_REGIONS)
    identifiers = code_words(doc)
    closed: Counter[str] = Counter()
    hyphenated: Counter[tuple[str, str]] = Counter()
    open_pairs: Counter[tuple[str, str]] = Counter()
    for _, flow in flows:
        text = flow.masked
        for m in _WORD.finditer(text):
            if not _is_name(text, m.start(), m.group()):
                closed[m.group().lower()] += 1
        for m in _HYPHENATED.finditer(text):
            if not _is_name(text, m.start(), m.group(1)):
                hyphenated[(m.group(1).lower(), m.group(2).lower())] += 1
        for m in _PAIR.finditer(text):
            first = m.group(1).lower()
            if first not in _FUNCTION and not _is_name(text, m.start(), m.group(1)) and m.group(2).islower():
                open_pairs[(first, m.group(2).lower())] += 1
    # Every compound spelt more than one way: its spellings and their counts.
    variants: dict[str, dict[str, int]] = {}
    for (a, b), n in hyphenated.items():
        if closed[a + b]:
            variants[a + b] = {f"{a}-{b}": n, a + b: closed[a + b]}
    for (a, b), n in open_pairs.items():
        if not closed[a + b] or b in _PARTICLES or b in _FUNCTION:
            continue  # "check out" the verb, "checkout" the noun; "usedfor" is two words run together
        if len(a) >= 3 and len(b) >= 3 and is_common(a) and is_common(b):
            variants.setdefault(a + b, {a + b: closed[a + b]})[f"{a} {b}"] = n
    flag: dict[str, tuple[str, str]] = {}  # minority spelling -> (majority spelling, counts)
    for key, spellings in variants.items():
        if key in allowed or key in identifiers:
            continue
        ranked = sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))
        top, top_n = ranked[0]
        counts = ", ".join(f"{s} ×{n}" for s, n in ranked)
        for spelling, n in ranked[1:]:
            if top_n >= RATIO * n:
                flag[spelling] = (top, counts)
    if not flag:
        return
    for region, flow in flows:
        text = flow.masked
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        spans += [(m.start(1), m.end(2)) for m in _PAIR.finditer(text)]
        for start, end in sorted(spans):
            shown = flow.text[start:end]
            low = shown.lower().replace("‐", "-")
            if (
                low not in flag
                or _is_name(text, start, shown)
                or (" " in shown and not shown.split()[1].islower())
            ):
                continue
            top, counts = flag[low]
            yield Hit(
                start,
                end,
                f"‘{shown}’ is spelt ‘{top}’ elsewhere in the document ({counts})",
                _match_case(top, shown),
                region=region,
            )


def _match_case(spelling: str, shown: str) -> str:
    return spelling[0].upper() + spelling[1:] if shown[0].isupper() else spelling


RULE = Rule(
    id="term-consistency",
    summary="One term spelt several ways in one document",
    severity=Severity.INFO,
    check=check,
    prepare=prepare_lexicon,
    doc=__doc__ or "",
    category="style",
    status=Status.PREVIEW,
    scope=Scope.DOCUMENT,
    regions=PROSE_REGIONS | {Region.CODE},  # code only tells identifiers; findings are in prose
    examples=Examples(
        bad=(
            Bad(
                "A pretrained model is fine-tuned. The pretrained weights are frozen. We load the "
                "[[pre-trained]] model.",
                fix="pretrained",
            ),
            Bad("The dataset is big. Each dataset is split. The [[data set]] is public.", fix="dataset"),
            Bad("The softmax is applied. A softmax again. [[Soft-max]] outputs sum to one.", fix="Softmax"),
        ),
        good=(
            "A pretrained model is fine-tuned. We load the pre-trained model.",
            "It may be late. Maybe not. Maybe so.",
            "Check out the branch. The checkout is clean. A checkout again.",
            "The server runs. A server again. The serv er stops.",
            "A well-known result is well known. It is well-known.",
            "The dataset is big. Each dataset is split. Data Set Inc. sells it.",
            "Put \\linebreak there. Each \\linebreak is a command. A linebreak again. A line break is shown.",
            "The manual for users. The manual for admins. See the manualfor details.",
        ),
    ),
)
