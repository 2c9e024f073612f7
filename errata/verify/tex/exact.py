"""A step's two sides at one sample, evaluated with 50 significant digits.

A sample beyond tolerance in the working dtype is only a counterexample when the step fails there in exact
arithmetic too: the sample's values (exactly the binary floats that were drawn) are put into the SymPy
expressions, the sums and products expanded, and both sides evaluated with mpmath.
"""

from __future__ import annotations

from typing import Any

from .parse import MARKS, MAX_MARK, MIN_MARK

DIGITS = 50


def _expand(expr: Any, lengths: dict[Any, int], default: int) -> Any:
    """``expr`` with every sum, product, max and min written out term by term (bounds must be known)."""
    import sympy

    if not isinstance(expr, sympy.Sum | sympy.Product):
        if not expr.args or isinstance(expr, sympy.Indexed):
            return expr
        return expr.func(*[_expand(a, lengths, default) for a in expr.args])
    (var, lo, hi), *rest = expr.limits
    inner = expr.function if not rest else expr.func(expr.function, *rest)
    marks = hi.free_symbols & {sympy.Symbol(m) for m in MARKS}
    if marks:
        bases = [
            ix.base.label
            for ix in inner.atoms(sympy.Indexed)
            if any(var in i.free_symbols for i in ix.indices)
        ]
        first, last = 1, min((lengths[b] for b in bases if b in lengths), default=default)
    else:
        lo, hi = _expand(lo, lengths, default), _expand(hi, lengths, default)
        if not (lo.is_Integer and hi.is_Integer):
            raise ValueError("bounds are not integers at this sample")
        first, last = int(lo), int(hi)
    terms = [
        _expand(inner.xreplace({var: sympy.Integer(k)}), lengths, default) for k in range(first, last + 1)
    ]
    if sympy.Symbol(MAX_MARK) in marks:
        return sympy.Max(*terms) if terms else -sympy.oo
    if sympy.Symbol(MIN_MARK) in marks:
        return sympy.Min(*terms) if terms else sympy.oo
    return sympy.Add(*terms) if isinstance(expr, sympy.Sum) else sympy.Mul(*terms)


def exact_error(left: Any, right: Any, point: dict[str, Any]) -> float | None:
    """The mixed error |a − b| / max(1, |a|, |b|) at ``point`` with 50 digits; None when it cannot be computed.

    ``point`` holds ``sizes`` and ``indices`` (Symbol -> int), ``scalars`` (Symbol -> float), ``vectors``
    (label Symbol -> nested list of floats) and ``lengths`` (label Symbol -> entries in use).
    """
    import sympy

    subs: dict[Any, Any] = {s: sympy.Integer(v) for s, v in point["sizes"].items()}
    subs.update({s: sympy.Integer(v) for s, v in point["indices"].items()})
    subs.update({s: sympy.Float(v, DIGITS) for s, v in point["scalars"].items()})
    default = max(point["sizes"].values(), default=4)

    def entry(ix: Any) -> Any:
        value = point["vectors"][ix.base.label]
        for i in ix.indices:
            k = int(i)
            if not 1 <= k <= len(value):
                return sympy.nan
            value = value[k - 1]
        return sympy.Float(value, DIGITS)

    try:
        values = []
        for side in (left, right):
            e = _expand(side.xreplace(subs), point["lengths"], default)
            e = e.replace(lambda x: isinstance(x, sympy.Indexed), entry)
            v = e.evalf(DIGITS)
            if not (v.is_real and v.is_finite):
                return None
            values.append(v)
    except (ValueError, TypeError, ZeroDivisionError, OverflowError, AttributeError):
        return None
    a, b = values
    return float(abs(a - b) / sympy.Max(1, abs(a), abs(b)))
