"""What a document numbers and where: captions, equation numbers, section, chapter and appendix headings.

Shared by the document-level rules that compare references and numbers with what is printed
(``dangling-reference``, ``numbering``). Labels are read from every printed line the layout found (any role:
a heading the layout took for a table cell still counts) and from the start and end of every block of every
flow, so a plain-text document (a rule example) has labels too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from errata.model.document import Document, Region, Role

KINDS = ("figure", "table", "equation", "section", "chapter", "algorithm", "appendix")
NAMES = {
    "figure": "Figure",
    "table": "Table",
    "equation": "Equation",
    "section": "Section",
    "chapter": "Chapter",
    "algorithm": "Algorithm",
    "appendix": "Appendix",
}

NUMBER = r"(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)+)"
_CAPTION = regex.compile(
    rf"^\s*(?P<kind>Figure|Fig\.|FIGURE|Table|TABLE|Algorithm|ALGORITHM|Listing)[ \u00a0]*(?P<n>{NUMBER})"
    r"(?=\s*[:.|—–-]|\s+\p{Lu}|\s*$)"
)
_HEADING = regex.compile(r"^\s*(?:§\s*)?(?P<n>\d+(?:\.\d+)+|[A-Z](?:\.\d+)+)\.?(?=\s+\S|\s*$)")
_CHAPTER = regex.compile(r"^\s*(?:Chapter|CHAPTER|Lecture)[ \u00a0]+(?P<n>\d+)\b")
_APPENDIX = regex.compile(r"^\s*(?:Appendix|APPENDIX)[ \u00a0]+(?P<n>[A-Z])\b")
_TOP_HEADING = regex.compile(r"^\s*(?P<n>\d+)\.?\s+\p{Lu}")
# An equation's number ends its displayed line; one after "Eq." or "Equation" is a reference that ends a line of
# prose ("... as given in Eq. (11)"), not the number of an equation.
_EQUATION_END = regex.compile(
    r"(?<![\p{L}\p{N}_])(?<!(?:Eqs?\.|Eqns?\.|[Ee]quations?)[ \u00a0~]*)"
    r"\((?P<n>(?:\d+|[A-Z])(?:\.\d+)*)[a-z]?\)\s*$"
)

_CAPTION_KIND = {"figure": "figure", "fig.": "figure", "table": "table", "algorithm": "algorithm"}


@dataclass(frozen=True, slots=True)
class Label:
    """A numbered thing the document prints: kind, its number ("10.3", "B"), and where its text is."""

    kind: str
    number: str
    region: Region | None = None
    start: int = -1
    end: int = -1
    page: int = 0


def parts(number: str) -> tuple[str, ...]:
    return tuple(number.split("."))


def prefix(number: str) -> str:
    """The chapter part of a number: "10" for "10.3", "" for "3"."""
    return number.rsplit(".", 1)[0] if "." in number else ""


def sort_key(number: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts(number))


def from_line(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(kind, number, start, end) of the labels one line or block prints."""
    m = _CAPTION.match(text)
    if m:
        kind = _CAPTION_KIND.get(m.group("kind").lower(), "")
        if kind:
            yield kind, m.group("n"), m.start("kind"), m.end("n")
    m = _CHAPTER.match(text)
    if m:
        yield "chapter", m.group("n"), m.start(), m.end()
    m = _APPENDIX.match(text)
    if m:
        yield "appendix", m.group("n"), m.start(), m.end()
    m = _HEADING.match(text)
    if m:
        yield "section", m.group("n"), m.start("n"), m.end("n")
    m = _EQUATION_END.search(text)
    if m:
        yield "equation", m.group("n"), m.start(), m.end()


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for block in text.split("\n"):
        yield pos, block
        pos += len(block) + 1


def in_flows(doc: Document) -> list[Label]:
    """Every label printed at a block's start or end in the document's flows, with its span, in flow order."""
    out: list[Label] = []
    for region, flow in sorted(doc.flows.items()):
        for offset, block in _blocks(flow.text):
            for kind, number, s, e in from_line(block):
                start, end = offset + s, offset + e
                located = flow.locate(start, end)
                page = located[0].page if located else 0
                out.append(Label(kind, number, region, start, end, page))
    return out


def printed(doc: Document) -> dict[str, set[str]]:
    """Every number of each kind the document prints anywhere: lines of any role, flow blocks, equations."""
    out: dict[str, set[str]] = {k: set() for k in KINDS}
    texts: Iterable[str] = (line.text for line in doc.lines)
    for text in texts:
        for kind, number, _, _ in from_line(text):
            out[kind].add(number)
    for line in doc.lines:
        m = _TOP_HEADING.match(line.text) if line.role is Role.HEADING else None
        if m:
            out["chapter"].add(m.group("n"))  # "13 Error Handling": a chapter heading without the word
    for label in in_flows(doc):
        out[label.kind].add(label.number)
    out["equation"].update(e.label for e in doc.equations)
    # A chapter is known from its own heading and from the numbers of what it holds ("Figure 10.3": chapter 10).
    for kind in ("figure", "table", "equation", "section", "algorithm"):
        for number in out[kind]:
            head = parts(number)[0]
            if "." in number and head.isdigit():
                out["chapter"].add(head)
            elif "." in number:
                out["appendix"].add(head)
    return out


def describe(kind: str, numbers: Iterable[str]) -> str:
    """ "Figures 10.1–10.12", "Tables 1, 2 and 4": the numbers as a reader would list them."""
    ordered = sorted(set(numbers), key=sort_key)
    if kind == "equation":
        ordered = [f"({n})" for n in ordered]
    name = NAMES[kind] + ("s" if len(ordered) > 1 else "")
    if kind == "appendix" and len(ordered) > 1:
        name = "Appendices"
    if not ordered:
        return f"no {NAMES[kind]}"
    if len(ordered) > 2 and _contiguous(ordered):
        return f"{name} {ordered[0]}–{ordered[-1]}"
    if len(ordered) > 6:
        return f"{name} {', '.join(ordered[:3])}, …, {ordered[-1]}"
    shown = ", ".join(ordered[:-1]) + (" and " if len(ordered) > 1 else "") + ordered[-1]
    return f"{name} {shown}"


def _contiguous(ordered: list[str]) -> bool:
    bare = [n.strip("()") for n in ordered]
    tails = [parts(n)[-1] for n in bare]
    if not all(t.isdigit() for t in tails) or len({prefix(n) for n in bare}) != 1:
        return False
    nums = [int(t) for t in tails]
    return nums == list(range(nums[0], nums[0] + len(nums)))
