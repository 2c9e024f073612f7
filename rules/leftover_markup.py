"""Source markup or an editor's note that reached print: "\\ref{fig:x}", "{{", "TODO:", "[citation needed]".

## What it does
Flags, in prose only, what the typesetter should have consumed or the author should have removed: a LaTeX
command that takes a label or key printed literally (``\\ref{``, ``\\eqref{``, ``\\cite{``, ``\\citep{``,
``\\label{``, ``\\pageref{``, ``\\autoref{``, ``\\cref{``), template braces ``{{`` and ``}}``, an editor's
note ("TODO", "FIXME", "XXX" written as a note: followed by a colon, or in brackets) and "[citation needed]".

## Why is this bad?
A printed ``\\ref{sec:intro}`` tells the reader the build went wrong and hides the reference it stood for; a
"TODO: add the proof" is a hole in the book that nobody meant to print.

## Example
The model is described in \\ref{sec:model} and trained as usual.

## Use instead
The model is described in Section 3 and trained as usual.

## Known false positives
A flow that prints five or more other backslash commands is a manual about TeX source, and its commands are
not flagged; braces and notes in a sentence that looks like source code (another backslash command, "=",
"#", "->", "f(x") are not flagged either, nor are braces in a sentence with other braces ("{et, {dict_insert, Key}}"). Text in code and math fonts is never read (a ``\\ref{`` in a listing that teaches LaTeX is fine), nor are
tables. "TODO", "FIXME" and "XXX" count only as a note: "TODO:", "(TODO)", "[XXX]"; the word in a sentence
("the TODO file", "replace XXX by your name") is not flagged; standing alone between two sentences ("...
the end. XXX The next ...") it is a note. A manual that teaches LaTeX or a template
language in body text, without a code font, is flagged. Measured on 12,042 pages of Debian documentation (439 documents, 11 producer chains, PDFium backend): 25 findings, all read, 6 true (24 %): most are "TODO:" notes of documented
implementations, which read exactly like one left in a manual; see docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Severity, Status
from errata.model.document import Flow

_COMMANDS = (
    "ref|eqref|pageref|autoref|cref|Cref|vref|nameref|label|cite|citep|citet|citealp|citeauthor|citeyear"
    "|parencite|textcite|footcite|autocite"
)
_PATTERN = regex.compile(
    rf"(?P<cmd>\\(?:{_COMMANDS})\*?\{{[^{{}}\n\ufffc]{{0,60}}\}}?)"
    r"|(?P<braces>\{\{|\}\})"
    r"|(?P<note>(?<![\p{L}\p{N}_])(?:TODO|FIXME|XXX|TBD)(?=\s*:)|[\[(](?:TODO|FIXME|XXX|TBD)(?:[:\s][^\])\n]{0,80})?[\])])"
    # a note standing alone between two sentences: "... the end. XXX The next ..."
    r"|(?P<alone>(?<=[.!?][\"”’)]?[ \u00a0]+)(?:TODO|FIXME|XXX)(?=[ \u00a0]+\p{Lu}\p{Ll}|[ \u00a0]*(?:\n|$)))"
    r"|(?P<citation>\[citation needed\])",
    regex.V1,
)


_TEX_COMMAND = regex.compile(r"\\[A-Za-z@]+")
_CODE_LIKE = regex.compile(r"\\[A-Za-z@]|[#=<>|~^%$]|\(\)|->|::|;\S|\w\(\w")
TEACHES_TEX = 5
"""Backslash commands a flow may print outside the matches before it is a manual about TeX source."""


def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    text = flow.masked
    matches = list(_PATTERN.finditer(text))
    if not matches:
        return
    teaches_tex: bool | None = None
    for m in matches:
        shown = flow.text[m.start() : m.end()]
        if m.group("cmd"):
            if teaches_tex is None:
                teaches_tex = ctx.of_flow(flow, _other_commands) >= TEACHES_TEX
            if teaches_tex:
                continue  # a manual about LaTeX prints its commands on purpose
        if not m.group("cmd") and _code_like(flow, m.start(), m.end()):
            continue
        if m.group("cmd"):
            message = f"LaTeX source ‘{shown}’ printed: the command was not typeset"
        elif m.group("braces"):
            s, e = flow.sentence(m.start(), m.end())
            if _in_masked(text, m.start(), m.end()) or text.count("{", s, e) + text.count("}", s, e) > 2:
                continue  # "{et, {dict_insert, Key, Val}}": a term of code in the text font
            message = f"Template braces ‘{shown}’ printed"
        elif m.group("note") or m.group("alone"):
            message = f"Editor's note ‘{shown}’ left in the text"
        else:
            message = "‘[citation needed]’ left in the text"
        yield Hit(m.start(), m.end(), message)


def _other_commands(flows: Iterable[Flow]) -> int:
    """The backslash commands a flow prints besides those the rule matches."""
    return sum(
        len(_TEX_COMMAND.findall(f.masked)) - sum(1 for m in _PATTERN.finditer(f.masked) if m.group("cmd"))
        for f in flows
    )


def _code_like(flow: Flow, start: int, end: int) -> bool:
    s, e = flow.sentence(start, end)
    around = flow.masked[s:start] + flow.masked[end:e]
    return bool(_CODE_LIKE.search(around))


def _in_masked(text: str, start: int, end: int) -> bool:
    """Braces right next to code ("{{\ufffc"): part of a listing the code font did not cover."""
    return (start > 0 and text[start - 1] == "\ufffc") or (end < len(text) and text[end] == "\ufffc")


RULE = Rule(
    id="leftover-markup",
    summary="LaTeX source, template braces or an editor's note printed in the text",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    category="typo",
    status=Status.PREVIEW,
    examples=Examples(
        bad=(
            Bad("The model is described in [[\\ref{sec:model}]] and trained as usual."),
            Bad("as shown by [[\\cite{vaswani2017}]], attention suffices"),
            Bad("see Equation [[\\eqref{eq:loss}]]"),
            Bad("Attention [[\\label{sec:attn}]] is a weighted sum."),
            Bad("Dear [[{{]]first_name, welcome."),
            Bad("[[TODO]]: add the proof."),
            Bad("The bound is tight [[(FIXME)]]."),
            Bad("This is widely believed [[[citation needed]]]."),
            Bad("The rate is [[[XXX: check]]] per cent."),
            Bad("The rate is fixed. [[XXX]] The next step is short."),
        ),
        good=(
            "The model is described in Section 3 and trained as usual.",
            "Read the TODO file before you start.",
            "Replace XXX with your user name.",
            "Name it. XXX is the default name.",
            "Type \ufffc\ufffc\ufffc\ufffc\ufffc\ufffc to refer to it.",
            "The set {1, 2} has two elements.",
            "Send a {et, {dict_insert, Key, Val}} tuple to all subscribers.",
        ),
    ),
)
