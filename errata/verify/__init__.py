"""``errata verify``: executable claims about a chapter's equations, checked with torch.

Importing this package does not import torch; torch is imported when claims are run.
"""

from __future__ import annotations

from .claims import builtin_claims
from .core import (
    BASE_TOLERANCE,
    DTYPES,
    INSTALL_HINT,
    Claim,
    ClaimResult,
    Context,
    DeviceUnavailableError,
    Evidence,
    TorchMissingError,
    claim,
)
from .coverage import Coverage, claims_for_labels
from .labels import DEFAULT_LABELS, apply_labels, load_labels
from .loader import load_claims_file
from .render import render_json, render_markdown
from .runner import resolve_device, run_claim, run_claims

__all__ = [
    "BASE_TOLERANCE",
    "DEFAULT_LABELS",
    "DTYPES",
    "INSTALL_HINT",
    "Claim",
    "ClaimResult",
    "Context",
    "Coverage",
    "DeviceUnavailableError",
    "Evidence",
    "TorchMissingError",
    "apply_labels",
    "builtin_claims",
    "claim",
    "claims_for_labels",
    "load_claims_file",
    "load_labels",
    "render_json",
    "render_markdown",
    "resolve_device",
    "run_claim",
    "run_claims",
]
