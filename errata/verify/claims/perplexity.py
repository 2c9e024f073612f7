"""Claims about perplexity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core import Context, Evidence, claim
from ._common import N_TOKENS, V, _logits

if TYPE_CHECKING:
    from torch import Tensor


def perplexity_product(p_w: Tensor) -> Tensor:
    """PP(w_1..w_N) = P(w_1..w_N)^(−1/N) from the per-token probabilities p_w ([n, N])."""
    return p_w.prod(-1) ** (-1.0 / p_w.shape[-1])


def perplexity_base_two(p_w: Tensor) -> Tensor:
    """Wrong: 2^(mean NLL) with the NLL in nats."""
    return 2.0 ** (-(p_w.log().mean(-1)))


@claim(
    id="perplexity.nll-equals-product",
    summary="perplexity = exp(mean negative log-likelihood) = P(w_1..w_N)^(−1/N), with the NLL the "
    "cross-entropy of the model's softmax",
    wrong={"base-two": perplexity_base_two},
    sample_bytes=4_000,
    params={"N_TOKENS": N_TOKENS, "V": V},
)
def check_perplexity(ctx: Context, perplexity: Any = perplexity_product) -> Evidence:
    V, N_TOKENS = (ctx.params[k] for k in ("V", "N_TOKENS"))
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
