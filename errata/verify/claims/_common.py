"""Helpers shared by the built-in claims: sizes, masks, ranks, references. torch is imported only inside functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core import Context

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


def _ref_softmax(ctx: Context, z: Tensor) -> Tensor:
    return z.to(ctx.acc).softmax(-1)


def _up(ctx: Context, *ts: Tensor) -> tuple[Tensor, ...]:
    """Inputs in the accumulation dtype: references are computed there, the form in the working dtype."""
    return tuple(t.to(ctx.acc) for t in ts)


def _logits(ctx: Context, *shape: int, lo: float = 0.1, hi: float = 5.0) -> Tensor:
    return ctx.randn(ctx.n, *shape) * ctx.log_uniform(lo, hi, ctx.n, *([1] * len(shape)))
