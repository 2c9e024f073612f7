"""Samples for the free symbols of a display: sizes small, indices within their vectors, values on their domain.

Every draw goes through one seeded torch generator on the run's device. Each domain mixes random values with
adversarial ones (0, ±1, values near the ends of (0, 1), several orders of magnitude for positive symbols).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from .evaluate import Env, evaluate
from .notation import Notation
from .parse import MARKS, NotCheckable


def _plain_name(name: str) -> str:
    """``tilde{p}`` -> ``p``, ``\\tau`` -> ``tau``: the letter a domain is declared for."""
    m = re.fullmatch(r"\\?[A-Za-z]+\{([^{}]+)\}", name)
    return (m.group(1) if m else name).lstrip("\\")


def _positive_symbols(exprs: Iterable[Any]) -> set[str]:
    """Names that occur as a factor of a logarithm's argument or as the base of a root or fractional power."""
    import sympy

    out: set[str] = set()

    def names(e: Any) -> set[str]:
        if isinstance(e, sympy.Symbol):
            return {e.name}
        if isinstance(e, sympy.Indexed):
            return {e.base.label.name}
        return set()

    for expr in exprs:
        for node in expr.atoms(sympy.log):
            for factor in sympy.Mul.make_args(node.args[0]):
                base = factor.args[0] if isinstance(factor, sympy.Pow) else factor
                out |= names(base)
        for node in expr.atoms(sympy.Pow):
            if not node.args[1].is_Integer:
                out |= names(node.args[0])
    return out


def size_configs(
    sizes: Iterable[Any], notation: Notation, generator: Any, count: int
) -> list[dict[Any, int]]:
    """``count`` assignments of small positive integers to the size symbols, honouring ``at_most``."""
    import torch

    ordered = sorted(sizes, key=lambda s: (s.name in notation.at_most, s.name))
    out = []
    for c in range(count):
        config: dict[Any, int] = {}
        for s in ordered:
            hi = notation.max_size
            bound = notation.at_most.get(s.name)
            for other in config:
                if other.name == bound:
                    hi = min(hi, config[other])
            # The first configuration is the smallest interesting one; the others are random.
            value = (
                min(2, hi)
                if c == 0
                else int(torch.randint(1, hi + 1, (1,), generator=generator, device=generator.device))
            )
            config[s] = value
        out.append(config)
    return out


def _json_values(v: Any) -> Any:
    from ..core import json_float

    return [_json_values(x) for x in v] if isinstance(v, list) else json_float(float(v))


