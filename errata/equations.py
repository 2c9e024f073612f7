"""The bridge between a scan and ``errata verify``: which numbered equations of the PDF have claims, and how
each claim fared. torch is imported only here, and only when ``scan --verify`` asks for it."""

from __future__ import annotations

from errata.errors import ErrataError
from errata.model.findings import Report


def verify_equations(
    report: Report, *, labels_file: str | None = None, samples: int = 20_000, device: str = "auto"
) -> None:
    """Run the built-in claims and record, per equation label found in the PDF, the claims covering it."""
    from errata.verify import load_labels, run_claims
    from errata.verify.core import DeviceUnavailableError, TorchMissingError

    try:
        labels = load_labels(labels_file) if labels_file else None
        results = run_claims(device=device, samples=samples, labels=labels)
    except (TorchMissingError, DeviceUnavailableError, OSError, ValueError) as exc:
        raise ErrataError(f"--verify: {exc}") from None
    coverage: dict[str, list[tuple[str, str, str]]] = {e.label: [] for e in report.equations}
    for result in results:
        if result.expect != "hold":
            continue
        for label in result.equations:
            if label in coverage:
                coverage[label].append((result.id, result.summary, result.status))
    report.equation_claims = coverage
