"""Captions, equation numbers or section numbers that repeat, skip or go backwards: two "Figure 10.8",
equation (10.31) followed by (10.33).

## What it does
Collects, in printed order, the numbers of the document's captions (figures, tables, algorithms), numbered
equations and numbered section headings, and within each chapter (the part before the last dot, "10" in
"10.8") flags a number printed twice, a number after a gap ("(10.33)" where no "(10.32)" is printed), and a
number lower than the one before it.

## Why is this bad?
Hand-numbered or hand-edited labels drift: a figure inserted without renumbering, an equation deleted, a
section moved. The reader who looks for "Figure 10.8" finds two, or none where the count says one should be.

## Example
Figure 10.7: The model.
Figure 10.8: The loss.
Figure 10.8: The accuracy.

## Use instead
Figure 10.7: The model.
Figure 10.8: The loss.
Figure 10.9: The accuracy.

## Known false positives
A label is read only where it starts a block (a caption, a heading) or, for equations, where a number in
brackets ends a displayed line; entries of a table of contents or a list of figures (a line ending in its page
number, or in its dot leader where the layout set the page numbers apart, and every line of the index flow)
are not labels, and a section heading counts only as a short block whose number is followed by a
title (a number in a table, "0.1", is not a heading). A page with six or more labels of one kind (its contents entries counted) that are printed again elsewhere
is a table of contents or a list of figures and is not read; a sub-equation ("(65a)", "(65b)") is not a repeat of its
number, nor is a heading printed again with its title (a running head: "5.3. Binary package control files"). A section implied by its
subsections ("10.2.1" implies "10.2") is not a gap. Labels the layout splits or misses make gaps that are not
in the book; a number goes backwards only across pages, since on one page the layout may read
equation numbers set apart, or two columns, out of order. Measured on 12,042 pages of Debian documentation (439 documents, 11 producer chains, PDFium backend): 253 findings, a fresh sample of 60 read, none true (0 %): numbering styles it does not read
("Figure 2-22"), continued floats, parallel texts, example numbers; see docs/rules.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Scope, Severity, Status
from errata.model.document import PROSE_REGIONS, Document, Region

from . import labels
from .labels import Label, parts, prefix

# A line of a table of contents or a list of figures: its page number at the end, or a dot leader whose page
# number the layout set apart (PDFium reads the column of page numbers as a strip of its own).
_TOC_ENTRY = regex.compile(r"(?:\.\s*){2,}\s*\d+\s*$|\s\d+\s*$|(?:\.[ \u00a0]?){4,}\s*$")
_WHOLE_EQUATION = regex.compile(r"^\s*\(\s*(?:\d+|[A-Z])(?:\.\d+)*[a-z]?\s*\)\s*$")
SHORT_HEADING = 80
"""Most characters a block may have to be read as a numbered section heading."""


def _labels(doc: Document) -> list[Label]:
    equations = {e.label for e in doc.equations}
    out: list[Label] = []
    every = labels.in_flows(doc)
    listed = _list_pages(every)
    for label in every:
        flow = doc.flows[label.region] if label.region is not None else None
        if flow is None or label.region is Region.INDEX or (label.kind, label.page) in listed:
            continue  # the entries of a table of contents or a list of figures, not the labels themselves
        block_start = flow.text.rfind("\n", 0, label.start) + 1
        block_end = flow.text.find("\n", label.end)
        block = flow.text[block_start : len(flow.text) if block_end < 0 else block_end]
        if label.kind == "equation":
            if label.region in PROSE_REGIONS and not _WHOLE_EQUATION.match(block):
                continue  # a prose paragraph that ends in "(2.3)" cites an equation
            if equations and label.number not in equations:
                continue
        elif label.kind in ("chapter", "appendix"):
            continue
        elif _TOC_ENTRY.search(block):
            continue  # a table of contents or list of figures: the number and its page
        if label.kind == "section" and not _heading(flow.text, block, label):
            continue
        out.append(label)
    return out


_TITLE = regex.compile(r"\s*\p{Lu}\p{Ll}")


def _heading(text: str, block: str, label: Label) -> bool:
    """A numbered heading: a short block whose number is followed by a title, here or in the next block (the
    layout may set the number apart), and does not start with 0 (a value in a table: "0.1")."""
    if len(block) > SHORT_HEADING or label.number.startswith("0"):
        return False
    after = text[label.end : label.end + 40].lstrip(".").lstrip(" \n")
    return bool(_TITLE.match(after))


def check(doc: Document, ctx: RuleContext) -> Iterator[Hit]:
    if doc.pages_scanned and len(doc.pages_scanned) < doc.page_count:
        return
    found = _labels(doc)
    groups: dict[tuple[str, str], list[tuple[int, int, Label]]] = defaultdict(list)
    for order, label in enumerate(found):
        if not parts(label.number)[-1].isdigit():
            continue
        groups[(label.kind, prefix(label.number))].append((label.page, order, label))
    # A gap must be a gap everywhere: a number printed anywhere (a heading number the layout set apart from its
    # title, a caption line) fills it.
    present = {(label.kind, label.number) for label in found}
    present |= {(kind, n) for kind, numbers in labels.printed(doc).items() for n in numbers}
    implied = {
        (lab.kind, prefix(lab.number)) for lab in found if lab.kind == "section" and prefix(lab.number)
    }
    for (kind, head), members in sorted(groups.items()):
        members.sort(key=lambda t: (t[0], t[1]))
        seen: dict[str, Label] = {}
        last, last_page = 0, 0
        for _, _, label in members:
            n = int(parts(label.number)[-1])
            name = _name(kind, label.number)
            printed = doc.flows[label.region].text[label.start : label.end].rstrip() if label.region else ""
            sub = label.kind == "equation" and _SUB_LABEL.search(printed) is not None
            if label.number in seen and not sub:
                first = seen[label.number]
                if (
                    label.kind != "equation"
                    and _title(doc, first)
                    and _title(doc, first) == _title(doc, label)
                ):
                    continue  # the same heading printed again: a running head, a cross-reference line
                where = f" (also on page {first.page})" if first.page else ""
                yield _hit(label, f"{name} is numbered twice{where}")
                continue
            seen[label.number] = label
            if last and n < last:
                # On one printed page the layout's order is not always the reading order (equation numbers
                # set apart, two columns): a number goes backwards only across pages (page 0: plain text).
                if not label.page or label.page != last_page:
                    yield _hit(
                        label,
                        f"{name} comes after {_name(kind, _join(head, last))}: the numbers go backwards",
                    )
            elif last and n > last + 1:
                missing = [_join(head, k) for k in range(last + 1, n)]
                if not any((kind, m) in present or (kind, m) in implied for m in missing):
                    gap = _name(kind, missing[0]) + ("" if len(missing) == 1 else f" to {missing[-1]}")
                    yield _hit(label, f"{name} follows {_name(kind, _join(head, last))}: there is no {gap}")
            if n > last:
                last, last_page = n, label.page


_TITLE_WORDS = regex.compile(r"\p{L}+")


def _title(doc: Document, label: Label) -> str:
    """The first words after a label in its block ("binary package control files"): two sections of one
    number with one title are one section printed twice, two with different titles a numbering slip."""
    if label.region is None:
        return ""
    text = doc.flows[label.region].text
    end = text.find("\n", label.end)
    return " ".join(_TITLE_WORDS.findall(text[label.end : len(text) if end < 0 else end])[:6]).lower()


_SUB_LABEL = regex.compile(r"\d[a-z]\)$")
LIST_PAGE = 6
"""Labels of one kind on one page from which the page is a table of contents or a list of figures."""


def _list_pages(found: list[Label]) -> set[tuple[str, int]]:
    """(kind, page) of the pages that list labels (a table of contents, a list of figures): ``LIST_PAGE`` or
    more labels of one kind, most of them printed again on other pages. Counted over every label the page
    prints, entries with their page numbers included, so that a contents page whose entries mostly end in a
    page number still counts as one."""
    per_page: dict[tuple[str, int], list[Label]] = defaultdict(list)
    for label in found:
        per_page[(label.kind, label.page)].append(label)
    listed: set[tuple[str, int]] = set()
    for (kind, page), members in per_page.items():
        if len(members) < LIST_PAGE:
            continue
        elsewhere = {lab.number for lab in found if lab.kind == kind and lab.page != page}
        if sum(lab.number in elsewhere for lab in members) * 2 >= len(members):
            listed.add((kind, page))
    return listed


def _join(head: str, n: int) -> str:
    return f"{head}.{n}" if head else str(n)


def _name(kind: str, number: str) -> str:
    return f"equation ({number})" if kind == "equation" else f"{labels.NAMES[kind]} {number}"


def _hit(label: Label, message: str) -> Hit:
    return Hit(label.start, label.end, message[0].upper() + message[1:], region=label.region)


RULE = Rule(
    id="numbering",
    summary="Figure, table, equation or section numbers that repeat, skip or go backwards",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    category="reference",
    status=Status.PREVIEW,
    scope=Scope.DOCUMENT,
    regions=frozenset(Region),
    examples=Examples(
        bad=(
            Bad("Figure 10.7: The model.\nFigure 10.8: The loss.\n[[Figure 10.8]]: The accuracy."),
            Bad("The loss is\n(10.31)\nand the gain is\n[[(10.33)]]\nas shown."),
            Bad("Table 2: A.\nTable 3: B.\n[[Table 1]]: C."),
            Bad("10.1 Attention\n10.2 Blocks\n[[10.4]] Heads"),
        ),
        good=(
            "Figure 10.7: The model.\nFigure 10.8: The loss.\nFigure 10.9: The accuracy.",
            "The loss is\n(10.31)\nand the gain is\n(10.32)\nas shown.",
            "10.1 Attention\n10.2 Blocks\n10.3.1 Heads\n10.4 Training",
            "1.1 Attention . . . . 3\n1.2 Blocks . . . . 5\n1.1 Attention\n1.2 Blocks",
            "1.1 Attention . . . . . . . .\n1.2 Blocks . . . . . . . .\n1.1 Attention\n1.2 Blocks",
            "Figure 9.2: Other chapter.\nFigure 10.1: The model.",
            "5.2 Sources\n5.3 Binary package control files\nText.\n5.3. Binary package control files\n5.4 Fields",
            "The result follows from (10.3)\nand then (10.5)",
        ),
    ),
)
