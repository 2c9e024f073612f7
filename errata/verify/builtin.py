"""Built-in claims for the transformer / large-language-model chapter.

Each claim pairs the equation as the chapter states it (the *form*, a plain function on batched
tensors) with an independent reference or property check, and carries at least one deliberately
wrong variant that the check must refute. Every function here is batched over a leading sample
dimension; torch is imported only inside functions.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .core import Claim, Context, Evidence, claim
from .labels import DEFAULT_LABELS, apply_labels

if TYPE_CHECKING:
    from torch import Tensor

#: Sizes used by the built-in checks: tokens, model width, head width, heads, FFN width, vocabulary.
T, D, DK, H, DFF, V = 6, 8, 4, 2, 16, 16
#: Tokens per sequence in the perplexity check.
N_TOKENS = 6


def _torch() -> Any:
    import torch

    return torch


def _future(t: int, device: Any) -> Tensor:
    """Boolean [t, t] mask of future positions (j > i)."""
    return _torch().ones(t, t, dtype=_torch().bool, device=device).triu(1)


def _rank(t: Tensor) -> Tensor:
    """Rank of each entry along the last dimension, 0 = largest."""
    torch = _torch()
    order = t.argsort(dim=-1, descending=True, stable=True)
    ranks = torch.arange(t.shape[-1], device=t.device).expand_as(order)
    return torch.empty_like(order).scatter_(-1, order, ranks)


# ----------------------------------------------------------------------------------------------
# Forms: the chapter's equations, and deliberately wrong variants of them.
# ----------------------------------------------------------------------------------------------


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


def layer_norm(x: Tensor, gamma: Tensor | None = None, beta: Tensor | None = None) -> Tensor:
    """LayerNorm(x) = γ (x − μ)/σ + β with μ, σ the mean and (population) std over the last dim."""
    mu = x.mean(-1, keepdim=True)
    sigma = ((x - mu) ** 2).mean(-1, keepdim=True).sqrt()
    xhat = (x - mu) / sigma
    return xhat if gamma is None or beta is None else gamma * xhat + beta


def layer_norm_unbiased(x: Tensor, gamma: Tensor | None = None, beta: Tensor | None = None) -> Tensor:
    """Wrong: σ from the unbiased variance (divide by d − 1), so the variance is d/(d − 1)."""
    mu = x.mean(-1, keepdim=True)
    sigma = (((x - mu) ** 2).sum(-1, keepdim=True) / (x.shape[-1] - 1)).sqrt()
    xhat = (x - mu) / sigma
    return xhat if gamma is None or beta is None else gamma * xhat + beta


def ffn(x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) -> Tensor:
    """FFN(x) = ReLU(x W1 + b1) W2 + b2."""
    return (x @ w1 + b1).relu() @ w2 + b2


def prenorm_block(x: Tensor, p: dict[str, Tensor]) -> Tensor:
    """t1 = LN(x), t2 = MHA(t1), t3 = t2 + x, t4 = LN(t3), t5 = FFN(t4), h = t5 + t3."""
    t1 = layer_norm(x, p["ln1_g"], p["ln1_b"])
    t2 = multi_head_attention(t1, p["wq"], p["wk"], p["wv"], p["wo"], H)
    t3 = t2 + x
    t4 = layer_norm(t3, p["ln2_g"], p["ln2_b"])
    t5 = ffn(t4, p["w1"], p["b1"], p["w2"], p["b2"])
    return t5 + t3


def prenorm_block_residual_from_normed(x: Tensor, p: dict[str, Tensor]) -> Tensor:
    """Wrong: the residual adds the normalised input, t3 = t2 + t1."""
    t1 = layer_norm(x, p["ln1_g"], p["ln1_b"])
    t3 = multi_head_attention(t1, p["wq"], p["wk"], p["wv"], p["wo"], H) + t1
    t5 = ffn(layer_norm(t3, p["ln2_g"], p["ln2_b"]), p["w1"], p["b1"], p["w2"], p["b2"])
    return t5 + t3


def lm_head(h: Tensor, emb: Tensor) -> tuple[Tensor, Tensor]:
    """u = h Eᵀ (the embedding matrix E reused, weight tying), y = softmax(u) over the vocabulary."""
    u = h @ emb.transpose(-1, -2)
    return u, u.softmax(-1)


def lm_head_softmax_over_positions(h: Tensor, emb: Tensor) -> tuple[Tensor, Tensor]:
    """Wrong: the softmax normalises over token positions instead of the vocabulary."""
    u = h @ emb.transpose(-1, -2)
    return u, u.softmax(-2)


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


def perplexity_product(p_w: Tensor) -> Tensor:
    """PP(w_1..w_N) = P(w_1..w_N)^(−1/N) from the per-token probabilities p_w ([n, N])."""
    return p_w.prod(-1) ** (-1.0 / p_w.shape[-1])


def perplexity_base_two(p_w: Tensor) -> Tensor:
    """Wrong: 2^(mean NLL) with the NLL in nats."""
    return 2.0 ** (-(p_w.log().mean(-1)))


# ----------------------------------------------------------------------------------------------
# Checks.
# ----------------------------------------------------------------------------------------------


def _ref_softmax(ctx: Context, z: Tensor) -> Tensor:
    return z.to(ctx.acc).softmax(-1)


def _up(ctx: Context, *ts: Tensor) -> tuple[Tensor, ...]:
    """Inputs in the accumulation dtype: references are computed there, the form in the working dtype."""
    return tuple(t.to(ctx.acc) for t in ts)


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
)
def check_causal_mask(ctx: Context, attention: Any = attention_matrix) -> Evidence:
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
)
def check_mha(ctx: Context, mha: Any = mha_batched) -> Evidence:
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


#: Offset of layer-norm inputs relative to their spread, per dtype (larger offsets lose all
#: significant digits of x − μ in the narrower dtypes).
_LN_OFFSET = {"float64": 1e3, "float32": 10.0, "bfloat16": 1.0}


@claim(
    id="layernorm.standardises",
    summary="layer norm output (before γ, β) has mean 0 and variance 1 over the model dimension",
    wrong={"unbiased-variance": layer_norm_unbiased},
    sample_bytes=2_000,
)
def check_layernorm(ctx: Context, ln: Any = layer_norm) -> Evidence:
    n = ctx.n
    scale = ctx.log_uniform(1e-3, 1e3, n, 1, 1)
    offset = ctx.uniform(-1.0, 1.0, n, 1, 1) * scale * _LN_OFFSET[ctx.dtype_name]
    x = offset + scale * ctx.randn(n, T, D)
    y = ln(x).to(ctx.acc)
    mean = ctx.violation(y.mean(-1).abs())
    var = ctx.mismatch(y.var(-1, unbiased=False), ctx.torch.ones_like(y[..., 0]))
    return Evidence(ctx.worst(mean, var), {"x": x}, {"LN_x": y})


def _block_params(ctx: Context) -> dict[str, Tensor]:
    n = ctx.n
    return {
        "ln1_g": ctx.uniform(0.5, 1.5, n, 1, D),
        "ln1_b": 0.1 * ctx.randn(n, 1, D),
        "ln2_g": ctx.uniform(0.5, 1.5, n, 1, D),
        "ln2_b": 0.1 * ctx.randn(n, 1, D),
        "wq": ctx.weights(n, D, H * DK),
        "wk": ctx.weights(n, D, H * DK),
        "wv": ctx.weights(n, D, H * DK),
        "wo": ctx.weights(n, H * DK, D),
        "w1": ctx.weights(n, D, DFF),
        "b1": 0.1 * ctx.randn(n, 1, DFF),
        "w2": ctx.weights(n, DFF, D),
        "b2": 0.1 * ctx.randn(n, 1, D),
    }


def _block_reference(x: Tensor, p: dict[str, Tensor]) -> Tensor:
    """Pre-norm block from library primitives: layer_norm, scaled_dot_product_attention, bmm, relu."""
    torch = _torch()
    fn = torch.nn.functional

    def ln(z: Tensor, g: Tensor, b: Tensor) -> Tensor:
        return fn.layer_norm(z, (z.shape[-1],), eps=0.0) * g + b

    def mha(z: Tensor) -> Tensor:
        n, t, _ = z.shape
        q, k, v = (_split_heads(torch.bmm(z, p[w]), H) for w in ("wq", "wk", "wv"))
        o = fn.scaled_dot_product_attention(q, k, v, is_causal=True)
        return torch.bmm(o.transpose(1, 2).reshape(n, t, -1), p["wo"])

    t3 = mha(ln(x, p["ln1_g"], p["ln1_b"])) + x
    t5 = torch.bmm(fn.relu(torch.bmm(ln(t3, p["ln2_g"], p["ln2_b"]), p["w1"]) + p["b1"]), p["w2"]) + p["b2"]
    return t5 + t3


@claim(
    id="transformer.prenorm-block",
    summary="pre-norm block t1=LN(x), t2=MHA(t1), t3=t2+x, t4=LN(t3), t5=FFN(t4), h=t5+t3 with "
    "FFN(x)=ReLU(xW1+b1)W2+b2 equals a reference implementation",
    wrong={"residual-from-normed": prenorm_block_residual_from_normed},
    sample_bytes=24_000,
    tolerance=5.0,
)
def check_block(ctx: Context, block: Any = prenorm_block) -> Evidence:
    x = ctx.randn(ctx.n, T, D) * ctx.log_uniform(0.3, 2.0, ctx.n, 1, 1)
    p = _block_params(ctx)
    got = block(x, p)
    want = _block_reference(x.to(ctx.acc), {k: v.to(ctx.acc) for k, v in p.items()})
    return Evidence(ctx.mismatch(got, want), {"x": x, **p}, {"h": got, "h_reference": want})


@claim(
    id="lmhead.tied-distribution",
    summary="language-model head u = h Eᵀ (weight tying: the embedding matrix E) and y = softmax(u) "
    "is a distribution over the vocabulary",
    wrong={"softmax-over-positions": lm_head_softmax_over_positions},
    sample_bytes=16_000,
)
def check_lm_head(ctx: Context, head: Any = lm_head) -> Evidence:
    torch = ctx.torch
    n = ctx.n
    h = ctx.randn(n, T, D) * ctx.log_uniform(0.3, 3.0, n, 1, 1)
    emb = ctx.randn(n, V, D)
    u, y = head(h, emb)
    h_up, emb_up = _up(ctx, h, emb)
    u_ref = (h_up.unsqueeze(2) * emb_up.unsqueeze(1)).sum(-1)
    err = ctx.worst(
        ctx.mismatch(u, u_ref),
        ctx.violation(-y),
        ctx.mismatch(y.sum(-1), torch.ones_like(u_ref[..., 0])),
        ctx.mismatch(y, _ref_softmax(ctx, u_ref)),
    )
    return Evidence(err, {"h": h, "E": emb}, {"y": y})


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


def _logits(ctx: Context, *shape: int, lo: float = 0.1, hi: float = 5.0) -> Tensor:
    return ctx.randn(ctx.n, *shape) * ctx.log_uniform(lo, hi, ctx.n, *([1] * len(shape)))


@claim(
    id="softmax.not-invertible",
    summary="softmax is not invertible: distinct logits z and z + c have the same softmax "
    "(a counterexample to invertibility is the expected result)",
    wrong={"shift-one-logit": shift_first_logit},
    quantifier="exists",
    sample_bytes=1_000,
)
def check_not_invertible(ctx: Context, pair: Any = shift_all_logits) -> Evidence:
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
)
def check_shift(ctx: Context, softmax: Any = softmax_textbook) -> Evidence:
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
)
def check_recover_temperature(ctx: Context, recover: Any = recover_logits_temperature) -> Evidence:
    tau = ctx.log_uniform(0.05, 20.0, ctx.n, 1)
    z = _recover_inputs(ctx) * tau
    y = (z / tau).softmax(-1)
    got = recover(y, z, tau)
    acc = ctx.acc
    size = tau.to(acc) * (y.to(acc).log().abs() + (z.to(acc) / tau.to(acc)).logsumexp(-1, keepdim=True).abs())
    return Evidence(ctx.mismatch(got, z, scale=size), {"z": z, "tau": tau}, {"y": y, "z_recovered": got})


@claim(
    id="temperature.limits",
    summary="softmax(z/τ) tends to the one-hot argmax as τ → 0, to the uniform distribution as τ → ∞, "
    "and is plain softmax at τ = 1",
    wrong={"times-tau": softmax_temperature_times},
    sample_bytes=2_000,
)
def check_temperature(ctx: Context, softmax_t: Any = softmax_temperature) -> Evidence:
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
)
def check_top_k(ctx: Context, top_k: Any = top_k_probs) -> Evidence:
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
)
def check_top_p(ctx: Context, nucleus: Any = top_p_mask) -> Evidence:
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


@claim(
    id="perplexity.nll-equals-product",
    summary="perplexity = exp(mean negative log-likelihood) = P(w_1..w_N)^(−1/N), with the NLL the "
    "cross-entropy of the model's softmax",
    wrong={"base-two": perplexity_base_two},
    sample_bytes=4_000,
)
def check_perplexity(ctx: Context, perplexity: Any = perplexity_product) -> Evidence:
    torch = ctx.torch
    n = ctx.n
    logits = _logits(ctx, N_TOKENS, V, lo=0.1, hi=1.0)
    targets = ctx.randint(0, V, n, N_TOKENS)
    p_w = logits.softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1)
    nll = torch.nn.functional.cross_entropy(
        logits.to(ctx.acc).reshape(-1, V), targets.reshape(-1), reduction="none"
    ).view(n, N_TOKENS)
    want = nll.mean(-1).exp()
    got = perplexity(p_w)
    return Evidence(ctx.mismatch(got, want, scale=want), {"logits": logits, "targets": targets}, {"pp": got})


def _huge_logits(ctx: Context) -> Tensor:
    """Logits around ±M with M log-uniform up to a large fraction of the dtype's range."""
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
)
def check_stable(ctx: Context, softmax: Any = softmax_max_subtracted) -> Evidence:
    z = _huge_logits(ctx)
    got = softmax(z)
    return Evidence(ctx.mismatch(got, _ref_softmax(ctx, z)), {"z": z}, {"softmax": got})


