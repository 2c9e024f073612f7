"""Equation labels of the built-in claims, kept as data so that another edition can override them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from errata.errors import ErrataError
from errata.util.inputs import parse_json, parse_toml, read_text

from .core import Claim

#: Claim id -> equation label(s) in the transformer / LLM chapter ("10.x"). These follow one
#: edition's numbering; pass ``labels=`` to :func:`errata.verify.run_claims` or ``--labels FILE``
#: to use another edition's.
DEFAULT_LABELS: Mapping[str, tuple[str, ...]] = {
    "attention.matrix-form": ("10.9", "10.10", "10.11", "10.14", "10.15"),
    "attention.causal-mask": ("10.11", "10.15"),
    "mha.concat-equals-batched": ("10.16", "10.17", "10.18"),
    "layernorm.standardises": ("10.20", "10.21", "10.22", "10.23"),
    "transformer.prenorm-block": ("10.24", "10.25", "10.26", "10.27", "10.28", "10.29", "10.30"),
    "lmhead.tied-distribution": ("10.34", "10.35"),
    "logit.inverts-sigmoid": ("10.36",),
    "softmax.not-invertible": ("10.37",),
    "softmax.recover-logits": ("10.38",),
    "softmax.shift-invariance": ("10.38",),
    "softmax.recover-logits-temperature": ("10.39",),
    "temperature.limits": ("10.40",),
    "topk.truncate-then-renormalise": ("10.41",),
    "topp.smallest-prefix": ("10.42",),
    "perplexity.nll-equals-product": ("10.43", "10.44"),
    "softmax.max-subtracted-stable": ("10.37",),
    "softmax.naive-overflows": ("10.37",),
}


def load_labels(path: str | Path) -> dict[str, tuple[str, ...]]:
    """Read a claim-id -> label(s) mapping from a ``.json`` or ``.toml`` file.

    JSON: ``{"attention.matrix-form": ["9.9", "9.10"], ...}``. TOML: the same mapping at top level
    or under a ``[labels]`` table; quote the ids (``"attention.matrix-form" = ["9.9"]``). A label may
    be a single string instead of a list.
    """
    p = Path(path)
    try:
        text = read_text(p, str(p))
        data = parse_toml(text, str(p)) if p.suffix.lower() == ".toml" else parse_json(text, str(p))
    except ErrataError as exc:
        raise ValueError(str(exc)) from None
    if isinstance(data, dict) and isinstance(data.get("labels"), dict):
        data = data["labels"]
    if not isinstance(data, dict):
        raise ValueError(f"{p}: expected a mapping of claim id to equation label(s)")
    out: dict[str, tuple[str, ...]] = {}
    for key, value in data.items():
        if isinstance(value, str):
            out[str(key)] = (value,)
        elif isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
            out[str(key)] = tuple(str(v) for v in value)
        else:
            raise ValueError(f"{p}: labels for {key!r} must be a string or a list of strings")
    return out


def apply_labels(claims: Iterable[Claim], labels: Mapping[str, Sequence[str]]) -> list[Claim]:
    """Claims with their equation labels replaced where ``labels`` names their (base) id."""
    return [c.with_equations(labels[c.base_id]) if c.base_id in labels else c for c in claims]
