"""Claims about the numerics of the softmax: the max-subtracted form and the literal form's overflow."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..core import Context, Evidence, claim
from ._common import V, _ref_softmax
from .logits import softmax_max_subtracted, softmax_textbook

if TYPE_CHECKING:
    from torch import Tensor


def _huge_logits(ctx: Context) -> Tensor:
    """Logits around ±M with M log-uniform up to a large fraction of the dtype's range."""
    V = ctx.params["V"]
    torch = ctx.torch
    n = ctx.n
    m = torch.exp(
        math.log(ctx.max) * 0.9 * torch.rand(n, 1, generator=ctx.generator, device=ctx.device, dtype=ctx.acc)
    )
    sign = torch.where(ctx.rand(n, 1) < 0.5, -1.0, 1.0).to(ctx.acc)
    spread = ctx.log_uniform(0.1, 1e4, n, 1).to(ctx.acc)
    z = sign * m + spread * torch.randn(n, V, generator=ctx.generator, device=ctx.device, dtype=ctx.acc)
    return z.to(ctx.dtype)


@claim(
    id="softmax.max-subtracted-stable",
    summary="the max-subtracted softmax e^{z_i − m}/Σ_j e^{z_j − m} stays finite and accurate for "
    "logits anywhere in the dtype's range",
    wrong={"naive": softmax_textbook},
    sample_bytes=1_000,
    params={"V": V},
)
def check_stable(ctx: Context, softmax: Any = softmax_max_subtracted) -> Evidence:
    z = _huge_logits(ctx)
    got = softmax(z)
    return Evidence(ctx.mismatch(got, _ref_softmax(ctx, z)), {"z": z}, {"softmax": got})


def _first_break(ctx: Context, softmax: Any, dtype: Any, sign: float) -> float | None:
    """Smallest M (sign=+1) such that softmax(M, M−1, …) is not a distribution; for sign=−1, the
    largest max-logit −M at which softmax(−M, −M−1, …) breaks. Two vectorised grid passes."""
    V = ctx.params["V"]
    torch = ctx.torch
    offsets = torch.arange(V, device=ctx.device, dtype=torch.float64)
    lo, step = 0.0, 0.25
    first_bad = math.nan
    for _ in range(2):
        grid = lo + step * torch.arange(8192, device=ctx.device, dtype=torch.float64)
        z = (sign * grid[:, None] - offsets).to(dtype)
        y = softmax(z).to(torch.float64)
        bad = ~torch.isfinite(y).all(-1) | ((y.sum(-1) - 1).abs() > 0.5)
        if not bool(bad.any()):
            return None
        first = int(bad.to(torch.int8).argmax())
        first_bad = float(z[first, 0].double())
        lo, step = float(grid[max(first - 1, 0)]), step / 4096
    return first_bad


def _naive_notes(ctx: Context, softmax: Any) -> list[str]:
    torch = ctx.torch
    notes = []
    for name in ("float16", "bfloat16", "float32", "float64"):
        try:
            hi = _first_break(ctx, softmax, getattr(torch, name), 1.0)
            lo = _first_break(ctx, softmax, getattr(torch, name), -1.0)
        except RuntimeError as exc:
            notes.append(f"{name}: not measurable on {ctx.device} ({exc})")
            continue
        over = (
            f"breaks once the max logit is ≥ {hi:.6g}" if hi is not None else "does not overflow below 2048"
        )
        under = f"and once all logits are ≤ {lo:.6g} (0/0)" if lo is not None else "and does not underflow"
        notes.append(f"{name}: e^z/Σe^z {over} {under}")
    return notes


@claim(
    id="softmax.naive-overflows",
    summary="the literal softmax e^{z_i}/Σ_j e^{z_j} overflows for large logits (a non-finite or "
    "non-normalised output is the expected finding); notes give the range per dtype",
    wrong={"max-subtracted": softmax_max_subtracted},
    quantifier="exists",
    notes=_naive_notes,
    sample_bytes=1_000,
    params={"V": V},
)
def check_naive(ctx: Context, softmax: Any = softmax_textbook) -> Evidence:
    torch = ctx.torch
    z = _huge_logits(ctx)
    y = softmax(z).to(ctx.acc)
    broken = ~torch.isfinite(y).all(-1) | ((y.sum(-1) - 1).abs() > 0.5)
    return Evidence((~broken).to(ctx.acc), {"z": z}, {"softmax": y})
