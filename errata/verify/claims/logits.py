"""Claims about logits and the softmax: the sigmoid's inverse, shift invariance, recovering logits."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..core import Context, Evidence, claim
from ._common import V, _logits, _ref_softmax, _torch

if TYPE_CHECKING:
    from torch import Tensor


def logit(p: Tensor) -> Tensor:
    """logit(p) = ln(p / (1 − p))."""
    return (p / (1 - p)).log()


def logit_flipped(p: Tensor) -> Tensor:
    """Wrong: ln((1 − p)/p), the inverse of σ(−z)."""
    return ((1 - p) / p).log()


def shift_all_logits(z: Tensor, c: Tensor) -> Tensor:
    """The witness to non-invertibility: z' = z + c (every logit shifted by the same c)."""
    return z + c


def shift_first_logit(z: Tensor, c: Tensor) -> Tensor:
    """Wrong witness: only the first logit is shifted, which changes the softmax."""
    return _torch().cat([z[..., :1] + c, z[..., 1:]], -1)


def recover_logits(y: Tensor, z: Tensor) -> Tensor:
    """z_i = ln y_i + ln Σ_j e^{z_j} (logits from the softmax output, up to the constant)."""
    return y.log() + z.logsumexp(-1, keepdim=True)


def recover_logits_minus(y: Tensor, z: Tensor) -> Tensor:
    """Wrong: z_i = ln y_i − ln Σ_j e^{z_j}."""
    return y.log() - z.logsumexp(-1, keepdim=True)


def recover_logits_temperature(y: Tensor, z: Tensor, tau: Tensor) -> Tensor:
    """z_i = τ (ln y_i + ln Σ_j e^{z_j/τ}) for y = softmax(z/τ)."""
    return tau * (y.log() + (z / tau).logsumexp(-1, keepdim=True))


def recover_logits_temperature_outside(y: Tensor, z: Tensor, tau: Tensor) -> Tensor:
    """Wrong: z_i = τ ln y_i + ln Σ_j e^{z_j/τ} (τ not applied to the normaliser)."""
    return tau * y.log() + (z / tau).logsumexp(-1, keepdim=True)


def softmax_textbook(z: Tensor) -> Tensor:
    """softmax(z)_i = e^{z_i} / Σ_j e^{z_j}, literally."""
    e = z.exp()
    return e / e.sum(-1, keepdim=True)


def softmax_plus_one(z: Tensor) -> Tensor:
    """Wrong: e^{z_i} / (1 + Σ_j e^{z_j}), an extra 1 in the denominator."""
    e = z.exp()
    return e / (1 + e.sum(-1, keepdim=True))


def softmax_max_subtracted(z: Tensor) -> Tensor:
    """softmax(z) = e^{z_i − m} / Σ_j e^{z_j − m} with m = max_j z_j."""
    e = (z - z.amax(-1, keepdim=True)).exp()
    return e / e.sum(-1, keepdim=True)


def _logit_z_range(ctx: Context) -> tuple[float, float]:
    """z range where σ(z) keeps 1 − σ(z) to within the tolerance: z ≤ ln(tol / (2 eps))."""
    return 0.99 * ctx.log_tiny, max(0.5, math.log(ctx.tol / (2 * ctx.eps)))


def _logit_notes(ctx: Context, form: Any) -> list[str]:
    lo, hi = _logit_z_range(ctx)
    return [
        f"σ(logit(p)) = p checked for p in [{ctx.tiny:.3g}, 1 − {ctx.eps / 2:.3g}] ({ctx.dtype_name})",
        f"logit(σ(z)) = z checked for z in [{lo:.4g}, {hi:.4g}]; above that σ(z) rounds too close "
        f"to 1 in {ctx.dtype_name} for 1 − σ(z) to be recovered within tolerance",
    ]


@claim(
    id="logit.inverts-sigmoid",
    summary="logit(p) = ln(p/(1−p)) inverts the sigmoid both ways: σ(logit(p)) = p on (0, 1) and "
    "logit(σ(z)) = z",
    wrong={"flipped": logit_flipped},
    notes=_logit_notes,
    sample_bytes=200,
)
def check_logit(ctx: Context, logit_fn: Any = logit) -> Evidence:
    torch = ctx.torch
    n = ctx.n
    acc = ctx.acc
    # p spread over the whole open interval: uniform, log-uniform towards 0, log-uniform towards 1.
    which = ctx.randint(0, 3, n)
    u = torch.rand(n, generator=ctx.generator, device=ctx.device, dtype=acc)
    near0 = torch.exp(ctx.log_tiny * torch.rand(n, generator=ctx.generator, device=ctx.device, dtype=acc))
    near1 = 1 - torch.exp(
        math.log(ctx.eps / 2) * torch.rand(n, generator=ctx.generator, device=ctx.device, dtype=acc)
    )
    p = torch.where(which == 0, u, torch.where(which == 1, near0, near1)).to(ctx.dtype)
    p = p.clamp(ctx.tiny, 1 - ctx.eps / 2)
    back = torch.sigmoid(logit_fn(p))
    # Relative error in p; σ(logit(p)) amplifies the rounding of logit(p) by |logit(p)|.
    e1 = (back.to(acc) - p.to(acc)).abs() / (p.to(acc) * logit(p.to(acc)).abs().clamp_min(1.0))
    lo, hi = _logit_z_range(ctx)
    z = ctx.uniform(lo, hi, n)
    z_back = logit_fn(torch.sigmoid(z))
    e2 = ctx.mismatch(z_back, z)
    return Evidence(ctx.worst(e1, e2), {"p": p, "z": z}, {"sigma_logit_p": back, "logit_sigma_z": z_back})


