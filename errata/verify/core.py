"""Claims, the sampling context handed to their checks, and result objects.

Nothing here imports torch at module import time: torch is an optional dependency and is only
imported by :func:`import_torch` when claims are actually run.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import torch

Status = Literal["verified", "refuted", "error", "skipped"]
Quantifier = Literal["all", "exists"]
Expect = Literal["hold", "fail"]

#: Working dtypes a run can use.
DTYPES: tuple[str, ...] = ("float64", "float32", "bfloat16")

#: Base tolerance per working dtype. Errors are mixed absolute/relative (see :meth:`Context.mismatch`);
#: a claim may scale this with its ``tolerance`` factor.
BASE_TOLERANCE: Mapping[str, float] = {"float64": 1e-9, "float32": 1e-4, "bfloat16": 0.1}

INSTALL_HINT = (
    "errata verify needs PyTorch: pip install 'errata[equations]' "
    "(or, where a local CPU wheel is provided, pip install torch==2.13.0)"
)


class TorchMissingError(ImportError):
    """Raised when claims are run but torch cannot be imported."""


class DeviceUnavailableError(ValueError):
    """Raised when the requested device cannot be used (e.g. ``cuda`` without a GPU)."""


def import_torch() -> Any:
    """Import torch lazily; raise :class:`TorchMissingError` with an install hint when it is absent."""
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - exercised only without torch
        raise TorchMissingError(INSTALL_HINT) from exc
    return torch


@dataclasses.dataclass(frozen=True)
class Evidence:
    """What a check returns for one chunk of ``ctx.n`` samples.

    ``error`` is a 1-D tensor of per-sample errors (non-negative; nan counts as infinite). For an
    ``all`` claim a sample is a counterexample when its error exceeds the tolerance; for an ``exists``
    claim a sample is a witness when its error is within it. ``inputs`` and ``outputs`` map names to
    tensors whose first dimension is the sample dimension; the worst (or best, for ``exists``) sample
    of each is reported as the counterexample.
    """

    error: torch.Tensor
    inputs: Mapping[str, torch.Tensor]
    outputs: Mapping[str, torch.Tensor] = dataclasses.field(default_factory=dict)


CheckFn = Callable[["Context", Any], Evidence]
NotesFn = Callable[["Context", Any], list[str]]


@dataclasses.dataclass(frozen=True)
class Claim:
    """An executable claim about one or more equations.

    ``check(ctx, form)`` draws ``ctx.n`` samples and measures how far ``form`` (the equation as the
    chapter states it, written as a Python function) is from the claimed property. ``wrong`` holds
    deliberately wrong variants of ``form``; the checker must refute every one of them, otherwise the
    check cannot fail and is a defect.
    """

    id: str
    summary: str
    check: CheckFn
    form: Any
    wrong: Mapping[str, Any]
    equations: tuple[str, ...] = ()
    quantifier: Quantifier = "all"
    tolerance: float = 1.0
    sample_bytes: int = 2048
    notes: NotesFn | None = None
    expect: Expect = "hold"
    variant: str = ""
    #: Sizes the check draws its inputs with (tokens, widths, heads, vocabulary ...), by name; see
    #: :meth:`with_params`. The check reads them as ``ctx.params``.
    params: Mapping[str, int] = dataclasses.field(default_factory=dict)

    @property
    def base_id(self) -> str:
        return self.id.split("~", 1)[0]

    def wrong_variant(self, name: str) -> Claim:
        """This claim with ``form`` replaced by the wrong variant ``name``; it is expected to fail."""
        return dataclasses.replace(
            self, id=f"{self.base_id}~{name}", form=self.wrong[name], expect="fail", variant=name
        )

    def with_form(self, form: Any, *, name: str | None = None, expect: Expect = "hold") -> Claim:
        """This claim's check run on another ``form`` (a function with the signature of :attr:`form`).

        The inputs are the same as for the built-in form (they are seeded from the base id). ``name`` makes
        the id ``base~name``; ``expect="fail"`` marks a form that the check must refute.
        """
        cid = self.base_id if name is None else f"{self.base_id}~{name}"
        return dataclasses.replace(self, id=cid, form=form, expect=expect, variant=name or "")

    def with_params(self, **params: int) -> Claim:
        """This claim with some of its sizes changed, e.g. ``layernorm.with_params(D=512)``."""
        unknown = sorted(set(params) - set(self.params))
        if unknown:
            known = ", ".join(sorted(self.params)) or "none"
            raise ValueError(f"claim {self.base_id!r} has no size {', '.join(unknown)} (its sizes: {known})")
        bad = [k for k, v in params.items() if not isinstance(v, int) or isinstance(v, bool) or v < 1]
        if bad:
            raise ValueError(f"claim {self.base_id!r}: sizes must be positive integers ({', '.join(bad)})")
        return dataclasses.replace(self, params={**self.params, **params})

    def wrong_variants(self) -> list[Claim]:
        return [self.wrong_variant(name) for name in self.wrong]

    def with_equations(self, equations: Iterable[str]) -> Claim:
        return dataclasses.replace(self, equations=tuple(equations))


def _as_labels(equation: str | Sequence[str] | None) -> tuple[str, ...]:
    if equation is None:
        return ()
    if isinstance(equation, str):
        return (equation,)
    return tuple(equation)


def _as_wrong(wrong: Any) -> dict[str, Any]:
    if isinstance(wrong, Mapping):
        out = dict(wrong)
    elif isinstance(wrong, list | tuple):
        out = {getattr(w, "__name__", f"wrong{i}"): w for i, w in enumerate(wrong)}
    else:
        out = {getattr(wrong, "__name__", "wrong"): wrong}
    if not out:
        raise ValueError("a claim needs at least one deliberately wrong variant")
    return out


def claim(
    id: str,
    *,
    summary: str,
    wrong: Any,
    equation: str | Sequence[str] | None = None,
    form: Any = None,
    quantifier: Quantifier = "all",
    tolerance: float = 1.0,
    sample_bytes: int = 2048,
    notes: NotesFn | None = None,
    params: Mapping[str, int] | None = None,
) -> Callable[[CheckFn], Claim]:
    """Decorator turning a check function ``check(ctx, form) -> Evidence`` into a :class:`Claim`.

    ``form`` is the equation under test; when omitted, the default value of the check's second
    parameter is used, so ``def check(ctx, softmax=textbook_softmax)`` reads naturally. ``wrong`` is
    one wrong variant, a list of them, or a mapping name -> variant. ``params`` names the sizes the check
    reads from ``ctx.params`` with their defaults.
    """

    def decorate(check: CheckFn) -> Claim:
        chosen = form
        if chosen is None:
            args = list(inspect.signature(check).parameters.values())
            if len(args) < 2 or args[1].default is inspect.Parameter.empty:
                raise TypeError(f"claim {id!r}: pass form=... or give the check's second parameter a default")
            chosen = args[1].default
        return Claim(
            id=id,
            summary=summary,
            check=check,
            form=chosen,
            wrong=_as_wrong(wrong),
            equations=_as_labels(equation),
            quantifier=quantifier,
            tolerance=tolerance,
            sample_bytes=sample_bytes,
            notes=notes,
            params=dict(params or {}),
        )

    return decorate


class Context:
    """Sampling helpers and tolerances for one claim on one device and dtype.

    All random draws go through one seeded generator on the run's device, so results are
    deterministic for a seed (per device type). ``n`` is the size of the current chunk.
    """

    def __init__(self, torch_mod: Any, device: str, dtype: str, generator: Any, tolerance: float) -> None:
        self.torch = torch_mod
        self.device = torch_mod.device(device)
        self.dtype_name = dtype
        self.dtype: torch.dtype = getattr(torch_mod, dtype)
        self.acc: torch.dtype = torch_mod.float64 if dtype == "float64" else torch_mod.float32
        self.generator = generator
        self.tol = tolerance
        finfo = torch_mod.finfo(self.dtype)
        self.eps: float = float(finfo.eps)
        self.tiny: float = float(finfo.tiny)
        self.max: float = float(finfo.max)
        self.log_max: float = math.log(self.max)
        self.log_tiny: float = math.log(self.tiny)
        self.n = 0
        #: The claim's sizes (:attr:`Claim.params`).
        self.params: Mapping[str, int] = {}
        self._notes: list[str] = []

    # -- random draws -------------------------------------------------------------------------
    def rand(self, *shape: int) -> torch.Tensor:
        """Uniform [0, 1) in the working dtype."""
        return self.torch.rand(shape, generator=self.generator, device=self.device, dtype=self.acc).to(
            self.dtype
        )

    def randn(self, *shape: int) -> torch.Tensor:
        return self.torch.randn(shape, generator=self.generator, device=self.device, dtype=self.acc).to(
            self.dtype
        )

    def uniform(self, lo: float, hi: float, *shape: int) -> torch.Tensor:
        u = self.torch.rand(shape, generator=self.generator, device=self.device, dtype=self.acc)
        return (lo + (hi - lo) * u).to(self.dtype)

    def log_uniform(self, lo: float, hi: float, *shape: int) -> torch.Tensor:
        """Log-uniform on [lo, hi] (both > 0): covers several orders of magnitude evenly."""
        u = self.torch.rand(shape, generator=self.generator, device=self.device, dtype=self.acc)
        return self.torch.exp(math.log(lo) + (math.log(hi) - math.log(lo)) * u).to(self.dtype)

    def randint(self, low: int, high: int, *shape: int) -> torch.Tensor:
        return self.torch.randint(low, high, shape, generator=self.generator, device=self.device)

    def weights(self, *shape: int) -> torch.Tensor:
        """Gaussian weight matrices scaled by 1/sqrt(fan_in) (the second-to-last dimension)."""
        return self.randn(*shape) / math.sqrt(shape[-2])

    # -- measuring ----------------------------------------------------------------------------
    def note(self, text: str) -> None:
        """Attach a note to the result (deduplicated)."""
        if text not in self._notes:
            self._notes.append(text)

    def take_notes(self) -> list[str]:
        notes, self._notes = self._notes, []
        return notes

    def _per_sample(self, t: torch.Tensor) -> torch.Tensor:
        return t.reshape(t.shape[0], -1).amax(1) if t.dim() > 1 else t

    def mismatch(
        self, got: torch.Tensor, want: torch.Tensor, scale: torch.Tensor | float | None = None
    ) -> torch.Tensor:
        """Per-sample max of |got - want| / max(1, |want|) (or / max(1, scale) when given).

        A shape mismatch is reported as an infinite error for every sample and noted.
        """
        torch = self.torch
        if tuple(got.shape) != tuple(want.shape):
            self.note(f"shape mismatch: got {tuple(got.shape)[1:]}, expected {tuple(want.shape)[1:]}")
            return torch.full((want.shape[0],), math.inf, device=self.device, dtype=self.acc)
        g, w = got.to(self.acc), want.to(self.acc)
        if scale is None:
            denom = w.abs().clamp_min(1.0)
        elif isinstance(scale, float | int):
            denom = torch.full_like(w, max(1.0, float(scale)))
        else:
            denom = scale.to(self.acc).clamp_min(1.0)
        return self._per_sample((g - w).abs() / denom)

    def violation(self, amount: torch.Tensor) -> torch.Tensor:
        """Per-sample max of max(0, amount): how far a required inequality ``amount <= 0`` is broken."""
        return self._per_sample(amount.to(self.acc).clamp_min(0.0))

    def worst(self, *errors: torch.Tensor) -> torch.Tensor:
        """Element-wise maximum of several per-sample error tensors (nan-propagating)."""
        out = errors[0].to(self.acc)
        for e in errors[1:]:
            out = self.torch.maximum(out, e.to(self.acc))
        return out


@dataclasses.dataclass
class ClaimResult:
    """The outcome of running one claim."""

    id: str
    equations: list[str]
    summary: str
    status: Status
    expect: Expect
    quantifier: Quantifier
    max_error: float | None
    tolerance: float
    dtype: str
    device: str
    samples: int
    seconds: float
    #: Deprecated name kept for compatibility: :attr:`witnesses` for an ``exists`` claim, otherwise
    #: :attr:`beyond_tolerance`.
    failures: int = 0
    counterexample: dict[str, Any] | None = None
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def witnesses(self) -> int | None:
        """For an ``exists`` claim, the samples within tolerance (each one a witness); None otherwise."""
        return self.failures if self.quantifier == "exists" else None

    @property
    def beyond_tolerance(self) -> int | None:
        """For an ``all`` claim, the samples beyond tolerance (each one a counterexample); None otherwise."""
        return self.failures if self.quantifier == "all" else None

    @property
    def ok(self) -> bool:
        """True when the outcome is the expected one (a wrong variant is expected to be refuted)."""
        if self.status == "skipped":
            return True
        if self.expect == "hold":
            return self.status == "verified"
        return self.status == "refuted"

    def to_dict(self, *, timings: bool = True) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["max_error"] = json_float(self.max_error)
        data["ok"] = self.ok
        data["witnesses"] = self.witnesses
        data["beyond_tolerance"] = self.beyond_tolerance
        if not timings:
            data.pop("seconds")
        return data


def json_float(x: float | None) -> float | str | None:
    """Floats as JSON can carry them: non-finite values become strings."""
    if x is None:
        return None
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return float(f"{x:.9g}")


def tensor_to_json(t: Any) -> Any:
    """A small tensor as nested lists of JSON-safe numbers (9 significant digits)."""
    values = t.double().tolist() if t.dtype.is_floating_point else t.tolist()

    def conv(v: Any) -> Any:
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, bool):
            return v
        if isinstance(v, float):
            return json_float(v)
        return v

    return conv(values)
