"""Typed results of ``errata verify --tex``: one verdict per step, with its source file and line."""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from ..core import json_float

Verdict = Literal["verified", "refuted", "not checkable"]
StepKind = Literal["chain", "derivation"]


@dataclasses.dataclass(frozen=True)
class StepResult:
    """The verdict on one step: ``right`` follows from ``left``.

    A ``chain`` step compares two neighbouring expressions of ``a = b = c``; a ``derivation`` step is a line of
    a display that must hold wherever the earlier lines hold (``left`` is then the previous line's last
    expression). ``verified`` carries the largest error and the tolerance; ``refuted`` a counterexample with
    the values of both sides; ``not checkable`` the reason. ``findings`` lists index problems (a sum whose
    index does not occur in its body, an index free on one side only), whatever the verdict.
    """

    file: str
    line: int
    display_line: int
    kind: str
    left: str
    right: str
    verdict: Verdict
    max_error: float | None = None
    tolerance: float | None = None
    samples: int = 0
    failures: int = 0
    counterexample: dict[str, Any] | None = None
    reason: str = ""
    findings: tuple[str, ...] = ()

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def details(self) -> str:
        """One line for a report: the error and tolerance, the counterexample, or what was not understood."""
        if self.verdict == "verified":
            text = (
                f"max error {self.max_error:.3g} ≤ tolerance {self.tolerance:.3g} over {self.samples} samples"
            )
            return f"{text}; {self.reason}" if self.reason else text
        if self.verdict == "refuted" and self.counterexample is not None:
            cx = self.counterexample
            given = [f"{k} = {v}" for part in ("sizes", "indices") for k, v in cx.get(part, {}).items()]
            given += [f"{k} = {v}" for k, v in cx.get("values", {}).items()]
            return f"{', '.join(given)}: left {cx['left']}, right {cx['right']}"
        return self.reason

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["findings"] = list(self.findings)
        data["max_error"] = json_float(self.max_error)
        data["tolerance"] = json_float(self.tolerance)
        return data


@dataclasses.dataclass(frozen=True)
class TexReport:
    """Every step of one LaTeX file, in source order, and how they were checked."""

    file: str
    steps: tuple[StepResult, ...]
    device: str
    dtype: str
    samples: int
    seed: int

    def count(self, verdict: Verdict) -> int:
        return sum(s.verdict == verdict for s in self.steps)

    @property
    def summary(self) -> dict[str, int]:
        return {
            "steps": len(self.steps),
            "verified": self.count("verified"),
            "refuted": self.count("refuted"),
            "not_checkable": self.count("not checkable"),
            "findings": sum(len(s.findings) for s in self.steps),
        }

    @property
    def ok(self) -> bool:
        """No step refuted and no index finding."""
        return self.count("refuted") == 0 and not any(s.findings for s in self.steps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "device": self.device,
            "dtype": self.dtype,
            "samples": self.samples,
            "seed": self.seed,
            "steps": [s.to_dict() for s in self.steps],
            "summary": self.summary,
        }
