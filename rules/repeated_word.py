"""A word printed twice in a row: "are just just the equation", "the⏎the" across a line break.

## What it does
Flags a word immediately followed by the same word (ignoring case), also when the two are separated by a line
break, a column break, a page break or a hyphenated line end, since errata joins those before rules run.

## Why is this bad?
A doubled word is the most common typo readers report, and the hardest one for authors to see: the eye skips
the second copy, especially when it starts a new line or a new page.

## Example
Equation (10.32) and following are just just the equation for a single transformer block.

## Use instead
Equation (10.32) and following are just the equation for a single transformer block.

## Known false positives
Grammatical doublings ("he had had enough", "that that approach fails", "what it is is"), reduplicated names
("Bora Bora", "Pago Pago"), and repeated symbols in math or code. errata skips the doublings below, any pair
whose words are both capitalised mid-sentence (names) unless it is a function word such as "The The", single
letters other than "a", all-capital tokens, and anything in math, code or table regions. Add others with the
rule's ``allow`` option.

## References
- LanguageTool's EnglishWordRepeatRule, which knows "had had" and "that that".
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Severity
from errata.model.document import Flow

# Two copies of a word separated only by spaces (a line, column or page end is a space in a flow; a block
# boundary is a newline and is never crossed).
_PAIR = regex.compile(
    r"(?<![\p{L}\p{N}\p{M}_'’\-\ufffc])(\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)?) +(\1)(?![\p{L}\p{N}\p{M}_'’\-\ufffc])",
    regex.IGNORECASE | regex.V1,
)

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’]*")

# Doublings that are grammatical or lexicalised (lower case).
ALLOWED = frozenset(
    {
        "had had",
        "that that",
        "is is",
        "do do",
        "did did",
        "bye bye",
        "no no",
        "yes yes",
        "very very",
        "many many",
        "much much",
        "million million",
        "billion billion",
        "thousand thousand",
        # other languages' grammatical doublings met in English books
        "die die",
        "der der",
        "das das",
        "nous nous",
        "vous vous",
        "so so",
        "ha ha",
        "tut tut",
        "knock knock",
        "chop chop",
        "pooh pooh",
        "bora bora",
        "pago pago",
        "baden baden",
        "walla walla",
        "sing sing",
        "cao cao",
        "duran duran",
        "mahi mahi",
        "tse tse",
        "tsetse",
        "dum dum",
        "hush hush",
        "tom tom",
        "ylang ylang",
        "aye aye",
        "bla bla",
        "blah blah",
        "now now",
        "there there",
        "well well",
    }
)

# Function words: a capitalised pair of these ("The The") is a typo, not a name.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "as",
        "if",
        "then",
        "than",
        "we",
        "you",
        "they",
        "he",
        "she",
        "i",
        "our",
        "your",
        "their",
        "his",
        "her",
        "not",
        "no",
    ]
)


def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    allowed = ALLOWED | {str(a).lower() for a in ctx.options.get("allow", ())}
    text = flow.masked
    for m in _PAIR.finditer(text):
        first, second = m.group(1), m.group(2)
        low = first.lower()
        if f"{low} {second.lower()}" in allowed:
            continue
        if len(first) == 1 and low != "a":
            continue  # variables and initials: "x x", "W W Norton"
        if first.isupper() and second.isupper():
            continue  # capitals: headings, acronyms, "Appendix A A sample session"
        if len(second) > 1 and second.isupper() != first.isupper():
            continue  # a word and an acronym: "the THE corpus"
        if first[0].islower() and second[0].isupper():
            continue  # a capital mid-sentence starts something new: "6.4 Packages⏎Packages may be ..."
        if first[0].isupper() and second[0].isupper() and low not in _FUNCTION_WORDS:
            continue  # names: "Bora Bora", "Red Red"
        if _is_specimen(flow, m.start(), m.end(), low):
            continue
        yield Hit(m.start(), m.end(), f"Repeated word ‘{flow.text[m.start(2) : m.end(2)]}’", first)


def _is_specimen(flow: Flow, start: int, end: int, word: str) -> bool:
    """Whether the pair sits in typeset sample text rather than prose: a block of nothing but the pair, or a
    sentence in which the word makes up 40 % or more in at least four occurrences ("run run RUN run")."""
    s, e = flow.sentence(start, end)
    tokens = [t.lower() for t in _WORD.findall(flow.masked[s:e])]
    if len(tokens) <= 2:
        return True
    count = tokens.count(word)
    return count >= 4 and count >= 0.4 * len(tokens)


RULE = Rule(
    id="repeated-word",
    summary="A word is printed twice in a row",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    category="typo",
    examples=Examples(
        bad=(
            Bad("Equation (10.32) and following are [[just just]] the equation for a block.", fix="just"),
            Bad("we want to know how likely [[the the]] next word is", fix="the"),
            Bad("[[The the]] model is trained on text.", fix="The"),
            Bad("It is [[a a]] simple idea.", fix="a"),
            Bad("The [[transformer transformer]] block is shown.", fix="transformer"),
            Bad("Readers [[don’t don’t]] notice it.", fix="don’t"),
        ),
        good=(
            "If he had had enough time, he would have finished.",
            "He said that that approach fails on long inputs.",
            "We flew to Bora Bora last year.",
            "The model is trained as it was used. Used this way, it works.",
            "Set x x to zero.",
            "The THE corpus is large.",
            "the\nthe heading is separate",
            "W W Norton published it.",
            "6.3 Installing packages Packages may be distributed in source form.",
            "It gets typeset as: run run RUN run RUN run.",
            "discrete discrete",
            "The anchor_classes classes are listed.",
            "the other theory",
            "We add the\ufffc the vector.",
        ),
    ),
)
