"""Display math of a LaTeX source: comments, the document's simple macros, displays, rows and relation chains.

Pure text processing (no sympy, no torch). Every row keeps the line of the source it starts on.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

#: Environments whose body is display math; their starred forms count too.
ENVIRONMENTS = ("equation", "align", "gather", "multline", "eqnarray", "flalign", "alignat")

_ENV = "|".join(ENVIRONMENTS)
_DISPLAY = re.compile(
    r"\\begin\{(?P<env>(?:" + _ENV + r")\*?)\}(?:\{\d+\})?(?P<body>.*?)\\end\{(?P=env)\}"
    r"|\\\[(?P<bracket>.*?)\\\]"
    r"|\$\$(?P<dollars>.*?)\$\$",
    re.S,
)
_COMMENT = re.compile(r"(?<!\\)%.*")
_ROW_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")
#: Top-level relations a chain is split at. Only ``=`` is checked; the others make a step not checkable.
_RELATIONS = re.compile(
    r"\\(?:approx|leq?|geq?|neq?|propto|equiv|sim|coloneqq|triangleq)(?![A-Za-z])|:=|<|>|="
)
_DROP = re.compile(
    r"\\(?:label|tag\*?|eqref|ref)\{[^{}]*\}|\\(?:nonumber|notag|displaystyle|textstyle|qquad|quad)(?![A-Za-z])"
    r"|\\[,;:! ]|~"
)


class TexSourceError(ValueError):
    """A LaTeX source that cannot be read."""


@dataclasses.dataclass(frozen=True)
class Row:
    """One row of a display (a line of an ``align``, or the whole of an ``equation``)."""

    text: str
    line: int


@dataclasses.dataclass(frozen=True)
class Display:
    """One display: its environment (``\\[``, ``$$`` or a name), the line it starts on, its rows."""

    env: str
    line: int
    rows: tuple[Row, ...]


@dataclasses.dataclass(frozen=True)
class Chain:
    """A relation chain ``e0 rel1 e1 rel2 e2 ...`` that may run over several rows of a display."""

    exprs: tuple[str, ...]
    relations: tuple[str, ...]
    lines: tuple[int, ...]  # the source line of each expression
    where: bool = False  # a clause after a comma, as in "..., m = max_j z_j": a definition


def strip_comments(text: str) -> str:
    """LaTeX comments removed (``%`` to the end of the line, unless escaped); lines are kept."""
    return "\n".join(_COMMENT.sub("", line) for line in text.split("\n"))


def _braced(text: str, start: int) -> tuple[str, int] | None:
    """The content of the brace group opening at ``text[start]`` (after spaces) and the index after it."""
    i = start
    while i < len(text) and text[i] in " \t\n":
        i += 1
    if i >= len(text):
        return None
    if text[i] != "{":
        # A bare control sequence or character, as in \newcommand\foo{...}.
        m = re.match(r"\\[A-Za-z]+|\\.|.", text[i:], re.S)
        return (m.group(0), i + len(m.group(0))) if m else None
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{" and (j == 0 or text[j - 1] != "\\"):
            depth += 1
        elif text[j] == "}" and text[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[i + 1 : j], j + 1
    return None


@dataclasses.dataclass(frozen=True)
class Macro:
    name: str  # without the backslash
    nargs: int
    body: str


_DEFINERS = re.compile(
    r"\\(?:re)?newcommand\*?|\\providecommand\*?|\\DeclareMathOperator\*?|\\def(?![A-Za-z])"
)


def find_macros(text: str) -> dict[str, Macro]:
    """``\\newcommand``/``\\renewcommand``/``\\providecommand`` (with ``[n]`` arguments, no optional
    default), ``\\def\\name{...}`` without parameters, and ``\\DeclareMathOperator``."""
    macros: dict[str, Macro] = {}
    for m in _DEFINERS.finditer(text):
        head = m.group(0)
        got = _braced(text, m.end())
        if got is None:
            continue
        name, pos = got
        name = name.strip()
        if not name.startswith("\\"):
            continue
        nargs = 0
        if head.startswith("\\def"):
            if pos < len(text) and text[pos] == "#":
                continue  # \def with parameters: not a simple macro
        elif not head.startswith("\\DeclareMathOperator"):
            arg = re.match(r"\s*\[(\d)\]", text[pos:])
            if arg:
                nargs, pos = int(arg.group(1)), pos + arg.end()
            if re.match(r"\s*\[", text[pos:]):
                continue  # an optional argument's default: not a simple macro
        body = _braced(text, pos)
        if body is None:
            continue
        value = body[0]
        if head.startswith("\\DeclareMathOperator"):
            value = "\\operatorname{" + value.strip() + "}"
        macros[name[1:]] = Macro(name[1:], nargs, value)
    return macros


def expand_macros(text: str, macros: dict[str, Macro], *, depth: int = 8) -> str:
    """``text`` with every use of ``macros`` replaced by its body (nested uses too, up to ``depth``)."""
    if not macros:
        return text
    pattern = re.compile(
        r"\\(" + "|".join(sorted(map(re.escape, macros), key=len, reverse=True)) + r")(?![A-Za-z])"
    )
    for _ in range(depth):
        out: list[str] = []
        pos = 0
        changed = False
        for m in pattern.finditer(text):
            if m.start() < pos:
                continue
            macro = macros[m.group(1)]
            end = m.end()
            args: list[str] = []
            for _i in range(macro.nargs):
                got = _braced(text, end)
                if got is None:
                    break
                args.append(got[0])
                end = got[1]
            if len(args) < macro.nargs:
                continue
            body = macro.body
            for k, a in enumerate(args, 1):
                body = body.replace(f"#{k}", a)
            out += [text[pos : m.start()], "{" + body + "}" if macro.nargs else body + " "]
            pos = end
            changed = True
        out.append(text[pos:])
        text = "".join(out)
        if not changed:
            break
    return text


def find_displays(text: str) -> list[Display]:
    """The displays of a LaTeX source (comments already removed), each split into its rows."""
    displays: list[Display] = []
    for m in _DISPLAY.finditer(text):
        if m.group("env"):
            env, group = m.group("env"), "body"
        else:
            env, group = (
                ("\\[" if m.group("bracket") is not None else "$$"),
                ("bracket" if m.group("bracket") is not None else "dollars"),
            )
        body, start = m.group(group), m.start(group)
        base_line = text.count("\n", 0, start) + 1
        rows: list[Row] = []
        pos = 0
        if env.rstrip("*") == "multline":  # one equation broken over lines: its rows are not separate
            body = _ROW_BREAK.sub(lambda m: " " * len(m.group(0)), body)
        for piece in _ROW_BREAK.split(body):
            at = body.find(piece, pos)
            pos = at + len(piece)
            leading = len(piece) - len(piece.lstrip())
            line = base_line + body.count("\n", 0, at + leading)
            cleaned = clean_row(piece)
            if cleaned:
                rows.append(Row(cleaned, line))
        displays.append(Display(env, text.count("\n", 0, m.start()) + 1, tuple(rows)))
    return displays


def clean_row(text: str) -> str:
    """A row without labels, tags, spacing commands, alignment marks and trailing punctuation."""
    text = _DROP.sub(" ", text)
    text = re.sub(r"(?<!\\)&", " ", text)
    text = re.sub(r"\\forall(?![A-Za-z]).*", "", text, flags=re.S)  # a condition: "... \forall j \le i"
    text = re.sub(r"\\(?:text|mbox|textrm)\{\s*(?:and|where|for|with|if|,)[^{}]*\}.*", "", text, flags=re.S)
    # Spaces collapsed, line breaks kept: an expression's own source line is the row's line plus the breaks before it.
    text = "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
    return text.rstrip(" ,.;\n")


def _top_level_relations(text: str) -> list[tuple[int, int, str]]:
    """Relations outside braces, brackets and parentheses: (start, end, relation)."""
    depth = 0
    found = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in "{}":
            i += 2
            continue
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth -= 1
        elif depth == 0:
            m = _RELATIONS.match(text, i)
            if m and not text.startswith("\\left", i) and not text.startswith("\\right", i):
                found.append((m.start(), m.end(), m.group(0)))
                i = m.end()
                continue
        i += 1
    return found


def split_chain(text: str) -> tuple[list[str], list[str]]:
    """``a = b \\approx c`` -> (["a", "b", "c"], ["=", "\\approx"]); a leading relation gives an empty first part."""
    parts, rels, _offsets = _split_at_relations(text)
    return parts, rels


def _split_at_relations(text: str) -> tuple[list[str], list[str], list[int]]:
    parts, rels, offsets = [], [], []
    pos = 0
    for start, end, rel in _top_level_relations(text):
        parts.append(" ".join(text[pos:start].split()))
        offsets.append(pos + len(text[pos:start]) - len(text[pos:start].lstrip()))
        rels.append(rel)
        pos = end
    parts.append(" ".join(text[pos:].split()))
    offsets.append(pos + len(text[pos:]) - len(text[pos:].lstrip()))
    return parts, rels, offsets


def _clauses(text: str) -> list[str]:
    """A row split at top-level commas where each piece holds a relation ("a = b, m = c" -> two clauses)."""
    pieces: list[str] = []
    depth = start = 0
    for i, c in enumerate(text):
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth -= 1
        elif c == "," and depth == 0 and text[i - 1 : i] != "\\":
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    if len(pieces) > 1 and all(split_chain(p)[1] for p in pieces if p.strip()):
        return pieces
    return [text]


def chains_of(display: Display) -> list[Chain]:
    """The relation chains of a display: a row that starts with a relation continues the previous chain, and
    a clause after a comma ("..., where m = max_j z_j") is a chain of its own."""
    chains: list[Chain] = []
    for row in display.rows:
        at = 0
        for n, clause in enumerate(_clauses(row.text)):
            base = row.line + row.text.count("\n", 0, at)
            at += len(clause) + 1
            parts, rels, offsets = _split_at_relations(clause)
            if not rels or not clause.strip():
                continue
            lines = [base + clause.count("\n", 0, o) for o in offsets]
            if parts[0] == "" and chains and n == 0:
                last = chains[-1]
                chains[-1] = dataclasses.replace(
                    last,
                    exprs=(*last.exprs, *parts[1:]),
                    relations=(*last.relations, *rels),
                    lines=(*last.lines, *lines[1:]),
                )
            elif parts[0] != "":
                chains.append(Chain(tuple(parts), tuple(rels), tuple(lines), where=n > 0))
    return chains


@dataclasses.dataclass(frozen=True)
class TexSource:
    path: str
    macros: dict[str, Macro]
    displays: tuple[Display, ...]


def read_tex(path: str | Path) -> TexSource:
    """Read a LaTeX file: its macros, and its displays with the macros expanded in each row."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TexSourceError(f"{p}: not UTF-8 text") from None
    except OSError as exc:
        raise TexSourceError(f"{p}: {exc.strerror or exc}") from None
    text = strip_comments(raw)
    macros = find_macros(text)
    displays = []
    for d in find_displays(text):
        rows = tuple(Row(expand_macros(r.text, macros), r.line) for r in d.rows)
        displays.append(Display(d.env, d.line, rows))
    return TexSource(str(path), macros, tuple(displays))
