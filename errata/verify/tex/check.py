"""Checking the steps of a LaTeX source's displays numerically: chains ``a = b = c`` and derivations over lines.

Per display, the free symbols of every step are sampled together (sizes small, scalars and vector entries on
their natural domain, random and adversarial), every side is evaluated batched in torch, and each step gets a
verdict. A derivation step (a line that follows another equation of the display) is judged only on the samples
where every earlier line holds.
"""

from __future__ import annotations

import dataclasses
import math
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .notation import Notation, load_notation
from .parse import NotCheckable
from .plan import Step, index_findings, plan, solve_premise, unrelated_sides
from .results import StepResult, TexReport
from .sampling import Sampler, size_configs
from .source import Display, TexSource, read_tex

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
        steps, _defs = plan(display, notation)
    except Exception as exc:  # a construct the planner did not foresee is reported, not raised
        return [
            _result(
                path,
                display,
                Step("chain", display.line, 0, "", "", "="),
                reason=f"{type(exc).__name__}: {exc}",
            )
        ]
    for step in steps:
        index_findings(step)
        unrelated_sides(step)
    outcome = _run(steps, path, display, notation, torch, device, dtype, samples, seed)
    premise = steps[0] if steps and steps[0].chain == 0 and steps[0].exprs is not None else None
    later = [s for s in steps if s.kind == "derivation" and s.exprs is not None]
    if premise is not None and later and outcome[id(premise)].verdict == "refuted":
        # The first line is no identity but the premise of a derivation: solve it for a variable the
        # other lines use and judge them where it holds.
        try:
            solved = solve_premise(premise, later)
        except Exception:  # a premise sympy cannot handle leaves the first verdicts as they are
            solved = None
        if solved is not None:
            steps = [s for s in steps if s.chain != 0]
            for s in steps:
                if s.exprs is not None:
                    s.exprs = (s.exprs[0].xreplace(solved), s.exprs[1].xreplace(solved))
            outcome = _run(steps, path, display, notation, torch, device, dtype, samples, seed)
    return [outcome.get(id(s)) or _result(path, display, s, reason=s.reason) for s in steps]


def _run(
    steps: list[Step],
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


def _result(path: str, display: Display, step: Step, **kw: Any) -> StepResult:
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
    steps: list[Step],
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


def _confirm(step: Step, st: _Stats, tol: float) -> dict[str, Any] | None:
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
