"""Claims about decoding: temperature, top-k and top-p (nucleus) sampling."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..core import Context, Evidence, claim
from ._common import V, _logits, _rank, _ref_softmax, _torch

if TYPE_CHECKING:
    from torch import Tensor


def softmax_temperature(z: Tensor, tau: Tensor) -> Tensor:
    """y = softmax(z / τ)."""
    return (z / tau).softmax(-1)


def softmax_temperature_times(z: Tensor, tau: Tensor) -> Tensor:
    """Wrong: y = softmax(z · τ)."""
    return (z * tau).softmax(-1)


def top_k_probs(z: Tensor, k: Tensor) -> Tensor:
    """Softmax, keep the k most probable tokens, renormalise over them (k per sample, shape [n])."""
    p = z.softmax(-1)
    q = p * (_rank(p) < k[:, None])
    return q / q.sum(-1, keepdim=True)


def top_k_no_renormalise(z: Tensor, k: Tensor) -> Tensor:
    """Wrong: the kept probabilities are not renormalised."""
    p = z.softmax(-1)
    return p * (_rank(p) < k[:, None])


def top_k_renormalise_k_plus_one(z: Tensor, k: Tensor) -> Tensor:
    """Wrong: renormalised over the k + 1 most probable tokens."""
    p = z.softmax(-1)
    r = _rank(p)
    return p * (r < k[:, None]) / (p * (r < k[:, None] + 1)).sum(-1, keepdim=True)


def top_p_mask(p: Tensor, top_p: Tensor) -> Tensor:
    """Nucleus: keep the smallest prefix of the sorted distribution with mass ≥ top_p ([n] per sample)."""
    sp, order = p.sort(dim=-1, descending=True, stable=True)
    before = sp.cumsum(-1) - sp
    return _torch().zeros_like(p, dtype=_torch().bool).scatter(-1, order, before < top_p[:, None])


def top_p_mask_drop_crossing(p: Tensor, top_p: Tensor) -> Tensor:
    """Wrong (off by one): keep tokens while the cumulative mass is ≤ top_p, dropping the one crossing it."""
    sp, order = p.sort(dim=-1, descending=True, stable=True)
    return _torch().zeros_like(p, dtype=_torch().bool).scatter(-1, order, sp.cumsum(-1) <= top_p[:, None])


def top_p_mask_ascending(p: Tensor, top_p: Tensor) -> Tensor:
    """Wrong: accumulates from the least probable token."""
    sp, order = p.sort(dim=-1, descending=False, stable=True)
    before = sp.cumsum(-1) - sp
    return _torch().zeros_like(p, dtype=_torch().bool).scatter(-1, order, before < top_p[:, None])


@claim(
    id="temperature.limits",
    summary="softmax(z/τ) tends to the one-hot argmax as τ → 0, to the uniform distribution as τ → ∞, "
    "and is plain softmax at τ = 1",
    wrong={"times-tau": softmax_temperature_times},
    sample_bytes=2_000,
    params={"V": V},
)
def check_temperature(ctx: Context, softmax_t: Any = softmax_temperature) -> Evidence:
    V = ctx.params["V"]
    torch = ctx.torch
    n = ctx.n
    scale = ctx.log_uniform(0.1, 10.0, n, 1)
    z = ctx.randn(n, V) * scale
    top = z.argmax(-1, keepdim=True)
    onehot = torch.zeros_like(z).scatter(-1, top, 1.0)
    gap = ctx.log_uniform(0.1, 2.0, n, 1) * scale
    z = z + gap * onehot
    # e^{-gap/τ} ≤ e^{-60}: numerically one-hot in every dtype.
    cold = softmax_t(z, gap / 60)
    spread = (z.amax(-1, keepdim=True) - z.amin(-1, keepdim=True)).to(ctx.acc)
    hot_tau = (spread * (10.0 / ctx.tol)).to(ctx.dtype)
    hot = softmax_t(z, hot_tau)
    unit = softmax_t(z, torch.ones_like(gap))
    err = ctx.worst(
        ctx.mismatch(cold, onehot),
        ctx.mismatch(hot, torch.full_like(hot, 1.0 / V)),
        ctx.mismatch(unit, _ref_softmax(ctx, z)),
    )
    return Evidence(err, {"z": z}, {"tau_small": cold, "tau_large": hot, "tau_one": unit})


def _distinct_logits(ctx: Context, v: int) -> Tensor:
    """Logits with pairwise gaps large enough that the dtype keeps their order after softmax."""
    torch = ctx.torch
    n = ctx.n
    g0 = max(0.05, 64 * ctx.eps)
    gaps = g0 * (1 + torch.rand(n, v, generator=ctx.generator, device=ctx.device, dtype=ctx.acc))
    vals = gaps.cumsum(-1)
    perm = torch.rand(n, v, generator=ctx.generator, device=ctx.device, dtype=ctx.acc).argsort(-1)
    z = vals.gather(-1, perm)
    z = (z - z.mean(-1, keepdim=True)) * ctx.log_uniform(1.0, 4.0, n, 1).to(ctx.acc)
    return z.to(ctx.dtype)


@claim(
    id="topk.truncate-then-renormalise",
    summary="top-k: keeping the k largest logits then softmax equals softmax then keeping the top k "
    "and renormalising; k = 1 is greedy decoding",
    wrong={"no-renormalise": top_k_no_renormalise, "renormalise-over-k-plus-1": top_k_renormalise_k_plus_one},
    sample_bytes=2_000,
    params={"V": V},
)
def check_top_k(ctx: Context, top_k: Any = top_k_probs) -> Evidence:
    V = ctx.params["V"]
    torch = ctx.torch
    z = _distinct_logits(ctx, V)
    k = ctx.randint(1, V + 1, ctx.n)
    got = top_k(z, k)
    want = _ref_softmax(ctx, z.masked_fill(_rank(z) >= k[:, None], -math.inf))
    greedy = top_k(z, torch.ones_like(k))
    onehot = torch.zeros_like(z).scatter(-1, z.argmax(-1, keepdim=True), 1.0)
    err = ctx.worst(ctx.mismatch(got, want), ctx.mismatch(greedy, onehot))
    return Evidence(err, {"z": z, "k": k}, {"top_k": got, "expected": want})


@claim(
    id="topp.smallest-prefix",
    summary="top-p (nucleus): the kept set is the smallest prefix of the sorted distribution whose "
    "mass is ≥ p",
    wrong={"drop-crossing-token": top_p_mask_drop_crossing, "ascending-order": top_p_mask_ascending},
    sample_bytes=2_000,
    params={"V": V},
)
def check_top_p(ctx: Context, nucleus: Any = top_p_mask) -> Evidence:
    V = ctx.params["V"]
    torch = ctx.torch
    n = ctx.n
    p = _logits(ctx, V, lo=0.1, hi=5.0).softmax(-1)
    r = ctx.rand(n)
    top_p = torch.where(r < 0.05, 1e-6, torch.where(r > 0.95, 1 - ctx.eps, ctx.uniform(0.0, 1.0, n)))
    top_p = top_p.to(ctx.dtype)
    keep = nucleus(p, top_p)
    pa, ta = p.to(ctx.acc), top_p.to(ctx.acc)
    mass = (pa * keep).sum(-1)
    min_kept = pa.masked_fill(~keep, math.inf).amin(-1)
    max_dropped = pa.masked_fill(keep, 0.0).amax(-1)
    enough = ctx.violation(ta - mass)
    smallest = ctx.violation(torch.where(keep.any(-1), mass - min_kept - ta, 0.0))
    prefix = ctx.violation(torch.where(keep.all(-1), 0.0, max_dropped - min_kept))
    return Evidence(ctx.worst(enough, smallest, prefix), {"p": p, "top_p": top_p}, {"kept": keep})