def _first_break(ctx: Context, softmax: Any, dtype: Any, sign: float) -> float | None:
    """Smallest M (sign=+1) such that softmax(M, M−1, …) is not a distribution; for sign=−1, the
    largest max-logit −M at which softmax(−M, −M−1, …) breaks. Two vectorised grid passes."""
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
)
def check_naive(ctx: Context, softmax: Any = softmax_textbook) -> Evidence:
    torch = ctx.torch
    z = _huge_logits(ctx)
    y = softmax(z).to(ctx.acc)
    broken = ~torch.isfinite(y).all(-1) | ((y.sum(-1) - 1).abs() > 0.5)
    return Evidence((~broken).to(ctx.acc), {"z": z}, {"softmax": y})


_BUILTIN: tuple[Claim, ...] = (
    check_attention_matrix_form,
    check_causal_mask,
    check_mha,
    check_layernorm,
    check_block,
    check_lm_head,
    check_logit,
    check_not_invertible,
    check_recover,
    check_shift,
    check_recover_temperature,
    check_temperature,
    check_top_k,
    check_top_p,
    check_perplexity,
    check_stable,
    check_naive,
)


def builtin_claims() -> list[Claim]:
    """The built-in claims of the transformer / LLM chapter, labelled with :data:`DEFAULT_LABELS`."""
    return apply_labels(_BUILTIN, DEFAULT_LABELS)
