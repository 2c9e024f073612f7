"""Markdown and JSON renderings of claim results."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .core import ClaimResult, json_float


def _summary(results: Sequence[ClaimResult]) -> dict[str, int]:
    counts = {"verified": 0, "refuted": 0, "error": 0, "skipped": 0}
    for r in results:
        counts[r.status] += 1
    counts["unexpected"] = sum(not r.ok for r in results)
    counts["total"] = len(results)
    return counts


#: Version of the ``errata verify --format json`` document. 1.1 added ``schema_version`` and, per result,
#: ``witnesses`` (exists claims) and ``beyond_tolerance`` (all claims); ``failures`` is kept as before.
SCHEMA_VERSION = "1.1"


def render_json(results: Sequence[ClaimResult], *, timings: bool = True) -> str:
    """Results as JSON with sorted keys (byte-identical for a seed when ``timings`` is False)."""
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "results": [r.to_dict(timings=timings) for r in results],
        "summary": _summary(results),
    }
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _fmt(x: float | None) -> str:
    v = json_float(x)
    if v is None:
        return "–"
    if isinstance(v, str):
        return v
    return f"{v:.3g}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(results: Sequence[ClaimResult], *, timings: bool = True) -> str:
    """Results as a markdown report: one table row per claim, then details for notable ones."""
    s = _summary(results)
    lines = [
        "# Equation claims",
        "",
        f"{s['verified']} verified, {s['refuted']} refuted, {s['error']} errors, {s['skipped']} skipped; "
        f"{s['unexpected']} unexpected.",
        "",
        "| claim | equations | status | max error | tolerance | dtype | device | samples |"
        + (" seconds |" if timings else ""),
        "|---|---|---|---|---|---|---|---|" + ("---|" if timings else ""),
    ]
    for r in results:
        status = (
            r.status
            if r.ok
            else f"**{r.status}** (expected {'verified' if r.expect == 'hold' else 'refuted'})"
        )
        err_label = _fmt(r.max_error) + (" (best)" if r.quantifier == "exists" else "")
        row = (
            f"| `{_cell(r.id)}` | {_cell(', '.join(r.equations)) or '–'} | {status} | {err_label} | "
            f"{_fmt(r.tolerance)} | {r.dtype} | {r.device} | {r.samples} |"
        )
        if timings:
            row += f" {r.seconds:.3f} |"
        lines.append(row)
    for r in results:
        if not (r.counterexample or r.notes or not r.ok):
            continue
        lines += ["", f"## `{r.id}` — {r.status}", "", _cell(r.summary)]
        if r.failures:
            what = "witnesses" if r.quantifier == "exists" else "samples beyond tolerance"
            lines += ["", f"{r.failures} of {r.samples} {what}."]
        for note in r.notes:
            lines.append(f"- {note}")
        if r.counterexample is not None:
            title = "Witness" if r.quantifier == "exists" else "Counterexample"
            lines += ["", f"{title}:", "", "```json", json.dumps(r.counterexample, sort_keys=True), "```"]
    return "\n".join(lines) + "\n"
