"""What a LaTeX log says about references: each undefined ``\\ref`` and ``\\cite``, and the rerun notes.

TeX wraps log lines at ``max_print_line`` (79 characters by default), so a line of exactly that length is
joined with the next before warnings are read. The file a warning came from is followed through the log's
``(./chapters/ch1.tex`` … ``)`` nesting: a heuristic (a message with an unbalanced parenthesis can mislead it),
so matching a warning to a finding relies on its page and input line first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_PRINT_LINE = 79

_WARNING = re.compile(
    r"(?:LaTeX|Package \w+) Warning: (?P<kind>Reference|Citation) [`'‘](?P<key>[^'’]*)['’]"
    r"(?: on page (?P<page>\S+))? undefined(?: on input line (?P<line>\d+))?",
)
_UNDEFINED_SUMMARY = re.compile(r"Warning: There were undefined (?:references|citations)")
_RERUN = re.compile(r"Warning: (?:Label\(s\)|Citation\(s\)|Reference\(s\)) may have changed")
_OUTPUT = re.compile(r"Output written on (?P<name>.+?) \((?P<pages>\d+) pages?")
_TOKENS = re.compile(r"\((?P<file>[^\s()]+\.[A-Za-z0-9]{1,8})|(?P<open>\()|(?P<close>\))")


@dataclass(frozen=True, slots=True)
class Undefined:
    """One "Reference `key' on page P undefined on input line L" (or a citation)."""

    kind: str  # "reference" or "citation"
    key: str
    page: str | None  # the printed page number LaTeX was on (the page being filled; it may end on the next)
    line: int | None
    file: str | None  # as the log names it, e.g. "./chapters/ch1.tex"


@dataclass(frozen=True, slots=True)
class LatexLog:
    undefined: tuple[Undefined, ...]
    undefined_summary: bool  # "There were undefined references."
    rerun: bool  # "Label(s) may have changed. Rerun to get cross-references right."
    output_pages: int | None  # "Output written on main.pdf (7 pages, ...)"


def is_tex_log(text: str) -> bool:
    """Whether ``text`` is a TeX engine's log ("This is pdfTeX, ...")."""
    return text.startswith("This is ") and "TeX" in text[:200]


def unwrap(text: str, width: int = MAX_PRINT_LINE) -> list[str]:
    """The log's lines with TeX's hard wrapping undone."""
    out: list[str] = []
    pending = ""
    for line in text.splitlines():
        pending += line
        if len(line) != width:
            out.append(pending)
            pending = ""
    if pending:
        out.append(pending)
    return out


def parse_log(text: str) -> LatexLog:
    undefined: list[Undefined] = []
    stack: list[str | None] = []
    summary = rerun = False
    pages: int | None = None
    for line in unwrap(text):
        m = _WARNING.search(line)
        if m is not None:
            current = next((f for f in reversed(stack) if f is not None), None)
            undefined.append(
                Undefined(
                    kind=m.group("kind").lower(),
                    key=m.group("key"),
                    page=m.group("page"),
                    line=int(m.group("line")) if m.group("line") else None,
                    file=current,
                )
            )
            continue  # a warning's own text opens no file
        summary = summary or bool(_UNDEFINED_SUMMARY.search(line))
        rerun = rerun or bool(_RERUN.search(line))
        out = _OUTPUT.search(line)
        if out is not None:
            pages = int(out.group("pages"))
        for tok in _TOKENS.finditer(line):
            if tok.group("file") is not None:
                stack.append(tok.group("file"))
            elif tok.group("open") is not None:
                stack.append(None)
            elif stack:
                stack.pop()
    return LatexLog(tuple(undefined), summary, rerun, pages)
