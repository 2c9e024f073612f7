"""Checking the steps of a LaTeX source's displays numerically: chains ``a = b = c`` and derivations over lines.

Per display, the free symbols of every step are sampled together (sizes small, scalars and vector entries on
their natural domain, random and adversarial), every side is evaluated batched in torch, and each step gets a
verdict. A derivation step (a line that follows another equation of the display) is judged only on the samples
where every earlier line holds.
"""

from __future__ import annotations

import dataclasses
import math
import re
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .notation import Notation, load_notation
from .parse import MARKS, NotCheckable, Parsed, parse_expression
from .results import StepResult, TexReport
from .sampling import Sampler, size_configs
from .source import Chain, Display, TexSource, chains_of, read_tex

#: A step's tolerance per working dtype, on the mixed error |a − b| / max(1, |a|, |b|). Both sides are
#: evaluated as written (no reference in a wider dtype), so rounding compounds through logs of ratios and
#: sums of exponentials; a sample beyond it is a counterexample only if it fails with 50 digits too.
TEX_TOLERANCE = {"float64": 1e-7, "float32": 1e-3, "bfloat16": 5e-2}
#: Size configurations per display; the samples are split between them.
CONFIGS = 8
#: Failing samples per configuration that are re-evaluated with 50 digits before a step is refuted.
CANDIDATES = 2


@dataclasses.dataclass
class _Stats:
    max: float = 0.0
    valid: int = 0
    bad: int = 0
    undefined: int = 0
    max_holding: float = 0.0
    candidates: list[tuple[float, dict[str, Any], dict[str, Any]]] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class _Step:
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


def _plan(display: Display, notation: Notation) -> tuple[list[_Step], list[tuple[Any, Any]]]:
    """The steps of a display and the definitions they are evaluated under."""
    chains: list[Chain] = chains_of(display)
    steps: list[_Step] = []
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
            step = _Step(kind, chain.lines[k], ci, chain.exprs[k - 1], chain.exprs[k], chain.relations[k - 1])
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


def _unrelated_sides(step: _Step) -> None:
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


def _index_findings(step: _Step) -> None:
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


def check_display(
    display: Display,
    path: str,
    notation: Notation,
    *,
    torch: Any,
    device: str,
    dtype: str,
    samples: int,
    seed: int,
) -> list[StepResult]:
    """Verdicts for every step of one display; never raises."""
    try:
        steps, _defs = _plan(display, notation)
    except Exception as exc:  # a construct the planner did not foresee is reported, not raised
        return [
            _result(
                path,
                display,
                _Step("chain", display.line, 0, "", "", "="),
                reason=f"{type(exc).__name__}: {exc}",
            )
        ]
    for step in steps:
        _index_findings(step)
        _unrelated_sides(step)
    outcome = _run(steps, path, display, notation, torch, device, dtype, samples, seed)
    premise = steps[0] if steps and steps[0].chain == 0 and steps[0].exprs is not None else None
    later = [s for s in steps if s.kind == "derivation" and s.exprs is not None]
    if premise is not None and later and outcome[id(premise)].verdict == "refuted":
        # The first line is no identity but the premise of a derivation: solve it for a variable the
        # other lines use and judge them where it holds.
        try:
            solved = _solve_premise(premise, later)
        except Exception:  # a premise sympy cannot handle leaves the first verdicts as they are
            solved = None
        if solved is not None:
            steps = [s for s in steps if s.chain != 0]
            for s in steps:
                if s.exprs is not None:
                    s.exprs = (s.exprs[0].xreplace(solved), s.exprs[1].xreplace(solved))
            outcome = _run(steps, path, display, notation, torch, device, dtype, samples, seed)
    return [outcome.get(id(s)) or _result(path, display, s, reason=s.reason) for s in steps]


def _solve_premise(premise: _Step, later: list[_Step]) -> dict[Any, Any] | None:
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


def _run(
    steps: list[_Step],
    path: str,
    display: Display,
    notation: Notation,
    torch: Any,
    device: str,
    dtype: str,
    samples: int,
    seed: int,
) -> dict[int, StepResult]:
    checkable = [s for s in steps if s.exprs is not None]
    outcome: dict[int, StepResult] = {}
    if checkable:
        try:
            outcome = _evaluate(checkable, path, display, notation, torch, device, dtype, samples, seed)
        except NotCheckable as exc:
            outcome = {id(s): _result(path, display, s, reason=str(exc)) for s in checkable}
        except Exception as exc:  # never a crash: the step is reported as not checkable, with why
            outcome = {
                id(s): _result(path, display, s, reason=f"{type(exc).__name__}: {exc}") for s in checkable
            }
    return {id(s): outcome.get(id(s)) or _result(path, display, s, reason=s.reason) for s in steps}


def _result(path: str, display: Display, step: _Step, **kw: Any) -> StepResult:
    kw.setdefault("verdict", "not checkable")
    return StepResult(
        file=path,
        line=step.line,
        display_line=display.line,
        kind=step.kind,
        left=step.left,
        right=step.right,
        findings=tuple(step.findings),
        **kw,
    )