@claim(
    id="softmax.not-invertible",
    summary="softmax is not invertible: distinct logits z and z + c have the same softmax "
    "(a counterexample to invertibility is the expected result)",
    wrong={"shift-one-logit": shift_first_logit},
    quantifier="exists",
    sample_bytes=1_000,
    params={"V": V},
)
def check_not_invertible(ctx: Context, pair: Any = shift_all_logits) -> Evidence:
    V = ctx.params["V"]
    torch = ctx.torch
    z = _logits(ctx, V)
    sign = torch.where(ctx.rand(ctx.n, 1) < 0.5, -1.0, 1.0).to(ctx.dtype)
    c = ctx.uniform(1.0, 10.0, ctx.n, 1) * sign
    z2 = pair(z, c)
    y, y2 = _ref_softmax(ctx, z), _ref_softmax(ctx, z2)
    distinct = (z2.to(ctx.acc) - z.to(ctx.acc)).abs().amax(-1) > 0.5
    # Relative error per probability: a witness must reproduce even the smallest probabilities.
    err = torch.where(distinct, ((y2 - y).abs() / y.clamp_min(ctx.tiny)).amax(-1), math.inf)
    return Evidence(err, {"z": z, "z_prime": z2}, {"softmax_z": y, "softmax_z_prime": y2})


def _recover_inputs(ctx: Context) -> Tensor:
    V = ctx.params["V"]
    # Keep max − min of the logits well inside the exponent range, so that no y_i underflows to 0.
    hi = -ctx.log_tiny / 16
    z = _logits(ctx, V, lo=0.01, hi=hi)
    return z + ctx.uniform(-10.0, 10.0, ctx.n, 1) * hi


@claim(
    id="softmax.recover-logits",
    summary="logits are recoverable from y = softmax(z) up to an additive constant: "
    "z_i = ln y_i + ln Σ_j e^{z_j}",
    wrong={"minus-normaliser": recover_logits_minus},
    sample_bytes=1_000,
    params={"V": V},
)
def check_recover(ctx: Context, recover: Any = recover_logits) -> Evidence:
    z = _recover_inputs(ctx)
    y = z.softmax(-1)
    got = recover(y, z)
    # Errors relative to the size of the two terms added in the formula.
    size = y.to(ctx.acc).log().abs() + z.to(ctx.acc).logsumexp(-1, keepdim=True).abs()
    return Evidence(ctx.mismatch(got, z, scale=size), {"z": z}, {"y": y, "z_recovered": got})


@claim(
    id="softmax.shift-invariance",
    summary="softmax(z + c) = softmax(z) for any constant c",
    wrong={"plus-one-denominator": softmax_plus_one},
    sample_bytes=1_000,
    params={"V": V},
)
def check_shift(ctx: Context, softmax: Any = softmax_textbook) -> Evidence:
    V = ctx.params["V"]
    # |z| + |c| stays below half the overflow threshold, where the literal form is still finite.
    z = _logits(ctx, V, lo=0.01, hi=ctx.log_max / 16)
    c = ctx.uniform(-0.25, 0.25, ctx.n, 1) * ctx.log_max
    got, want = softmax(z + c), softmax(z)
    return Evidence(ctx.mismatch(got, want), {"z": z, "c": c}, {"softmax_z_plus_c": got, "softmax_z": want})


@claim(
    id="softmax.recover-logits-temperature",
    summary="with temperature, y = softmax(z/τ) gives back z_i = τ (ln y_i + ln Σ_j e^{z_j/τ})",
    wrong={"tau-outside": recover_logits_temperature_outside},
    sample_bytes=1_000,
    params={"V": V},
)
def check_recover_temperature(ctx: Context, recover: Any = recover_logits_temperature) -> Evidence:
    tau = ctx.log_uniform(0.05, 20.0, ctx.n, 1)
    z = _recover_inputs(ctx) * tau
    y = (z / tau).softmax(-1)
    got = recover(y, z, tau)
    acc = ctx.acc
    size = tau.to(acc) * (y.to(acc).log().abs() + (z.to(acc) / tau.to(acc)).logsumexp(-1, keepdim=True).abs())
    return Evidence(ctx.mismatch(got, z, scale=size), {"z": z, "tau": tau}, {"y": y, "z_recovered": got})