class Sampler:
    """Classifies the symbols of a display's expressions and draws batches of values for them."""

    def __init__(
        self, exprs: list[Any], notation: Notation, torch: Any, device: str, dtype: str, generator: Any
    ) -> None:
        import sympy

        self.torch = torch
        self.device = torch.device(device)
        self.dtype = getattr(torch, dtype)
        self.generator = generator
        self.notation = notation
        marks = {sympy.Symbol(m) for m in MARKS}
        ranks: dict[Any, int] = {}
        sizes: set[Any] = set()
        lengths: dict[Any, set[Any]] = {}
        vectors: set[Any] = set()
        index_syms: set[Any] = set()
        free: set[Any] = set()
        for expr in exprs:
            free |= {s for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
            for node in expr.atoms(sympy.Sum, sympy.Product):
                for var, lo, hi in node.limits:
                    sizes |= (lo.free_symbols | hi.free_symbols) - marks
                    if hi.free_symbols & marks:
                        continue
                    for ix in node.function.atoms(sympy.Indexed):
                        if any(var in i.free_symbols for i in ix.indices):
                            lengths.setdefault(ix.base.label, set()).add(hi)
            for ix in expr.atoms(sympy.Indexed):
                vectors.add(ix.base.label)
                if ranks.setdefault(ix.base.label, len(ix.indices)) != len(ix.indices):
                    raise NotCheckable(
                        f"{ix.base.label} is used with {ranks[ix.base.label]} and {len(ix.indices)} indices"
                    )
                for i in ix.indices:
                    index_syms |= i.free_symbols & free
        free -= marks
        self.vectors = sorted(vectors, key=str)
        self.indices = sorted((index_syms & free) - sizes - vectors, key=str)
        self.sizes = sorted(sizes - marks, key=str)
        self.scalars = sorted(free - set(self.sizes) - set(self.indices) - vectors, key=str)
        self.length_exprs = lengths
        self.ranks = ranks
        positive = _positive_symbols(exprs)
        self.domains = {}
        for s in [*self.scalars, *self.vectors]:
            declared = notation.domains.get(_plain_name(s.name))
            self.domains[s] = declared or ("positive" if s.name in positive else "real")
        self.width = notation.max_size + 2
        self.index_bases = {
            i: {
                ix.base.label
                for e in exprs
                for ix in e.atoms(sympy.Indexed)
                if i in ix.indices[0].free_symbols
            }
            for i in self.indices
        }

    # -- drawing --------------------------------------------------------------------------------------------
    def _u(self, *shape: int) -> Any:
        return self.torch.rand(shape, generator=self.generator, device=self.device, dtype=self.torch.float64)

    def _values(self, domain: str, *shape: int) -> Any:
        torch = self.torch
        pick = self._u(*shape)
        if domain == "probability":
            special = torch.tensor([1e-6, 1 - 1e-6, 0.5], dtype=torch.float64, device=self.device)
            base = self._u(*shape).clamp(1e-9, 1 - 1e-9)
        elif domain == "positive":
            special = torch.tensor([1.0, 1e-4, 1e4], dtype=torch.float64, device=self.device)
            logu = torch.exp(math.log(1e-3) + (math.log(1e3) - math.log(1e-3)) * self._u(*shape))
            base = torch.where(self._u(*shape) < 0.5, logu, self._u(*shape).clamp_min(1e-9))
        else:
            special = torch.tensor([0.0, 1.0, -1.0, 8.0, -8.0], dtype=torch.float64, device=self.device)
            scale = torch.exp(math.log(0.3) + (math.log(3.0) - math.log(0.3)) * self._u(*shape))
            normal = torch.randn(shape, generator=self.generator, device=self.device, dtype=torch.float64)
            base = torch.where(self._u(*shape) < 0.85, normal * scale, 20 * self._u(*shape) - 10)
            if domain == "nonzero":
                special = special[1:]
                base = torch.where(base == 0, torch.ones_like(base), base)
        which = (self._u(*shape) * len(special)).long().clamp_max(len(special) - 1)
        return torch.where(pick < 0.1, special[which], base).to(self.dtype)

    def _length(self, base: Any, sizes: dict[Any, int]) -> int:
        import sympy

        found = []
        for hi in self.length_exprs.get(base, ()):
            value = hi.xreplace({s: sympy.Integer(v) for s, v in sizes.items()})
            value = value.xreplace({a: a.args[0] for a in value.atoms(sympy.Abs)})
            if value.is_Integer:
                found.append(int(value))
        if found:
            return max(1, min(self.width, max(found)))
        n = next((v for s, v in sizes.items() if s.name == "n"), None)
        return n if n is not None else max(sizes.values(), default=4)

    def draw(self, sizes: dict[Any, int], n: int) -> Env:
        torch = self.torch
        lengths = {v: self._length(v, sizes) for v in self.vectors}
        scalars = {s: self._values(self.domains[s], n) for s in self.scalars}
        vectors = {v: self._values(self.domains[v], n, *[self.width] * self.ranks[v]) for v in self.vectors}
        indices = {}
        for i in self.indices:
            top = min(
                (lengths[b] for b in self.index_bases[i] if b in lengths), default=self.notation.max_size
            )
            indices[i] = 1 + (self._u(n) * top).long().clamp_max(top - 1)
        return Env(torch, n, self.dtype, self.device, scalars, dict(sizes), indices, vectors, lengths)

    def value(self, expr: Any, env: Env) -> Any:
        out = evaluate(expr, env)
        return out if out.shape == (env.n,) else out.expand(env.n)

    # -- reporting ------------------------------------------------------------------------------------------
    def smallness(self, env: Env) -> Any:
        """Per sample, the largest magnitude among its values (smaller counterexamples read better)."""
        torch = self.torch
        out = torch.zeros(env.n, dtype=torch.float64, device=self.device)
        for t in env.scalars.values():
            out = torch.maximum(out, t.abs().to(torch.float64))
        for v, t in env.vectors.items():
            used = t[:, : env.lengths[v], : env.lengths[v]] if t.dim() == 3 else t[:, : env.lengths[v]]
            out = torch.maximum(out, used.abs().to(torch.float64).reshape(env.n, -1).amax(1))
        return torch.nan_to_num(out, nan=1e300)

    def point(self, env: Env, at: int) -> dict[str, Any]:
        """Sample ``at`` for :func:`~errata.verify.tex.exact.exact_error`."""
        return {
            "sizes": dict(env.sizes),
            "indices": {i: int(t[at]) for i, t in env.indices.items()},
            "scalars": {s: float(t[at]) for s, t in env.scalars.items()},
            "vectors": {v: t[at].double().tolist() for v, t in env.vectors.items()},
            "lengths": dict(env.lengths),
        }

    def describe(self, env: Env, at: int) -> dict[str, Any]:
        from ..core import json_float

        values: dict[str, Any] = {}
        for s, t in env.scalars.items():
            values[s.name] = json_float(float(t[at]))
        for v, t in env.vectors.items():
            length = env.lengths[v]
            rows = t[at, :length, :length] if t.dim() == 3 else t[at, :length]
            values[v.name] = _json_values(rows.tolist())
        return {
            "sizes": {s.name: v for s, v in sorted(env.sizes.items(), key=lambda kv: kv[0].name)},
            "indices": {i.name: int(t[at]) for i, t in env.indices.items()},
            "values": values,
        }
