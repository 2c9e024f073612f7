"""Batched, chunked execution of claims on the CPU or a CUDA device."""

from __future__ import annotations

import math
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .claims import builtin_claims
from .core import (
    BASE_TOLERANCE,
    DTYPES,
    Claim,
    ClaimResult,
    Context,
    DeviceUnavailableError,
    Evidence,
    import_torch,
    tensor_to_json,
)
from .labels import apply_labels

#: Default samples per claim when none is given.
DEFAULT_SAMPLES = {"cpu": 100_000, "cuda": 10_000_000}
#: Working-set budget per chunk; chunk size = budget // claim.sample_bytes (scaled by dtype width).
DEFAULT_CHUNK_BYTES = {"cpu": 32 * 2**20, "cuda": 4 * 2**30}


def resolve_device(device: str) -> str:
    """``auto`` -> ``cuda`` when available, else ``cpu``; raise when ``cuda`` is asked for but absent."""
    torch = import_torch()
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda"):
        if not torch.cuda.is_available():
            raise DeviceUnavailableError("--device cuda: no CUDA device is available (torch sees none)")
        return device
    if device == "cpu":
        return "cpu"
    raise DeviceUnavailableError(f"unknown device {device!r} (expected auto, cpu or cuda)")


def _seed_for(seed: int, claim_id: str) -> int:
    # True forms and their wrong variants share inputs: seed from the base id.
    return (seed * 1_000_003 + zlib.crc32(claim_id.encode())) % (2**63)


def _pick(t: Any, idx: Any, n: int) -> Any:
    """Sample ``idx`` (a 1-element index tensor) of ``t``, without a host sync."""
    if t.dim() == 0 or t.shape[0] != n:
        return t
    return t.index_select(0, idx)[0]


def run_claim(
    claim: Claim,
    *,
    device: str = "cpu",
    samples: int = 10_000,
    dtype: str = "float64",
    seed: int = 0,
    chunk_bytes: int | None = None,
) -> ClaimResult:
    """Run one claim on ``samples`` samples drawn in chunks; see :func:`run_claims`."""
    torch = import_torch()
    if dtype not in DTYPES:
        raise ValueError(f"unknown dtype {dtype!r} (expected one of {', '.join(DTYPES)})")
    dev_type = torch.device(device).type
    budget = chunk_bytes if chunk_bytes is not None else DEFAULT_CHUNK_BYTES.get(dev_type, 2**26)
    width = torch.finfo(getattr(torch, dtype)).bits / 64
    chunk = max(1, min(samples, int(budget // max(1.0, claim.sample_bytes * max(width, 0.5)))))
    tolerance = BASE_TOLERANCE[dtype] * claim.tolerance
    generator = torch.Generator(device=device)
    generator.manual_seed(_seed_for(seed, claim.base_id))
    ctx = Context(torch, device, dtype, generator, tolerance)
    ctx.params = dict(claim.params)
    exists = claim.quantifier == "exists"
    result = ClaimResult(
        id=claim.id,
        equations=list(claim.equations),
        summary=claim.summary,
        status="error",
        expect=claim.expect,
        quantifier=claim.quantifier,
        max_error=None,
        tolerance=tolerance,
        dtype=dtype,
        device=str(ctx.device),
        samples=0,
        seconds=0.0,
    )
    start = time.perf_counter()
    try:
        with torch.inference_mode():
            best = best_in = best_out = None
            failures = torch.zeros((), dtype=torch.int64, device=ctx.device)
            done = 0
            while done < samples:
                m = min(chunk, samples - done)
                ctx.n = m
                ev: Evidence = claim.check(ctx, claim.form)
                err = torch.nan_to_num(ev.error.to(ctx.acc), nan=math.inf, posinf=math.inf)
                if tuple(err.shape) != (m,):
                    raise ValueError(f"check returned errors of shape {tuple(err.shape)}, expected ({m},)")
                failures += (err <= tolerance).sum() if exists else (err > tolerance).sum()
                idx = (err.argmin() if exists else err.argmax()).reshape(1)
                val = err.index_select(0, idx)[0]
                ins = {k: _pick(v, idx, m) for k, v in ev.inputs.items()}
                outs = {k: _pick(v, idx, m) for k, v in ev.outputs.items()}
                if best is None or best_in is None or best_out is None:
                    best, best_in, best_out = val, ins, outs
                else:
                    better = val < best if exists else val > best
                    best = torch.where(better, val, best)
                    best_in = {k: torch.where(better, ins[k], best_in[k]) for k in ins}
                    best_out = {k: torch.where(better, outs[k], best_out[k]) for k in outs}
                done += m
            # Host syncs happen only here, once per claim.
            measured = float(best.item()) if best is not None else 0.0
            result.max_error = measured
            result.samples = done
            result.failures = int(failures.item())
            holds = measured <= tolerance
            result.status = "verified" if holds else "refuted"
            sample_shown = (holds if exists else not holds) and best_in is not None
            if sample_shown and best_in is not None and best_out is not None:
                result.counterexample = {
                    "inputs": {k: tensor_to_json(v) for k, v in sorted(best_in.items())},
                    "outputs": {k: tensor_to_json(v) for k, v in sorted(best_out.items())},
                    "error": result.to_dict()["max_error"],
                }
            if claim.notes is not None:
                for text in claim.notes(ctx, claim.form):
                    ctx.note(text)
            result.notes = ctx.take_notes()
            if dev_type == "cuda":
                torch.cuda.synchronize(ctx.device)
    except Exception as exc:  # a broken check is reported, not raised
        result.status = "error"
        result.notes = [*ctx.take_notes(), f"{type(exc).__name__}: {exc}"]
    result.seconds = time.perf_counter() - start
    return result


def run_claims(
    claims: Iterable[Claim] | None = None,
    *,
    device: str = "auto",
    samples: int | None = None,
    dtype: str = "float64",
    seed: int = 0,
    labels: Mapping[str, Sequence[str]] | None = None,
    include_wrong: bool = False,
    chunk_bytes: int | None = None,
) -> list[ClaimResult]:
    """Run ``claims`` (default: :func:`builtin_claims`) and return one result per claim.

    ``device`` is ``auto`` (CUDA when present, else CPU), ``cpu`` or ``cuda``; ``samples`` is the
    number of samples per claim (default 10^7 on CUDA, 10^5 on the CPU); ``labels`` overrides the
    claim-id -> equation-label mapping; ``include_wrong`` also runs every deliberately wrong variant,
    each of which is expected to be refuted.
    """
    torch = import_torch()
    dev = resolve_device(device)
    chosen = builtin_claims() if claims is None else list(claims)
    if labels is not None:
        chosen = apply_labels(chosen, labels)
    n = samples if samples is not None else DEFAULT_SAMPLES[torch.device(dev).type]
    if n < 1:
        raise ValueError("samples must be >= 1")
    results: list[ClaimResult] = []
    for c in chosen:
        todo = [c, *c.wrong_variants()] if include_wrong and c.expect == "hold" else [c]
        for item in todo:
            results.append(
                run_claim(item, device=dev, samples=n, dtype=dtype, seed=seed, chunk_bytes=chunk_bytes)
            )
    return results
