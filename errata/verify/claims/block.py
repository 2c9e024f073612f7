"""Claims about the pre-norm transformer block and the language-model head."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core import Context, Evidence, claim
from ._common import DFF, DK, D, H, T, V, _ref_softmax, _torch, _up
from .attention import _split_heads, multi_head_attention
from .normalisation import layer_norm

if TYPE_CHECKING:
    from torch import Tensor


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


def _block_params(ctx: Context) -> dict[str, Tensor]:
    D, DK, DFF = (ctx.params[k] for k in ("D", "DK", "DFF"))
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
    params={"T": T, "D": D, "DK": DK, "DFF": DFF},
)
def check_block(ctx: Context, block: Any = prenorm_block) -> Evidence:
    T, D = (ctx.params[k] for k in ("T", "D"))
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
    params={"T": T, "D": D, "V": V},
)
def check_lm_head(ctx: Context, head: Any = lm_head) -> Evidence:
    T, D, V = (ctx.params[k] for k in ("T", "D", "V"))
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
