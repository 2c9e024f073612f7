"""Claims about scaled dot-product attention, the causal mask and multi-head attention."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..core import Context, Evidence, claim
from ._common import DK, D, H, T, _future, _torch, _up

if TYPE_CHECKING:
    from torch import Tensor


def attention_matrix(x: Tensor, wq: Tensor, wk: Tensor, wv: Tensor) -> tuple[Tensor, Tensor]:
    """A = softmax(mask(Q Kᵀ / √d_k)) V with Q = X W^Q, K = X W^K, V = X W^V; returns (A, α)."""
    q, k, v = x @ wq, x @ wk, x @ wv
    s = (q @ k.transpose(-1, -2)) / math.sqrt(k.shape[-1])
    alpha = s.masked_fill(_future(x.shape[-2], x.device), -math.inf).softmax(-1)
    return alpha @ v, alpha


def attention_no_sqrt_dk(x: Tensor, wq: Tensor, wk: Tensor, wv: Tensor) -> tuple[Tensor, Tensor]:
    """Wrong: the scores are not divided by √d_k."""
    q, k, v = x @ wq, x @ wk, x @ wv
    alpha = (q @ k.transpose(-1, -2)).masked_fill(_future(x.shape[-2], x.device), -math.inf).softmax(-1)
    return alpha @ v, alpha


def attention_no_mask(x: Tensor, wq: Tensor, wk: Tensor, wv: Tensor) -> tuple[Tensor, Tensor]:
    """Wrong: the causal mask is forgotten, so every token attends to future tokens."""
    q, k, v = x @ wq, x @ wk, x @ wv
    alpha = ((q @ k.transpose(-1, -2)) / math.sqrt(k.shape[-1])).softmax(-1)
    return alpha @ v, alpha


def attention_mask_after_softmax(x: Tensor, wq: Tensor, wk: Tensor, wv: Tensor) -> tuple[Tensor, Tensor]:
    """Wrong: future weights are zeroed after the softmax, so the rows no longer sum to 1."""
    q, k, v = x @ wq, x @ wk, x @ wv
    alpha = ((q @ k.transpose(-1, -2)) / math.sqrt(k.shape[-1])).softmax(-1)
    alpha = alpha.masked_fill(_future(x.shape[-2], x.device), 0.0)
    return alpha @ v, alpha


def _split_heads(t: Tensor, heads: int) -> Tensor:
    n, s, w = t.shape
    return t.view(n, s, heads, w // heads).transpose(1, 2)


def _causal_heads(q: Tensor, k: Tensor, v: Tensor) -> Tensor:
    s = (q @ k.transpose(-1, -2)) / math.sqrt(k.shape[-1])
    return s.masked_fill(_future(q.shape[-2], q.device), -math.inf).softmax(-1) @ v


def mha_batched(x: Tensor, wq: Tensor, wk: Tensor, wv: Tensor, wo: Tensor, heads: int) -> Tensor:
    """Multi-head attention with all heads in one batched product: [n, h, T, d_k] tensors."""
    q, k, v = (_split_heads(x @ w, heads) for w in (wq, wk, wv))
    o = _causal_heads(q, k, v)
    n, _, t, dv = o.shape
    return o.transpose(1, 2).reshape(n, t, heads * dv) @ wo


def mha_split_without_transpose(
    x: Tensor, wq: Tensor, wk: Tensor, wv: Tensor, wo: Tensor, heads: int
) -> Tensor:
    """Wrong: heads split with a bare view(n, h, T, d_k), mixing tokens and heads."""
    n, t, _ = x.shape
    q, k, v = ((x @ w).reshape(n, heads, t, w.shape[-1] // heads) for w in (wq, wk, wv))
    o = _causal_heads(q, k, v)
    return o.reshape(n, t, -1) @ wo


def multi_head_attention(x: Tensor, wq: Tensor, wk: Tensor, wv: Tensor, wo: Tensor, heads: int) -> Tensor:
    """MultiHeadAttention(X) = (head_1 ⊕ ... ⊕ head_h) W^O, head_c = SelfAttention(X W^Q_c, ...)."""
    torch = _torch()
    dk, dv = wq.shape[-1] // heads, wv.shape[-1] // heads
    outs = []
    for c in range(heads):
        qs, vs = slice(c * dk, (c + 1) * dk), slice(c * dv, (c + 1) * dv)
        outs.append(attention_matrix(x, wq[..., qs], wk[..., qs], wv[..., vs])[0])
    return torch.cat(outs, -1) @ wo


def _attention_per_token(x: Tensor, wq: Tensor, wk: Tensor, wv: Tensor) -> tuple[Tensor, Tensor]:
    """Reference: score(x_i, x_j) = q_i·k_j/√d_k, α_ij = softmax over j ≤ i, a_i = Σ_j α_ij v_j.

    Projections and dot products are elementwise products and sums (no matrix products), and the
    only loop is over token positions; each step is batched over all samples.
    """
    torch = _torch()

    def project(w: Tensor) -> Tensor:
        return (x.unsqueeze(-1) * w.unsqueeze(1)).sum(-2)

    q, k, v = project(wq), project(wk), project(wv)
    t, dk = x.shape[-2], k.shape[-1]
    outs, alphas = [], []
    for i in range(t):
        s = (q[:, i : i + 1] * k[:, : i + 1]).sum(-1) / math.sqrt(dk)
        e = (s - s.amax(-1, keepdim=True)).exp()
        a = e / e.sum(-1, keepdim=True)
        outs.append((a.unsqueeze(-1) * v[:, : i + 1]).sum(1))
        alphas.append(torch.nn.functional.pad(a, (0, t - i - 1)))
    return torch.stack(outs, 1), torch.stack(alphas, 1)


def _attention_inputs(ctx: Context) -> dict[str, Tensor]:
    T, D, DK = (ctx.params[k] for k in ("T", "D", "DK"))
    n = ctx.n
    x = ctx.randn(n, T, D) * ctx.log_uniform(0.3, 2.0, n, 1, 1)
    return {"x": x, "W_Q": ctx.weights(n, D, DK), "W_K": ctx.weights(n, D, DK), "W_V": ctx.weights(n, D, DK)}


@claim(
    id="attention.matrix-form",
    summary="per-token attention (q_i·k_j/√d_k, softmax over j ≤ i, Σ_j α_ij v_j) equals "
    "softmax(mask(QKᵀ/√d_k)) V",
    wrong={"no-sqrt-dk": attention_no_sqrt_dk},
    sample_bytes=16_000,
    tolerance=5.0,
    params={"T": T, "D": D, "DK": DK},
)
def check_attention_matrix_form(ctx: Context, attention: Any = attention_matrix) -> Evidence:
    i = _attention_inputs(ctx)
    got, alpha = attention(i["x"], i["W_Q"], i["W_K"], i["W_V"])
    want, alpha_ref = _attention_per_token(*_up(ctx, i["x"], i["W_Q"], i["W_K"], i["W_V"]))
    err = ctx.worst(ctx.mismatch(got, want), ctx.mismatch(alpha, alpha_ref))
    return Evidence(err, i, {"A": got, "A_per_token": want})


@claim(
    id="attention.causal-mask",
    summary="causal masking gives zero weight to every future token: rows of α sum to 1 over j ≤ i, "
    "and a_i does not change when tokens after i change",
    wrong={"no-mask": attention_no_mask, "mask-after-softmax": attention_mask_after_softmax},
    sample_bytes=8_000,
    params={"T": T, "D": D, "DK": DK},
)
def check_causal_mask(ctx: Context, attention: Any = attention_matrix) -> Evidence:
    T, D = (ctx.params[k] for k in ("T", "D"))
    torch = ctx.torch
    i = _attention_inputs(ctx)
    x = i["x"]
    out, alpha = attention(x, i["W_Q"], i["W_K"], i["W_V"])
    future = _future(T, ctx.device)
    leak = ctx.violation(alpha.abs().masked_fill(~future, 0.0))
    rows = ctx.mismatch(alpha.sum(-1), torch.ones_like(alpha[..., 0]))
    first = ctx.randint(1, T, ctx.n)
    later = torch.arange(T, device=ctx.device)[None, :] >= first[:, None]
    x2 = torch.where(later[..., None], ctx.randn(ctx.n, T, D), x)
    out2, _ = attention(x2, i["W_Q"], i["W_K"], i["W_V"])
    keep = (~later)[..., None]
    moved = ctx.mismatch(out2 * keep, out * keep)
    return Evidence(
        ctx.worst(leak, rows, moved), {**i, "x_changed_after": x2, "first_changed": first}, {"alpha": alpha}
    )


def _mha_inputs(ctx: Context) -> dict[str, Tensor]:
    T, D, DK, H = (ctx.params[k] for k in ("T", "D", "DK", "H"))
    n = ctx.n
    return {
        "x": ctx.randn(n, T, D) * ctx.log_uniform(0.3, 2.0, n, 1, 1),
        "W_Q": ctx.weights(n, D, H * DK),
        "W_K": ctx.weights(n, D, H * DK),
        "W_V": ctx.weights(n, D, H * DK),
        "W_O": ctx.weights(n, H * DK, D),
    }


@claim(
    id="mha.concat-equals-batched",
    summary="concatenating h heads (each [T, d_v]) and projecting with W^O ([h·d_v, d]) equals the "
    "batched [n, h, T, d_k] form; output is [T, d]",
    wrong={"split-without-transpose": mha_split_without_transpose},
    sample_bytes=16_000,
    tolerance=5.0,
    params={"T": T, "D": D, "DK": DK, "H": H},
)
def check_mha(ctx: Context, mha: Any = mha_batched) -> Evidence:
    DK, H = (ctx.params[k] for k in ("DK", "H"))
    torch = ctx.torch
    i = _mha_inputs(ctx)
    got = mha(i["x"], i["W_Q"], i["W_K"], i["W_V"], i["W_O"], H)
    x, wq, wk, wv, wo = _up(ctx, i["x"], i["W_Q"], i["W_K"], i["W_V"], i["W_O"])
    heads = []
    for c in range(H):
        cs = slice(c * DK, (c + 1) * DK)
        heads.append(_attention_per_token(x, wq[..., cs], wk[..., cs], wv[..., cs])[0])
    concat = torch.cat(heads, -1)
    want = (concat.unsqueeze(-1) * wo.unsqueeze(1)).sum(-2)
    return Evidence(ctx.mismatch(got, want), i, {"out": got, "out_concat": want})
