"""Batched evaluation of a SymPy expression in torch: one value per sample, sums as masked loops over the index.

Sizes are Python integers for one batch (one size configuration); scalars are tensors ``[S]``, indices are
integer tensors ``[S]`` (1-based), vectors are tensors ``[S, W]`` read at a 1-based index (outside 1..W the
entry is nan, so an index past the vector's end is undefined rather than wrapped).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from .parse import ALL_MARK, MARKS, MAX_MARK, NotCheckable

#: The longest range a sum may run over (sizes are sampled small; this stops a runaway bound).
MAX_RANGE = 256


@dataclasses.dataclass
class Env:
    torch: Any
    n: int
    dtype: Any
    device: Any
    scalars: dict[Any, Any]  # Symbol -> tensor [S]
    sizes: dict[Any, int]  # Symbol -> int
    indices: dict[Any, Any]  # Symbol -> long tensor [S], or an int inside a sum over it
    vectors: dict[Any, Any]  # IndexedBase label Symbol -> tensor [S, W] (or [S, W, W] for a matrix)
    lengths: dict[Any, int]  # IndexedBase label Symbol -> entries in use
    #: Values of reductions that do not depend on an index being looped over (the normaliser of a softmax
    #: inside a sum over another index is computed once).
    cache: dict[Any, Any] = dataclasses.field(default_factory=dict)
    looping: set[Any] = dataclasses.field(default_factory=set)

    def full(self, value: float) -> Any:
        return self.torch.full((self.n,), float(value), dtype=self.dtype, device=self.device)


def _function_table(torch: Any) -> dict[str, Any]:
    return {
        "exp": torch.exp,
        "sin": torch.sin,
        "cos": torch.cos,
        "tan": torch.tan,
        "tanh": torch.tanh,
        "sinh": torch.sinh,
        "cosh": torch.cosh,
        "Abs": torch.abs,
        "sign": torch.sign,
        "floor": torch.floor,
        "ceiling": torch.ceil,
    }


def evaluate(expr: Any, env: Env) -> Any:
    """The value of ``expr`` per sample, a tensor ``[S]`` in the env's dtype."""
    import sympy

    torch = env.torch
    if isinstance(expr, sympy.Integer | sympy.Rational | sympy.Float):
        return env.full(float(expr))
    if expr is sympy.E:
        return env.full(math.e)
    if expr is sympy.pi:
        return env.full(math.pi)
    if expr in (sympy.oo, -sympy.oo, sympy.zoo, sympy.nan):
        return env.full(math.nan)
    if isinstance(expr, sympy.Symbol):
        if expr in env.scalars:
            return env.scalars[expr]
        if expr in env.sizes:
            return env.full(env.sizes[expr])
        if expr in env.indices:
            at = env.indices[expr]
            return env.full(at) if isinstance(at, int) else at.to(env.dtype)
        raise NotCheckable(f"no value for {expr}")
    if isinstance(expr, sympy.Indexed):
        vec = env.vectors.get(expr.base.label)
        if vec is None or len(expr.indices) != vec.dim() - 1:
            raise NotCheckable(f"cannot index {expr}")
        width = vec.shape[1]
        flat: Any = 0
        inside: Any = True
        for index in expr.indices:
            at = integer(index, env)
            inside = inside & (at >= 1) & (at <= width)
            flat = flat * width + (
                (at.clamp(1, width) if isinstance(at, torch.Tensor) else min(max(at, 1), width)) - 1
            )
        if not isinstance(flat, torch.Tensor):
            if not inside:
                return env.full(math.nan)
            return vec.reshape(env.n, -1)[:, flat]
        got = vec.reshape(env.n, -1).gather(1, flat[:, None])[:, 0]
        return torch.where(inside, got, torch.full_like(got, math.nan))
    if isinstance(expr, sympy.Add):
        out = evaluate(expr.args[0], env)
        for a in expr.args[1:]:
            out = out + evaluate(a, env)
        return out
    if isinstance(expr, sympy.Mul):
        out = evaluate(expr.args[0], env)
        for a in expr.args[1:]:
            out = out * evaluate(a, env)
        return out
    if isinstance(expr, sympy.Pow):
        base, exponent = expr.args
        if exponent == sympy.Rational(1, 2):
            return torch.sqrt(evaluate(base, env))
        b, e = evaluate(base, env), evaluate(exponent, env)
        if exponent.is_Integer:
            return b ** int(exponent)
        return torch.pow(b, e)
    if isinstance(expr, sympy.log):
        value = torch.log(evaluate(expr.args[0], env))
        if len(expr.args) == 2:
            value = value / torch.log(evaluate(expr.args[1], env))
        return value
    if isinstance(expr, sympy.Max | sympy.Min):
        values = [evaluate(a, env) for a in expr.args]
        out = values[0]
        for v in values[1:]:
            out = torch.maximum(out, v) if isinstance(expr, sympy.Max) else torch.minimum(out, v)
        return out
    if isinstance(expr, sympy.Sum | sympy.Product):
        if expr in env.cache:
            return env.cache[expr]
        value = _reduce(expr, env)
        if not (expr.free_symbols & env.looping):
            env.cache[expr] = value
        return value
    table = _function_table(torch)
    name = type(expr).__name__
    if name in table and len(expr.args) == 1:
        return table[name](evaluate(expr.args[0], env))
    raise NotCheckable(f"cannot evaluate {name} ({expr})")


