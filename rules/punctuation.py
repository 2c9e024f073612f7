"""Punctuation typos: a doubled mark (",,", ". .", ";;") or a missing space after a full stop ("word.The").

## What it does
Flags two slips of punctuation in prose:

* the same mark twice (",,", ", ,", ";;", "..", ". ."), but never an ellipsis ("...", ". . ."); two commas
  typed in TeX print as one low quotation mark ("decreases„ then"), which counts as a doubled comma;
* a sentence end without its space: a full stop, question or exclamation mark between two ordinary words, the
  second capitalised ("the end.The next"), suggesting the space.

Brackets and quotation marks that never close are the preview rule ``unbalanced-bracket``.

## Why is this bad?
Each is a keystroke slip that a spelling checker does not see and that readers notice at once.

## Example
The loss decreases,, then levels off.

## Use instead
The loss decreases, then levels off.

## Known false positives
Text in code and math fonts is never read, so ranges ("1..n") and listings are left alone. A missing space is
flagged only between two ordinary English words (by wordfreq's list) in a token without other dots, slashes or
"@": "e.g.", "U.S.", "Fig.3", "v2.1", "index.html", "System.Console" and URLs are not flagged. The ". . 28" of
a dot leader is not a doubled full stop, and a doubled comma or semicolon counts only before a space (";;h;;h"
is a specimen, not prose); a doubled full stop after command syntax in the text font (an option, "zargs -e..",
or a token with a caret, a tilde, an operator or a slash, "0a8f4f0^..") is not flagged.
Measured on 12,042 pages of Debian documentation (439 documents, 11 producer chains, PDFium backend), when
these two checks were part of a wider rule: a fresh sample of their findings read, 32 of 33 true (97 %). On by
default since then, every finding on the corpus's 12,075 pages read: 65 of 69 true (94 %) as split, 65 of 66
(98 %) after the command-syntax fix; see docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Severity
from errata.model.document import Flow

from .lexicon import is_common
from .lexicon import prepare as prepare_lexicon

_DOUBLED = regex.compile(
    r"(?<=[\p{L}\p{N})\]’”\"'])(?P<m>,[ \u00a0]?,|;[ \u00a0]?;)(?![,;])(?=\s|$)"
    r"|(?<=[\p{L})\]’”])(?<![.…]\s?\.?)(?P<d>\.[ \u00a0]?\.)(?![ \u00a0]?[.…])(?=\s|$)(?![ \u00a0]+\d+(?:\s|$))"
    # two commas typed in TeX print as one low quotation mark (the ",," ligature of its text fonts): "word„ next"
    r"|(?<=\p{Ll})(?P<q>„)(?=[ \u00a0]\p{Ll})",
    regex.V1,
)
_NO_SPACE = regex.compile(
    r"(?<![\p{L}\p{N}.\-_/@\\])(\p{Ll}{2,})([.!?])(\p{Lu}\p{Ll}+)(?![\p{L}\p{N}.\-_/@\\(])"
)


def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    text = flow.masked
    hits = list(_doubled(text)) + list(_no_space(flow, text))
    hits.sort(key=lambda h: (h.start, h.end))
    yield from hits


def _doubled(text: str) -> Iterator[Hit]:
    for m in _DOUBLED.finditer(text):
        if m.group("q"):
            yield Hit(m.start(), m.end(), "Doubled comma ‘,,’, printed as TeX's low quotation mark ‘„’", ",")
            continue
        mark = m.group()[0]
        if mark == "." and _COMMAND_SYNTAX.search(_token_before(text, m.start())):
            continue  # a revision range or an option in the text font: "0a8f4f0^..", "zargs -e.."
        name = {",": "comma", ";": "semicolon", ".": "full stop"}[mark]
        yield Hit(m.start(), m.end(), f"Doubled {name} ‘{m.group()}’", mark)


# A token that is command syntax, not a word: an option ("-e"), or one holding a caret, a tilde, an operator or
# a slash (git's "HEAD^", "0a8f4f0ˆ", "a/b", "x=y").
_COMMAND_SYNTAX = regex.compile(r"^--?\p{L}|[\^ˆ~=<>|/]")


def _token_before(text: str, at: int) -> str:
    start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
    return text[start:at]


def _no_space(flow: Flow, text: str) -> Iterator[Hit]:
    for m in _NO_SPACE.finditer(text):
        before, mark, after = m.group(1), m.group(2), m.group(3)
        if not (is_common(before) and is_common(after.lower())):
            continue
        shown = flow.text[m.start() : m.end()]
        yield Hit(m.start(), m.end(), f"No space after ‘{mark}’ in ‘{shown}’", f"{before}{mark} {after}")


RULE = Rule(
    id="punctuation",
    summary="A doubled punctuation mark or a missing space after a full stop",
    severity=Severity.WARNING,
    check=check,
    prepare=prepare_lexicon,
    doc=__doc__ or "",
    category="typo",
    examples=Examples(
        bad=(
            Bad("The loss decreases[[,,]] then levels off.", fix=","),
            Bad("The loss decreases[[, ,]] then levels off.", fix=","),
            Bad("It converges[[;;]] the proof is short.", fix=";"),
            Bad("The loss decreases[[„]] then levels off.", fix=","),
            Bad("It converges quickly[[..]] The proof is short.", fix="."),
            Bad("It converges quickly[[. .]] The proof is short.", fix="."),
            Bad("This is the [[end.The]] next part starts here.", fix="end. The"),
        ),
        good=(
            "The loss decreases, then levels off.",
            "Er sagte „ja“ und ging.",
            "Wait... it converges. . . eventually.",
            "We use the U.S. data, e.g. the census.",
            "See Fig.3 and version 2.1.Then stop.",
            "Open index.html or www.example.com/The.Page today.",
            "Call System.Console to print.",
            "Iterate over 1..n in order.",
            "Split from 0a8f4f0^.. onwards, then run zargs -e.. -- *.c again.",
            "Fixed the overfull boxes. . 28\nDetection of boxes fixed.",
            "Added a list of commands not to index. . 1 v0.4\nFixed the rest.",
            "The glyphs read ;;h;;h;;h;h in the table.",
            "The model (which is small is fast. It is used widely in practice.",
        ),
    ),
)
