"""Claims about layer normalisation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core import Context, Evidence, claim
from ._common import D, T

if TYPE_CHECKING:
    from torch import Tensor


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


#: Offset of layer-norm inputs relative to their spread, per dtype (larger offsets lose all
#: significant digits of x − μ in the narrower dtypes).
_LN_OFFSET = {"float64": 1e3, "float32": 10.0, "bfloat16": 1.0}


@claim(
    id="layernorm.standardises",
    summary="layer norm output (before γ, β) has mean 0 and variance 1 over the model dimension",
    wrong={"unbiased-variance": layer_norm_unbiased},
    sample_bytes=2_000,
    params={"T": T, "D": D},
)
def check_layernorm(ctx: Context, ln: Any = layer_norm) -> Evidence:
    T, D = (ctx.params[k] for k in ("T", "D"))
    n = ctx.n
    scale = ctx.log_uniform(1e-3, 1e3, n, 1, 1)
    offset = ctx.uniform(-1.0, 1.0, n, 1, 1) * scale * _LN_OFFSET[ctx.dtype_name]
    x = offset + scale * ctx.randn(n, T, D)
    y = ln(x).to(ctx.acc)
    mean = ctx.violation(y.mean(-1).abs())
    var = ctx.mismatch(y.var(-1, unbiased=False), ctx.torch.ones_like(y[..., 0]))
    return Evidence(ctx.worst(mean, var), {"x": x}, {"LN_x": y})
