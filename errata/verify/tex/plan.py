"""Planning a display's checks: its steps (chain and derivation), the definitions they are evaluated under,
index findings, and a derivation's premise solved for a variable. Needs sympy, not torch."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from .notation import Notation
from .parse import MARKS, NotCheckable, Parsed, parse_expression
from .source import Chain, Display, chains_of


@dataclasses.dataclass
class Step:
    kind: str
    line: int
    chain: int  # index of the equation line in the display
    left: str
    right: str
    relation: str
    sides: tuple[Parsed, Parsed] | None = None
    exprs: tuple[Any, Any] | None = None
    reason: str = ""
    findings: list[str] = dataclasses.field(default_factory=list)


#: A name with sub- and superscripts, or a function applied: what a definition's left side looks like.
_NAME_LIKE = re.compile(
    r"\s*(?:\\(?:mathrm|operatorname|text|hat|tilde|bar)\{\w+\}|\\?[A-Za-z]+)"
    r"(?:\s*[_^]\s*(?:\{[^{}]*\}|\w))*\s*(?:\([^()]*\))?\s*"
)


#: Commands that apply an operation rather than name something (``\\ln(y) = ...`` is no definition).
_OPERATOR = re.compile(r"\s*\\(?:ln|log|exp|sin|cos|tan|tanh|sqrt|frac|max|min|sum|prod|det|lim)(?![A-Za-z])")


def _squash(text: str) -> str:
    return re.sub(r"[\s{}]", "", text)


def _defines(chain: Chain, earlier: list[Chain], p0: Parsed | NotCheckable, seen: set[Any]) -> bool:
    """Whether the chain's first expression names what the chain defines (rather than being checked).

    A clause after a comma (``..., m = \\max_j z_j``) always does; otherwise its left side must look like a
    name and be new in the display: a bare symbol or entry not used by an earlier line, or a name such as
    ``t_i^{3}`` or ``\\mathrm{FFN}(x)`` that no earlier line writes.
    """
    if chain.where:
        return True
    text = chain.exprs[0]
    if not _NAME_LIKE.fullmatch(text) or _OPERATOR.match(text):
        return False
    if isinstance(p0, Parsed) and _bare(p0.expr):
        return _head(p0.expr) not in seen
    before = "".join(_squash(e) for c in earlier for e in c.exprs)
    return _squash(text) not in before


def _head(expr: Any) -> Any:
    """The symbol a bare expression names: ``z`` for ``z_i``, ``x`` for ``x``."""
    import sympy

    return expr.base.label if isinstance(expr, sympy.Indexed) else expr


def _bare(expr: Any) -> bool:
    import sympy

    return isinstance(expr, sympy.Symbol | sympy.Indexed)


def _names(expr: Any) -> set[Any]:
    import sympy

    out = set(expr.free_symbols)
    out |= {b.label for b in expr.atoms(sympy.IndexedBase)}
    return out


def _substitute(expr: Any, defs: list[tuple[Any, Any]]) -> Any:
    import sympy

    for _ in range(4):
        before = expr
        for name, value in defs:
            if isinstance(name, sympy.Indexed):
                (idx,) = name.indices
                expr = expr.replace(
                    lambda e, n=name: isinstance(e, sympy.Indexed) and e.base == n.base,
                    lambda e, v=value, i=idx: (
                        v.xreplace({i: e.indices[0]}) if isinstance(i, sympy.Symbol) else v
                    ),
                )
            else:
                expr = expr.xreplace({name: value})
        if expr == before:
            break
    return expr


def plan(display: Display, notation: Notation) -> tuple[list[Step], list[tuple[Any, Any]]]:
    """The steps of a display and the definitions they are evaluated under."""
    chains: list[Chain] = chains_of(display)
    steps: list[Step] = []
    defs: list[tuple[Any, Any]] = []
    seen: set[Any] = set()
    for ci, chain in enumerate(chains):
        parsed: list[Parsed | NotCheckable] = []
        for text in chain.exprs:
            try:
                parsed.append(parse_expression(text, notation))
            except NotCheckable as exc:
                parsed.append(exc)
        first = 1
        p0 = parsed[0]
        defining = chain.relations[0] == "=" and len(parsed) > 1
        if defining and _defines(chain, chains[:ci], p0, seen):
            if isinstance(p0, Parsed) and isinstance(parsed[1], Parsed):
                defs.append((p0.expr, parsed[1].expr))
            first = 2
        elif (
            defining
            and len(parsed) == 2
            and isinstance(parsed[1], Parsed)
            and isinstance(p0, Parsed)
            and _bare(parsed[1].expr)
            and _head(parsed[1].expr) not in (seen | _names(p0.expr))
        ):
            defs.append((parsed[1].expr, p0.expr))  # ... = y: the line defines y
            first = 2
        for p in parsed:
            if isinstance(p, Parsed):
                seen |= _names(p.expr)
        for k in range(first, len(parsed)):
            kind = "derivation" if k == 1 and ci > 0 else "chain"
            step = Step(kind, chain.lines[k], ci, chain.exprs[k - 1], chain.exprs[k], chain.relations[k - 1])
            a, b = parsed[k - 1], parsed[k]
            if step.relation != "=":
                step.reason = f"the relation {step.relation} is not checked (only =)"
            elif isinstance(a, NotCheckable) or isinstance(b, NotCheckable):
                step.reason = str(a if isinstance(a, NotCheckable) else b)
            else:
                step.sides = (a, b)
            steps.append(step)
    for step in steps:
        if step.sides is not None:
            a, b = step.sides
            step.exprs = (_substitute(a.expr, defs), _substitute(b.expr, defs))
            step.findings = [*a.findings, *b.findings]
    return steps, defs


def _values_of(expr: Any) -> set[str]:
    """The names of the values an expression depends on: scalars and vectors, not indices or sizes."""
    import sympy

    indices: set[Any] = set()
    for ix in expr.atoms(sympy.Indexed):
        for i in ix.indices:
            indices |= i.free_symbols
    sizes: set[Any] = set()
    for node in expr.atoms(sympy.Sum, sympy.Product):
        for _var, lo, hi in node.limits:
            sizes |= lo.free_symbols | hi.free_symbols
    labels = {b.label for b in expr.atoms(sympy.IndexedBase)}
    plain = {s for s in expr.free_symbols if isinstance(s, sympy.Symbol)} - indices - sizes - labels
    return {s.name for s in plain | labels} - set(MARKS)


def unrelated_sides(step: Step) -> None:
    """A step whose sides each use values the other does not (v_j on one, W and x_j on the other) relies on a
    definition outside the display: it is not checkable rather than refuted."""
    if step.exprs is None or step.kind != "chain":
        return  # a derivation line's sides are related through the lines before it
    left, right = (_values_of(e) for e in step.exprs)
    if left - right and right - left:
        step.reason = (
            f"the sides use different values ({', '.join(sorted(left - right))} on the left, "
            f"{', '.join(sorted(right - left))} on the right): a definition that is not in the display is needed"
        )
        step.exprs = None


def index_findings(step: Step) -> None:
    import sympy

    if step.exprs is None:
        return

    def free_indices(expr: Any) -> set[str]:
        out: set[str] = set()
        for ix in expr.atoms(sympy.Indexed):
            out |= {s.name for s in ix.indices[0].free_symbols}
        return out & {s.name for s in expr.free_symbols}

    left, right = (free_indices(e) for e in step.exprs)
    for name in sorted(left - right):
        step.findings.append(f"index {name} is free on the left side only")
    for name in sorted(right - left):
        step.findings.append(f"index {name} is free on the right side only")


def solve_premise(premise: Step, later: list[Step]) -> dict[Any, Any] | None:
    """{v: value} solving the premise for one of its scalars (those written bare in later lines first)."""
    import sympy

    assert premise.exprs is not None
    left, right = premise.exprs
    equation = left - right
    if equation.has(sympy.Sum, sympy.Product, sympy.Indexed) or sympy.count_ops(equation) > 40:
        return None
    bare = {e for s in later for e in (s.exprs or ()) if isinstance(e, sympy.Symbol)}
    symbols = sorted(equation.free_symbols, key=lambda v: (v not in bare, v.name))
    for v in symbols:
        try:
            solutions = sympy.solve(equation, v)
        except Exception:  # sympy cannot solve it: try the next variable
            continue
        for value in solutions:
            if v not in value.free_symbols and not value.has(sympy.I):
                return {v: value}
    return None
