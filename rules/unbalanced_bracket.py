"""A bracket or quotation mark that is opened and never closed, or closed and never opened.

## What it does
Flags a bracket "(" or "[" that its paragraph never closes, or a ")" that was never opened; a curly quotation
mark in a paragraph that opens (“) and closes (”) quotations a different number of times.

## Why is this bad?
An unclosed parenthesis leaves the reader unsure where an aside ends; a lost closing quotation mark, where a
quotation ends.

## Example
The model (which is small is fast. It is used widely in practice.

## Use instead
The model (which is small) is fast. It is used widely in practice.

## Known false positives
Text in code and math fonts is never read, and an interval printed in the text font ("[0, 1)") counts as
closed. List markers ("a)", "2)", "iv)") and emoticons are not unmatched brackets, nor is a lone "]" (a lemma in
a critical apparatus, "station A]"); a paragraph that sets quotations with one mark both ways (”free”) or
continues a quotation into the next paragraph is not read for quotes, and a sentence that looks like source code
(a backslash command, braces, "=", "->", "f(x") is not read for brackets: manuals print code in the text font.
An unmatched bracket counts only inside a whole sentence of a paragraph that goes on (an opener whose sentence
ends and is followed by more text, a closer after another sentence of its paragraph): a bracket at a block's
edge may belong to text the layout set apart. A parenthesis may close in the next block (a paragraph broken by
a display, a figure or a page). A sentence holding code or math is not read for brackets, since the other
bracket may be set in the code font. A bracket or quotation mark the text names as a character (alone between
spaces, "the parenthesis ( and", or inside a quoted string: "the ‘[’ character", "‘cc[lr’"), a word or a
quotation set with one mark both ways (“scalable“, ”Keep it simple”) and the brackets of a paragraph with
right-to-left script (mirrored, read in either order) are not read; a ” after a digit is an inch mark (8.5”x11”).
Brackets that the layout reads out of order (the other bracket in another block) make false findings.
Measured on 12,042 pages of Debian documentation (439 documents, 11 producer chains, PDFium backend), as part of
the wider punctuation rule before the split: a fresh sample of its findings read, 12 of 27 true (44 %); see
docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Severity, Status
from errata.model.document import MASK, Flow

_OPEN = {"(": ")", "[": "]", "“": "”"}
_CLOSE = {")": "(", "]": "[", "”": "“"}
# A sentence with any of these is source code the code font did not cover: its brackets are not prose.
CODE_LIKE = regex.compile(r"\\[A-Za-z@]|[{}#=<>|~^]|\(\)|->|::|;\S|\w\(\w")
# "[0, 1)" and "(0, 1]" are intervals: either bracket closes either.
_INTERVAL = {")": "[", "]": "("}
_LIST_MARKER = regex.compile(r"(?:\p{L}|\p{N}{1,3}|[ivxlc]{1,5})", regex.V1)
_EMOTICON = regex.compile(r"[:;=8][\-^]?$")


def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    text = flow.masked
    for h in _brackets(text):
        if (
            not _code_like(flow, h.start)
            and _within_sentence(flow, h.start)
            and not _named(text, h.start)
            and not _right_to_left(text, h.start)
        ):
            yield h


def _brackets(text: str) -> Iterator[Hit]:
    """Unmatched brackets and curly quotes. An opener may close in the next block (a paragraph broken by a
    display, a figure or a page): it is flagged only when two blocks have passed without its closer."""
    stack: list[tuple[str, int, int]] = []  # opener, offset, block number
    block = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            end = text.find("\n", i + 1)
            if not text[i + 1 : None if end < 0 else end].strip(" " + MASK):
                continue  # a block of nothing but masked math or code does not part an aside from its end
            block += 1
            old = [o for o in stack if o[2] < block - 1]
            for opener, pos, _ in old:
                yield _unclosed(opener, pos)
            stack = [o for o in stack if o[2] >= block - 1]
        elif ch in _OPEN:
            if ch == "“" and not _paired_quotes(text, i):
                continue
            stack.append((ch, i, block))
        elif ch in _CLOSE:
            if ch == "”" and not _paired_quotes(text, i):
                continue
            want = _CLOSE[ch]
            k = len(stack) - 1
            while k >= 0 and stack[k][0] != want and stack[k][0] != _INTERVAL.get(ch):
                k -= 1
            if k >= 0:
                del stack[k:]  # openers inside it that never closed are left to the reader
            elif ch != "]" and not _is_marker(text, i):
                yield Hit(i, i + 1, f"‘{ch}’ closes nothing: no ‘{want}’ opens it in the paragraph")
    for opener, pos, _ in stack:
        yield _unclosed(opener, pos)


def _within_sentence(flow: Flow, at: int) -> bool:
    """Whether the unmatched bracket at ``at`` sits in a whole sentence of a paragraph that goes on: an opener's
    sentence ends with its full stop and more text follows in the block; a closer's sentence starts after
    another sentence of the block. A bracket at a block's edge may belong to text the layout set apart."""
    text = flow.text
    s, e = flow.sentence(at, at + 1)
    block_start = text.rfind("\n", 0, at) + 1
    block_end = text.find("\n", at)
    block_end = len(text) if block_end < 0 else block_end
    if text[at] in _CLOSE:
        return s > block_start
    return e > s and text[e - 1] in ".!?" and len(text[e:block_end].strip()) >= 20


