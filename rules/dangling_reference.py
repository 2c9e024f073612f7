"""A reference to a figure, table, equation, section, chapter, algorithm or appendix the document never prints:
"see Figure 10.13" in a chapter whose figures stop at 10.12.

## What it does
Reads every caption ("Figure 10.3:", "Table 2."), equation number, numbered heading ("10.8.2", "Chapter 3",
"Appendix B") and algorithm the document prints, then flags a reference ("Figure 10.13", "Fig. 10.13",
"Table 3.2", "Eq. (10.32)", "Equation 10.4", "Section 10.8.2", "Chapter 3", "Algorithm 2", "Appendix B")
whose target is not among them, naming what exists instead ("no Figure 10.13; the chapter has Figures
10.1–10.12").

## Why is this bad?
A reference that points nowhere is a stale label after a figure was cut or renumbered, or a number typed by
hand. LaTeX resolves ``\\ref`` but not a number written out, and a number that resolves to the wrong chapter's
figure looks fine in the log.

## Example
Figure 10.1: The model.
Figure 10.2: The loss.
As Figure 10.13 shows, the loss falls.

## Use instead
Figure 10.1: The model.
Figure 10.2: The loss.
As Figure 10.2 shows, the loss falls.

## Known false positives
Only targets that belong to the scanned part are judged: a reference whose chapter part ("10" in "10.13") is
not the chapter part of any label the document prints is into another chapter and left alone, as is a kind
the document prints no label of at all (its captions may be images), a caption's own label ("Figure 29a: First of a series",
"Figure 40 & Table 4: A common caption"), a number in another style than the
document's own ("Figure 3" where captions read "Figure 10.3"), and a reference into another work ("Figure 3
of [12]", "Table 2 in Smith", "sections 7.3 to 7.6 of the documentation of this package", "the LuaTeX
manual, section 5.6", "RFC 4254, section 6.2"), or a contents line's page number ("3.5 Simple multiline equations 65"). Chapters are known
from their "Chapter 3" headings, from the numbers of what they hold and from numbered top-level headings
("13 Error Handling"). A chapter is flagged only in a document that prints several chapter headings
and only beyond the last one; an appendix only beyond the last appendix. A chapter PDF built alone still
cites other chapters by number, so its findings are downgraded under ``single-chapter``. Captions the layout
did not find (a caption set as an image, a table whose caption sits in the table) make false findings.
Measured on 12,042 pages of Debian documentation (439 documents, 11 producer chains, PDFium backend): 15 findings,
all read, 1 true (7 %); see docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Scope, Severity, SingleChapter, Status
from errata.model.document import PROSE_REGIONS, Document

from . import labels
from .labels import NUMBER, describe, parts, prefix

_KIND_WORDS = {
    "figure": r"Figures?|Figs?\.|figures?|FIGURE",
    "table": r"Tables?|Tabs?\.|tables?|TABLE",
    "equation": r"Equations?|Eqs?\.|Eqns?\.|equations?",
    "section": r"Sections?|Secs?\.|Sects?\.|§§?|sections?",
    "chapter": r"Chapters?|Chaps?\.|Ch\.|chapters?",
    "algorithm": r"Algorithms?|Alg\.|algorithms?",
    "appendix": r"Appendix|Appendices|App\.|appendix",
}
_REF = regex.compile(
    r"(?<![\p{L}\p{N}_\-])(?:"
    + "|".join(f"(?P<{k}>{w})" for k, w in _KIND_WORDS.items())
    + rf")[ \u00a0~]*(?P<paren>\()?(?P<n>{NUMBER}|\d+|[A-Z])(?(paren)\)|)"
    r"(?P<sub>[a-z]?)(?![\p{L}\p{N}]|\.\d)",
    regex.V1,
)
# "Figure 3 of [12]", "Table 2 in Smith (2010)", "Chapter 4 of the manual": another work's numbering.
_ELSEWHERE = regex.compile(
    r"\s*,?\s*(?:of|in|from)\s+(?:\[|\(|the\s+(?:\p{L}+\s+)?(?:paper|book|article|manual|report|thesis|"
    r"survey|documentation|guide|specification|standard|text|volume|reference)|[\p{Lu}][\p{Ll}]+|\p{Lu}{2,}|\d)",
    regex.V1,
)

# What follows a caption's own label ("Figure 29a: First figure", "Figure 40 & Table 4: A common caption"): the
# label is printed here, not referred to.
_CAPTION_FORM = regex.compile(r"[ \u00a0]*(?::|&[ \u00a0]*(?:Figure|Table|Fig\.)[ \u00a0]*\d[^:\n]{0,8}:)")

# "the LuaTeX manual, section 5.6": another work named just before the reference.
_WORK_BEFORE = regex.compile(
    r"\b(?:manual|book|paper|article|documentation|guide|specification|standard|thesis|report|TeXbook"
    r"|RFC[ \u00a0]?\d+)s?"
    r"\)?[ \u00a0]*,?[ \u00a0]*(?:in[ \u00a0]+|see[ \u00a0]+)?$"
)
# A contents line: a section number, a title, and the page number that ends it ("3.5 Simple equations 65").
_CONTENTS_LINE = regex.compile(r"\s*(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)*)\.?\s+\S")

_OTHER_WORK = regex.compile(
    r"\b(?:of|in)\s+(?:the|this|that|its)\s+(?:\p{L}+\s+)?(?:documentation|manual|book|paper|article|package|"
    r"guide|thesis|report)\b"
)


def check(doc: Document, ctx: RuleContext) -> Iterator[Hit]:
    if doc.pages_scanned and len(doc.pages_scanned) < doc.page_count:
        return  # a partial scan does not see every label
    known = labels.printed(doc)
    for region, flow in sorted(doc.flows.items()):
        if region not in PROSE_REGIONS:
            continue
        text = flow.masked
        for m in _REF.finditer(text):
            kind = next(k for k in _KIND_WORDS if m.group(k))
            number = m.group("n")
            if kind == "appendix" and not number.isalpha():
                continue
            if kind != "appendix" and kind != "section" and not number[0].isdigit():
                continue
            if _ELSEWHERE.match(text, m.end()) or _CAPTION_FORM.match(text, m.end()):
                continue
            if _WORK_BEFORE.search(text, max(0, m.start() - 60), m.start()):
                continue  # "the LuaTeX manual, section 5.6"
            block_start = text.rfind("\n", 0, m.start()) + 1
            block_end = text.find("\n", m.end())
            if not text[m.end() : len(text) if block_end < 0 else block_end].strip() and _CONTENTS_LINE.match(
                text, block_start
            ):
                continue  # "3.5 Simple multiline equations 65": a contents line and its page number
            e = flow.sentence(m.start(), m.end())[1]
            if _OTHER_WORK.search(text, m.end(), e):
                continue  # "sections 7.3 to 7.6 on pp. 15-21 of the documentation of this package"
            message = _dangling(kind, number, known)
            if message:
                yield Hit(m.start(), m.end(), message, region=region)


def _dangling(kind: str, number: str, known: dict[str, set[str]]) -> str | None:
    """The message for a reference to ``number`` of ``kind`` that the document does not print, else None."""
    have = known[kind]
    if number in have:
        return None
    name = labels.NAMES[kind]
    shown = f"({number})" if kind == "equation" else number
    if kind == "chapter":
        chapters = sorted(int(c) for c in have if c.isdigit())
        if len(chapters) < 2 or not number.isdigit() or int(number) <= chapters[-1]:
            return None
        return f"No Chapter {number}; the document has {describe('chapter', map(str, chapters))}"
    if kind == "appendix":
        letters = sorted(a for a in have if a.isalpha() and len(a) == 1)
        if not letters or number <= letters[-1]:
            return None
        return f"No Appendix {number}; the document has {describe('appendix', letters)}"
    if not have:
        return None  # the document prints no label of this kind at all: nothing to compare with
    depth = len(parts(number))
    same_style = [n for n in have if len(parts(n)) == depth]
    if not same_style:
        return None  # "Figure 3" in a document that numbers "Figure 10.3": another style, not ours to judge
    head = prefix(number)
    if head:
        siblings = [n for n in same_style if prefix(n) == head]
        chapter = parts(number)[0]
        ours = {
            parts(n)[0] for k in ("figure", "table", "equation", "algorithm") for n in known[k] if "." in n
        }
        if kind == "section":
            ours |= {parts(n)[0] for n in known["section"]} | known["chapter"]
        if chapter not in ours:
            return None  # another chapter's
        if not siblings:
            if kind != "section":
                return None
            return f"No {name} {shown}; the document has no section numbered {head}.x"
        return f"No {name} {shown}; the chapter has {describe(kind, siblings)}"
    return f"No {name} {shown}; the document has {describe(kind, same_style)}"


RULE = Rule(
    id="dangling-reference",
    summary="A reference to a figure, table, equation or section the document does not print",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    category="reference",
    status=Status.PREVIEW,
    scope=Scope.DOCUMENT,
    single_chapter=SingleChapter.DOWNGRADE,
    examples=Examples(
        bad=(
            Bad("Figure 10.1: The model.\nFigure 10.2: The loss.\nAs [[Figure 10.13]] shows, it falls."),
            Bad("Figure 10.1: The model.\nFigure 10.2: The loss.\nAs [[Fig. 10.13]] shows, it falls."),
            Bad("Table 3.1: Results.\nThe numbers in [[Table 3.2]] are averages."),
            Bad("The loss is\n(10.31)\nand by [[Eq. (10.32)]] it falls."),
            Bad("The loss is\n(10.3)\nand by [[Equation 10.4]] it falls."),
            Bad("The loss is\n(1)\nThe gain follows from [[Eq. (2)]]"),
            Bad("10.8 Training\n10.8.1 Data\nSee [[Section 10.8.2]] for the schedule."),
            Bad("Chapter 1\nChapter 2\nAs we will see in [[Chapter 3]], it works."),
            Bad("Algorithm 1 Greedy decoding\nUse [[Algorithm 2]] instead."),
            Bad("Appendix A\nThe proofs are in [[Appendix B]]."),
        ),
        good=(
            "Figure 10.1: The model.\nAs Figure 10.1 shows, it falls.",
            "Figure 10.1: The model.\nAs Figure 9.4 showed in the last chapter, it falls.",
            "As Figure 3 shows, it falls.",
            "Figure 10.1: The model.\nAs Figure 3 of [12] shows, it falls.",
            "Figure 1: The model.\nFigure 29a: First figure of a series.\nFigure 40 & Table 4: A common caption.",
            "10.1 Training\nAs the LuaTeX manual, section 10.6 explains, it nests.",
            "6.1 Channels\nRequesting a terminal (RFC 4254, section 6.2) comes next.",
            "(1)\n3.5 Simple multiline equations 65\n3.6 Tables 70",
            "Figure 1: The model.\nAs Figure 4 in Smith (2010) shows, it falls.",
            "Chapter 10\nAs we saw in Chapter 3, it works.",
            "Appendix A\nThe proofs are in Appendix A.",
            "The loss is\n(10.31)\nand by Eq. (10.31) it falls.",
        ),
    ),
)
