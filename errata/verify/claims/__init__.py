"""The built-in claims of the transformer / large-language-model chapter, grouped by topic.

Each claim pairs the equation as the chapter states it (the *form*, a plain function on batched
tensors) with an independent reference or property check, and carries at least one deliberately
wrong variant that the check must refute. Every function is batched over a leading sample
dimension; torch is imported only inside functions.
"""

from __future__ import annotations

from ..core import Claim
from ..labels import DEFAULT_LABELS, apply_labels
from .attention import check_attention_matrix_form, check_causal_mask, check_mha
from .block import check_block, check_lm_head
from .logits import check_logit, check_not_invertible, check_recover, check_recover_temperature, check_shift
from .normalisation import check_layernorm
from .numerics import check_naive, check_stable
from .perplexity import check_perplexity
from .sampling import check_temperature, check_top_k, check_top_p

#: The built-in claims in report order.
BUILTIN: tuple[Claim, ...] = (
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
    return apply_labels(BUILTIN, DEFAULT_LABELS)


__all__ = ["BUILTIN", "builtin_claims"]
