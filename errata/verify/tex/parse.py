"""LaTeX expressions to SymPy, in textbook notation: vector entries, sizes, functions from the notation file.

The parser is latex2sympy2_extended (see docs/verify.md for why); sympy and it are imported lazily.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from functools import lru_cache
from typing import Any

from .notation import Notation

#: Upper bounds that mark a sum produced from ``\max_j`` or ``\min_j``, and a sum or product written without
#: bounds (``\sum_j``): a reduction over the index's whole range (the length of the vectors it indexes).
MAX_MARK, MIN_MARK, ALL_MARK = "MAXOVER", "MINOVER", "ALLOVER"
MARKS = (MAX_MARK, MIN_MARK, ALL_MARK)

_GREEK = {
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi rho "
    "sigma tau upsilon phi varphi chi psi omega"
}
GREEK = frozenset(next(iter(_GREEK)).split())


class NotCheckable(Exception):
    """What was not understood in an expression (an unknown function, a construct the parser rejects...)."""


@dataclasses.dataclass(frozen=True)
class Parsed:
    """One expression: its SymPy form and what its symbols are."""

    latex: str
    expr: Any
    sizes: frozenset[Any]  # symbols that bound a sum or product
    indices: frozenset[Any]  # free index symbols (subscripts not bound by a sum)
    vectors: frozenset[Any]  # IndexedBase objects
    scalars: frozenset[Any]  # every other free symbol
    findings: tuple[str, ...]


def _sympy() -> Any:
    import sympy

    return sympy


def preprocess(latex: str, notation: Notation) -> str:
    """Rewrite notation the parser does not take into notation it does."""
    s = latex
    s = re.sub(r"\\(?:left|right|[bB]igg?[lr]?)(?![A-Za-z])\s*\.?", "", s)
    s = re.sub(r"\\operatorname\*?\{([^{}]*)\}", r"\\mathrm{\1}", s)
    s = re.sub(r"\\mathrm\{d\}", "d", s)
    s = re.sub(r"\\(?:mathrm|text|textrm|mathit)\{([A-Za-z])\}", r"\1", s)
    s = re.sub(r"\\phantom\{[^{}]*\}", "", s)
    s = re.sub(r"\^\s*\{\s*\}", "", s)
    s = re.sub(r"\\(max|min)\s*_\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))", _reduction, s)
    # \sum_{j \le i} -> \sum_{j=1}^{i}; \sum_{j < i} -> \sum_{j=1}^{i-1}; \sum_j -> the index's whole range.
    s = re.sub(
        r"\\(sum|prod)\s*_\s*\{\s*([A-Za-z])\s*(\\leq?(?![A-Za-z])|<)\s*([^{}]+?)\s*\}(?!\s*\^)",
        lambda m: f"\\{m.group(1)}_{{{m.group(2)}=1}}^{{{m.group(4)}{'-1' if m.group(3) == '<' else ''}}}",
        s,
    )
    s = re.sub(
        r"\\(sum|prod)\s*_\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))(?!\s*\^)",
        lambda m: f"\\{m.group(1)}_{{{m.group(2) or m.group(3)}=1}}^{{\\text{{{ALL_MARK}}}}}",
        s,
    )
    s = re.sub(r"\\exp\s*(?=[A-Za-z0-9\\])(?!\\left)", r"\\exp ", s)
    if notation.log_base == "e":
        s = re.sub(r"\\log(?![A-Za-z_])", r"\\ln", s)
    elif notation.log_base == "2":
        s = re.sub(r"\\log(?![A-Za-z_])", r"\\log_{2}", s)
    return s


def _reduction(m: re.Match[str]) -> str:
    index = m.group(2) or m.group(3)
    mark = MAX_MARK if m.group(1) == "max" else MIN_MARK
    return f"\\sum_{{{index}=1}}^{{\\text{{{mark}}}}}"


@lru_cache(maxsize=4096)
def _latex2sympy(latex: str) -> Any:
    from latex2sympy2_extended import latex2sympy
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig

    config = ConversionConfig(lowercase_symbols=False, interpret_as_mixed_fractions=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return latex2sympy(latex, conversion_config=config, normalization_config=None)


def parse_raw(latex: str, notation: Notation) -> Any:
    """The SymPy expression for ``latex`` before the notation is applied; NotCheckable if it cannot be parsed."""
    text = preprocess(latex, notation)
    try:
        expr = _latex2sympy(text)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NotCheckable(f"cannot parse {latex!r}: {first}") from None
    sympy = _sympy()
    while isinstance(expr, sympy.FiniteSet | sympy.Tuple) and len(expr) == 1:
        expr = next(iter(expr))  # a braced group, {x}, read as a set of one
    if not isinstance(expr, sympy.Expr):
        raise NotCheckable(f"{latex!r} is not a single expression ({type(expr).__name__})")
    return expr


def _function_name(f: Any) -> str:
    name = str(f.func)
    m = re.fullmatch(r"\\(?:mathrm|operatorname|text|mathit)\{([^{}]*)\}", name)
    return m.group(1) if m else name.lstrip("\\")


def _apply_functions(expr: Any, notation: Notation) -> Any:
    sympy = _sympy()
    from sympy.core.function import AppliedUndef

    def replace(f: Any) -> Any:
        name = _function_name(f)
        spec = notation.functions.get(name)
        if spec is not None:
            if len(spec.args) != len(f.args):
                raise NotCheckable(f"{name} takes {len(spec.args)} argument(s), used with {len(f.args)}")
            body = _apply_functions(parse_raw(spec.body, notation), notation)
            return body.xreplace({sympy.Symbol(a): v for a, v in zip(spec.args, f.args, strict=True)})
        if len(f.args) == 1 and (name in GREEK or re.fullmatch(r"[A-Za-z]", name)):
            return sympy.Symbol(name) * f.args[0]  # τ(…) and x(1 − x): a product, not a call
        shown = str(f.func) if str(f.func).startswith("\\") else name
        raise NotCheckable(f"unknown function {shown} (define it in the notation file)")

    return expr.replace(lambda e: isinstance(e, AppliedUndef), replace)


def _split_subscript(name: str) -> tuple[str, str] | None:
    if "_" not in name:
        return None
    base, sub = name.rsplit("_", 1)
    if not base:
        return None
    if sub.startswith("{") and sub.endswith("}"):
        sub = sub[1:-1]
    return base, sub.strip()


def _bound_variables(expr: Any) -> set[str]:
    sympy = _sympy()
    out: set[str] = set()
    for node in expr.atoms(sympy.Sum, sympy.Product):
        for lim in node.limits:
            out.add(str(lim[0]))
    return out


def _to_indexed(expr: Any, notation: Notation, bound: set[str]) -> Any:
    sympy = _sympy()
    letters = set(notation.index_letters) | bound
    mapping = {}
    for sym in expr.atoms(sympy.Symbol):
        parts = _split_subscript(sym.name)
        if parts is None:
            continue
        base, sub = parts
        pair = re.fullmatch(r"([A-Za-z\d])\s*,?\s*([A-Za-z\d])", sub)
        if pair and all(c.isdigit() or c in letters for c in pair.groups()):
            mapping[sym] = sympy.IndexedBase(base)[tuple(_index_atom(c) for c in pair.groups())]
            continue
        if re.fullmatch(r"\d+", sub):
            index: Any = sympy.Integer(int(sub))
        elif sub in letters:
            index = sympy.Symbol(sub)
        elif re.fullmatch(r"[A-Za-z][+-]\d+", sub) and sub[0] in letters:
            index = sympy.Symbol(sub[0]) + int(sub[1:])
        else:
            continue
        mapping[sym] = sympy.IndexedBase(base)[index]
    return expr.xreplace(mapping)


def _index_atom(c: str) -> Any:
    sympy = _sympy()
    return sympy.Integer(int(c)) if c.isdigit() else sympy.Symbol(c)


def _limits_symbols(expr: Any) -> set[Any]:
    sympy = _sympy()
    out: set[Any] = set()
    for node in expr.atoms(sympy.Sum, sympy.Product):
        for _var, lo, hi in node.limits:
            for bound in (lo, hi):
                out |= {s for s in bound.free_symbols if s.name not in MARKS}
    return out


def _index_findings(expr: Any) -> list[str]:
    sympy = _sympy()
    out = []
    for node in expr.atoms(sympy.Sum, sympy.Product):
        kind = "sum" if isinstance(node, sympy.Sum) else "product"
        top = node.limits[0][2].free_symbols
        if sympy.Symbol(MAX_MARK) in top or sympy.Symbol(MIN_MARK) in top:
            kind = "max" if sympy.Symbol(MAX_MARK) in top else "min"
        for var, _lo, _hi in node.limits:
            if var not in node.function.free_symbols:
                out.append(f"the {kind} over {var} has a term without {var}: {_show(node.function)}")
    return out


def _show(expr: Any) -> str:
    return str(expr).replace("**", "^")


def parse_expression(latex: str, notation: Notation) -> Parsed:
    """Parse one side of a relation and classify its symbols; raises NotCheckable."""
    sympy = _sympy()
    expr = parse_raw(latex, notation)
    expr = _apply_functions(expr, notation)
    if expr.has(sympy.Derivative):
        try:
            expr = expr.replace(lambda e: isinstance(e, sympy.Derivative), lambda e: e.doit())
        except Exception as exc:
            raise NotCheckable(f"cannot take the derivative in {latex!r}: {exc}") from None
    bound = _bound_variables(expr)
    expr = _to_indexed(expr, notation, bound)
    if expr.has(sympy.Derivative, sympy.Integral, sympy.Limit):
        raise NotCheckable(f"cannot evaluate {latex!r}: derivatives, integrals and limits of this form")
    sizes = {s for s in _limits_symbols(expr)}
    vectors = {b for b in expr.atoms(sympy.IndexedBase)}
    index_syms: set[Any] = set()
    for ix in expr.atoms(sympy.Indexed):
        for i in ix.indices:
            index_syms |= i.free_symbols
    marks = {sympy.Symbol(m) for m in MARKS}
    free = expr.free_symbols - marks
    plain = {s for s in free if isinstance(s, sympy.Symbol)} - {b.label for b in vectors}
    indices = (index_syms & plain) - sizes
    scalars = plain - indices - sizes
    return Parsed(
        latex,
        expr,
        frozenset(sizes),
        frozenset(indices),
        frozenset(vectors),
        frozenset(scalars),
        tuple(_index_findings(expr)),
    )
