"""Which claims cover which equation labels, and how they fared (needs no torch)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from .claims import builtin_claims
from .core import Claim, ClaimResult


@dataclasses.dataclass(frozen=True)
class Coverage:
    """One claim covering an equation label, with its status when it has been run."""

    claim_id: str
    summary: str
    status: str | None


def claims_for_labels(
    labels: Iterable[str],
    *,
    claims: Iterable[Claim] | None = None,
    results: Iterable[ClaimResult] | None = None,
) -> dict[str, list[Coverage]]:
    """For each equation label (e.g. the numbered equations found in a PDF), the claims that cover it.

    ``claims`` defaults to the built-in claims. Statuses come from ``results`` when given (matched by
    claim id; wrong variants are ignored), otherwise they are ``None`` ("not run"). Every requested
    label is a key; labels with no claim map to an empty list. Needs no torch.
    """
    if claims is None:
        claims = builtin_claims()
    status = {r.id: r.status for r in (results or ()) if r.expect == "hold"}
    wanted = list(dict.fromkeys(labels))
    out: dict[str, list[Coverage]] = {label: [] for label in wanted}
    for c in claims:
        if c.expect != "hold":
            continue
        for label in c.equations:
            if label in out:
                out[label].append(Coverage(c.id, c.summary, status.get(c.id)))
    return out