def _integral(expr: Any, env: Env) -> bool:
    import sympy

    if expr.is_Integer:
        return True
    if isinstance(expr, sympy.Symbol):
        return expr in env.indices or expr in env.sizes
    if isinstance(expr, sympy.Add | sympy.Mul | sympy.Abs):
        return all(_integral(a, env) for a in expr.args)
    return False


def integer(expr: Any, env: Env) -> Any:
    """An index or bound: a Python int, or a long tensor ``[S]`` when it differs between samples."""
    import sympy

    if not _integral(expr, env):
        return evaluate(expr, env).round().long()
    if expr.is_Integer:
        return int(expr)
    if isinstance(expr, sympy.Symbol):
        return env.indices[expr] if expr in env.indices else env.sizes[expr]
    parts = [integer(a, env) for a in expr.args]
    if isinstance(expr, sympy.Abs):
        return abs(parts[0])
    out = parts[0]
    for p in parts[1:]:
        out = out + p if isinstance(expr, sympy.Add) else out * p
    return out


def _extent(value: Any) -> tuple[int, int]:
    if isinstance(value, int):
        return value, value
    return int(value.min()), int(value.max())


def _reduce(expr: Any, env: Env) -> Any:
    import sympy

    torch = env.torch
    (var, lo_expr, hi_expr), *rest = expr.limits
    inner = expr.function if not rest else type(expr)(expr.function, *rest)
    marks = hi_expr.free_symbols & {sympy.Symbol(m) for m in MARKS}
    kind = "sum" if isinstance(expr, sympy.Sum) else "product"
    if marks and sympy.Symbol(ALL_MARK) not in marks:
        kind = "max" if sympy.Symbol(MAX_MARK) in marks else "min"
    lo: Any = 1 if marks else integer(lo_expr, env)
    hi: Any = index_range(inner, var, env) if marks else integer(hi_expr, env)
    first, last = _extent(lo)[0], _extent(hi)[1]
    if last - first + 1 > MAX_RANGE:
        raise NotCheckable(f"the {kind} over {var} runs over more than {MAX_RANGE} terms")
    uniform = isinstance(lo, int) and isinstance(hi, int)
    init = {"sum": 0.0, "product": 1.0, "max": -math.inf, "min": math.inf}[kind]
    acc = env.full(init)
    saved = env.indices.get(var)
    env.looping.add(var)
    try:
        for j in range(first, last + 1):
            env.indices[var] = j
            value = evaluate(inner, env)
            if kind == "sum":
                acc = acc + (value if uniform else torch.where((lo <= j) & (j <= hi), value, 0.0))
            elif kind == "product":
                acc = acc * (value if uniform else torch.where((lo <= j) & (j <= hi), value, 1.0))
            else:
                pick = torch.maximum(acc, value) if kind == "max" else torch.minimum(acc, value)
                acc = pick if uniform else torch.where((lo <= j) & (j <= hi), pick, acc)
    finally:
        env.looping.discard(var)
        if saved is None:
            env.indices.pop(var, None)
        else:
            env.indices[var] = saved
    return acc


def index_range(expr: Any, var: Any, env: Env) -> int:
    """How far ``var`` runs when nothing bounds it: the length of the vectors it indexes in ``expr``."""
    import sympy

    lengths = [
        env.lengths[ix.base.label]
        for ix in expr.atoms(sympy.Indexed)
        if any(var in i.free_symbols for i in ix.indices) and ix.base.label in env.lengths
    ]
    return min(lengths) if lengths else max(env.sizes.values(), default=1)