def _evaluate(
    steps: list[_Step],
    path: str,
    display: Display,
    notation: Notation,
    torch: Any,
    device: str,
    dtype: str,
    samples: int,
    seed: int,
) -> dict[int, StepResult]:
    exprs = [e for s in steps for e in (s.exprs or ())]
    generator = torch.Generator(device=device)
    generator.manual_seed(
        (seed * 1_000_003 + zlib.crc32(f"{Path(path).name}:{display.line}".encode())) % 2**63
    )
    sampler = Sampler(exprs, notation, torch, device, dtype, generator)
    tol = TEX_TOLERANCE[dtype]
    per_config = max(16, math.ceil(samples / CONFIGS))
    stats: dict[int, _Stats] = {id(s): _Stats() for s in steps}
    for sizes in size_configs(sampler.sizes, notation, generator, CONFIGS):
        env = sampler.draw(sizes, per_config)
        holds_before: dict[int, Any] = {}
        line_holds: dict[int, Any] = {}
        for step in steps:
            left, right = step.exprs or (None, None)
            a = sampler.value(left, env)
            b = sampler.value(right, env)
            a64, b64 = a.to(torch.float64), b.to(torch.float64)
            valid = torch.isfinite(a64) & torch.isfinite(b64)
            err = (a64 - b64).abs() / torch.maximum(torch.maximum(a64.abs(), b64.abs()), torch.ones_like(a64))
            err = torch.where(valid, err, torch.zeros_like(err))
            holds = valid & (err <= tol)
            mask = valid
            if step.kind == "derivation":
                prior = holds_before.get(step.chain)
                if prior is None:
                    prior = torch.ones_like(valid)
                    for c, h in line_holds.items():
                        if c < step.chain:
                            prior = prior & h
                    holds_before[step.chain] = prior
                mask = mask & prior
            line_holds[step.chain] = line_holds.get(step.chain, torch.ones_like(valid)) & holds
            st = stats[id(step)]
            st.valid += int(mask.sum())
            st.undefined += int((~valid).sum())
            if bool(mask.any()):
                st.max = max(st.max, float(err[mask].max()))
            if bool((mask & holds).any()):
                st.max_holding = max(st.max_holding, float(err[mask & holds].max()))
            bad = mask & ~holds
            nbad = int(bad.sum())
            if nbad:
                st.bad += nbad
                # The smallest failing samples of this configuration become candidate counterexamples.
                scores = sampler.smallness(env) + 1000.0 * sum(sizes.values())
                scores = torch.where(bad, scores, torch.full_like(scores, math.inf))
                for at in scores.argsort()[: min(nbad, CANDIDATES)].tolist():
                    shown = {**sampler.describe(env, at), "left": _num(a64[at]), "right": _num(b64[at])}
                    st.candidates.append((float(scores[at]), sampler.point(env, at), shown))
    out: dict[int, StepResult] = {}
    for step in steps:
        st = stats[id(step)]
        if st.valid == 0:
            why = (
                "no sample where the earlier lines hold"
                if step.kind == "derivation" and st.undefined < samples
                else "no sample where both sides are defined"
            )
            out[id(step)] = _result(path, display, step, reason=why, tolerance=tol)
        elif st.bad and (confirmed := _confirm(step, st, tol)) is not None:
            out[id(step)] = _result(
                path,
                display,
                step,
                verdict="refuted",
                max_error=st.max,
                tolerance=tol,
                samples=st.valid,
                failures=st.bad,
                counterexample=confirmed,
            )
        elif st.bad:
            note = (
                f"{st.bad} samples beyond tolerance in {dtype} hold when evaluated with 50 digits: rounding, "
                "not a counterexample"
            )
            out[id(step)] = _result(
                path,
                display,
                step,
                verdict="verified",
                max_error=st.max_holding,
                tolerance=tol,
                samples=st.valid - st.bad,
                reason=note,
            )
        else:
            out[id(step)] = _result(
                path,
                display,
                step,
                verdict="verified",
                max_error=st.max,
                tolerance=tol,
                samples=st.valid,
            )
    return out


def _confirm(step: _Step, st: _Stats, tol: float) -> dict[str, Any] | None:
    """The smallest candidate that fails with 50 digits too (or cannot be evaluated so), else None."""
    from .exact import exact_error

    left, right = step.exprs or (None, None)
    for _score, point, shown in sorted(st.candidates, key=lambda c: c[0])[: 2 * CANDIDATES]:
        exact = exact_error(left, right, point)
        if exact is None or exact > tol:
            return shown
    return None


def _num(t: Any) -> float | str:
    from ..core import json_float

    v = json_float(float(t))
    return v if v is not None else "nan"


def check_source(
    source: TexSource,
    *,
    notation: Notation | None = None,
    device: str = "auto",
    samples: int = 4096,
    dtype: str = "float64",
    seed: int = 0,
) -> TexReport:
    """Verdicts for every step of every display of a parsed LaTeX source."""
    from ..core import import_torch
    from ..runner import resolve_device

    torch = import_torch()
    dev = resolve_device(device)
    if dtype not in TEX_TOLERANCE:
        raise ValueError(f"unknown dtype {dtype!r}")
    chosen = notation if notation is not None else load_notation()
    steps: list[StepResult] = []
    with torch.inference_mode():
        for display in source.displays:
            steps += check_display(
                display, source.path, chosen, torch=torch, device=dev, dtype=dtype, samples=samples, seed=seed
            )
    return TexReport(source.path, tuple(steps), dev, dtype, samples, seed)


def check_tex(
    path: str | Path,
    *,
    notation: str | Path | Notation | None = None,
    device: str = "auto",
    samples: int = 4096,
    dtype: str = "float64",
    seed: int = 0,
) -> TexReport:
    """Read a LaTeX file and check every step of its display math (see :func:`check_source`).

    ``notation`` is a notation file (TOML) laid over the defaults, or a :class:`Notation`. Raises
    :class:`~errata.verify.tex.source.TexSourceError` or :class:`~errata.verify.tex.notation.NotationError`
    for input that cannot be used; every step gets a verdict, never an exception.
    """
    chosen = notation if isinstance(notation, Notation) else load_notation(notation)
    return check_source(
        read_tex(path), notation=chosen, device=device, samples=samples, dtype=dtype, seed=seed
    )


__all__: Sequence[str] = ["check_display", "check_source", "check_tex"]