_QUOTED = regex.compile(r"^[‘'“\"`].*[’'”\"´]$|^“[^“”]+“$|^”[^“”]+”$")
_RTL = regex.compile(r"[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]")


def _named(text: str, i: int) -> bool:
    """Whether the bracket or quote at ``i`` is a character the text names rather than one that opens or closes:
    a mark alone between spaces ("the parenthesis ( and"), or in a quoted string ("the ‘[’ character",
    "‘cc[lr’"), or a word quoted with one mark both ways (“scalable“)."""
    start = max(text.rfind(" ", 0, i), text.rfind("\n", 0, i)) + 1
    ends = [k for k in (text.find(" ", i), text.find("\n", i)) if k >= 0]
    token = text[start : min(ends) if ends else len(text)].rstrip(".,;:!?")
    inches = text[i] == "”" and i > 0 and text[i - 1].isdigit()  # 8.5”x11”: inches, not a quotation
    return inches or token == text[i] or bool(_QUOTED.match(token)) or _closing_mark_both_ways(text, i)


def _closing_mark_both_ways(text: str, i: int) -> bool:
    """Whether the ” at ``i`` is one of a pair that sets a quotation with ” at both ends (”Keep it simple”):
    the quotation mark next to it in the paragraph, before or after, is a ” as well."""
    if text[i] != "”":
        return False
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    block = text[start : len(text) if end < 0 else end]
    k = i - start
    before = max(block.rfind("“", 0, k), block.rfind("”", 0, k))
    after = [j for j in (block.find("“", k + 1), block.find("”", k + 1)) if j >= 0]
    return (before >= 0 and block[before] == "”") or (bool(after) and block[min(after)] == "”")


def _right_to_left(text: str, i: int) -> bool:
    """Whether the paragraph around ``i`` holds right-to-left script: extraction may read its brackets in
    either order (a bracket is mirrored in right-to-left text)."""
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    return bool(_RTL.search(text, start, len(text) if end < 0 else end))


def _paired_quotes(text: str, i: int) -> bool:
    """Whether the paragraph around ``text[i]`` sets its quotations with both “ and ”: in one that uses a
    single mark both ways (”free”, “free“) or quotes across paragraphs, quotation marks are not pairs."""
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    block = text[start : len(text) if end < 0 else end]
    return "“" in block and "”" in block and block.count("“") != block.count("”")


def _code_like(flow: Flow, at: int) -> bool:
    """Whether the sentence around a bracket is source code, or holds code or math whose font may carry the
    other bracket (a masked character)."""
    s, e = flow.sentence(at, at + 1)
    return MASK in flow.masked[s:e] or bool(CODE_LIKE.search(flow.masked, s, e))


def _unclosed(opener: str, pos: int) -> Hit:
    return Hit(pos, pos + 1, f"‘{opener}’ is never closed: no ‘{_OPEN[opener]}’ follows in the paragraph")


def _is_marker(text: str, i: int) -> bool:
    """A list marker ("a)", "2)", "iv)"), an emoticon (":)") or a closer next to masked text."""
    if text[i] != ")" and text[i] != "]":
        return text[max(0, i - 1) : i] == MASK
    before = text[max(0, i - 12) : i]
    if before.endswith(MASK):
        return True
    token = regex.split(r"[\s(\[]", before)[-1]
    return bool(_LIST_MARKER.fullmatch(token) or _EMOTICON.search(before))


RULE = Rule(
    id="unbalanced-bracket",
    summary="A bracket or quotation mark that is never closed, or closes nothing",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    category="typo",
    status=Status.PREVIEW,
    examples=Examples(
        bad=(
            Bad("The model [[(]]which is small is fast. It is used widely in practice."),
            Bad("It works. The model which is small[[)]] is fast."),
            Bad("He said “yes” and called it [[“]]attention and moved on. Then he left the room."),
        ),
        good=(
            "He said “yes” and left (quickly).",
            "The interval [0, 1) is half open.",
            "Choose a) the first or b) the second.",
            "The value (given by\n\ufffc\ufffc\ufffc\nwith x fixed) is small.",
            "Thanks :) and see you.",
            "A work is ”free” if it is, and “scalable“ too.",
            "Lemma: station A] bookstore B.",
            "It works. You must use American 8.5”x11” Letter paper, the “US Quarto” size. The rest follows here.",
            "It works. The motto is ”Keep it simple” or, “Make it work.” The rest of the paragraph follows.",
            "It works. The ‘[’ character is harder, and ‘cc[lr’ repeats. The rest of the paragraph follows.",
            "It works. Close the parenthesis ( and the exponent. The rest of the paragraph follows.",
            "It works. It is “scalable“ and prone to “crowd-development” too. The rest of the paragraph follows.",
            "It works. The gloss reads \u062a\u0627\u064a Gal.)] om. and more text follows here.",
            "The macro \\def\\x#1{% starts it.",
        ),
    ),
)
