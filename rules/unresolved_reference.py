"""A cross-reference or citation that was never resolved: "on page ??", "Section ??", "[?]".

## What it does
Flags what LaTeX prints for an undefined ``\\ref``, ``\\pageref``, ``\\eqref`` or ``\\cite`` ("??", "(??)",
"[?]", "(?)"), with the word that introduces it ("page ??", "Figure ??", "Eq. (??)"), and what Word prints for a
broken field ("Error! Reference source not found.").

## Why is this bad?
The reader cannot follow the reference. LaTeX only warns in its log ("Reference `sec:x' undefined"), which is
easy to miss in a long build.

## Example
We saw back in Chapter 3 on page ?? how to generate text.

## Use instead
We saw back in Chapter 3 on page 54 how to generate text.

## Known false positives
"??" and "(?)" are flagged only in reference position: after a reference word ("page ??", "Fig. ??"), as an
equation reference "(??)", or inside a sentence where a reference stands ("as shown in ??, the"). Used as
notation they are left alone: a grammaticality judgment before an example sentence ("?? The horse raced past
the barn fell", "(3) ?? Who did you see"), a doubtful date or reading ("born in 1398 (?) in Mainz"), shell
history syntax ("!?str?"). Text in code and math fonts is never read, so ``a ?? b`` in a listing is not
flagged. Chapter PDFs built alone show "??" for references into other chapters: those are real in the
chapter but resolved in the book (see ``single-chapter``).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Severity, SingleChapter
from errata.model.document import Flow

_KEYWORDS = (
    r"(?:pages?|pp?\.|Sections?|Sects?\.|Secs?\.|§§?|Chapters?|Chaps?\.|Ch\.|Figures?|Figs?\.|Tables?|Tabs?\."
    r"|Equations?|Eqs?\.|Eqn\.|Appendi(?:x|ces)|App\.|Algorithms?|Alg\.|Listings?|Theorems?|Thm\.|Lemmas?"
    r"|Definitions?|Def\.|Corollary|Propositions?|Prop\.|Examples?|Exercises?|Ex\.|Parts?|Footnotes?|Lines?"
    r"|Steps?|Remarks?|Notes?|Items?|Boxe?s?)"
)
_REF = regex.compile(
    rf"(?:(?P<kw>(?<![\p{{L}}]){_KEYWORDS})[\s~\u00a0]*)?"
    r"(?P<ref>\((?:\?\?)(?:[,–-]\s*\?\?)*\)|(?<![?!*\p{L}\p{N}\[])\?\?(?![?\p{L}\p{N}\]]))",
    regex.IGNORECASE,
)
# "(?)" after a word, as natbib prints an undefined \citep; after a number it marks a doubtful value.
_CITE = regex.compile(r"(?P<ref>\[\?\??(?:\s*,\s*\?\??)*\]|(?<=\p{L}\s?)\(\?\)(?=[\s.,;:)]|$))")
# What a bare "??" follows and precedes where it is notation, not a reference: the start of a sentence or of an
# example ("(3) ??", "a. ??"), and a capitalised sentence after it ("?? The horse raced").
_SENTENCE_BEFORE = regex.compile(r"(?:^|[.!?:;]\s*|\(\d+[a-z]?\)\s*|\b[a-z]\.\s*|[*?]\s*)$")
_SENTENCE_AFTER = regex.compile(r"^\s+\p{Lu}\p{Ll}")
_WORD_FIELD = regex.compile(
    r"Error!\s+(?:Reference source not found|Bookmark not defined|No text of specified style in document"
    r"|No table of contents entries found|Not a valid bookmark self-reference)\."
)


def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    text = flow.masked
    for m in _REF.finditer(text):
        if not m.group("kw") and m.group("ref").startswith("?") and _is_notation(text, m.start(), m.end()):
            continue
        shown = flow.text[m.start() : m.end()]
        kind = "cross-reference" if m.group("kw") or m.group("ref").startswith("?") else "equation reference"
        yield Hit(m.start(), m.end(), f"Unresolved {kind} ‘{shown}’: LaTeX prints ?? for an undefined label")
    for m in _CITE.finditer(text):
        shown = flow.text[m.start() : m.end()]
        yield Hit(m.start(), m.end(), f"Unresolved citation ‘{shown}’: the bibliography key is undefined")
    for m in _WORD_FIELD.finditer(text):
        yield Hit(m.start(), m.end(), "Broken cross-reference field: Word could not find the bookmark")


def _is_notation(text: str, start: int, end: int) -> bool:
    """Whether a bare "??" opens a sentence or an example, or precedes one: a judgment mark, not a reference."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 12) : start]
    return bool(_SENTENCE_BEFORE.search(before) or _SENTENCE_AFTER.match(text, end, end + 3))


RULE = Rule(
    id="unresolved-reference",
    summary="A cross-reference or citation printed as ?? because its target is undefined",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    category="reference",
    single_chapter=SingleChapter.DOWNGRADE,  # "page ??" in a chapter built alone may resolve in the book
    examples=Examples(
        bad=(
            Bad("We saw back in Chapter 3 on [[page ??]] how to generate text."),
            Bad("As shown in [[Section ??]], attention is cheap."),
            Bad("The curve in [[Fig. ??]] is flat."),
            Bad("See [[Figure ??]] and the results."),
            Bad("The numbers in [[Table ??]] are averages."),
            Bad("Substituting [[Eq. (??)]] gives the result."),
            Bad("Substituting [[(??)]] gives the result."),
            Bad("The details are in [[Appendix ??]]."),
            Bad("This was introduced in [[Chapter ??]]."),
            Bad("Transformers were introduced by Vaswani et al. [[[?]]]."),
            Bad("as shown earlier [[[??]]] in the literature."),
            Bad("as in prior work [[(?)]]."),
            Bad("The proof is in [[Error! Reference source not found.]] below."),
            Bad("as described in [[??]], the model is small."),
            Bad("see [[??]] for details."),
        ),
        good=(
            "We saw back in Chapter 3 on page 54 how to generate text.",
            "The operator \ufffc\ufffc\ufffc\ufffc returns b when a is null.",
            "What? Really?",
            "See Section 10.2 and Figure 10.3.",
            "Is it [1]? Yes.",
            "?? The horse raced past the barn fell.",
            "Compare (3) ?? Who did you see Mary and? with (4).",
            "The sentence is marked: ?? Colorless green ideas sleep furiously.",
            "Gutenberg was born in 1398 (?) in Mainz.",
            "Type !?str? to repeat the last command containing str.",
        ),
    ),
)
