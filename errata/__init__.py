"""errata: find the errata in a textbook PDF before its readers do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "scan"]

if TYPE_CHECKING:
    from errata.model.findings import Report


def scan(path: str, **kwargs: Any) -> Report:
    """Scan a PDF and return its :class:`~errata.model.findings.Report` (see :func:`errata.scan.scan`)."""
    from errata.scan import scan as _scan

    return _scan(path, **kwargs)
