"""errata: find the errata in a textbook PDF before its readers do.

The library API (imported lazily, so ``import errata`` stays cheap)::

    import errata
    report = errata.scan("book.pdf", errata.ScanOptions(baseline="errata-baseline.json"))
    reports, text = errata.baseline(["book.pdf"])
    old, new = errata.diff("draft-03.pdf", "draft-04.pdf")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = [
    "Config",
    "Finding",
    "Report",
    "ScanOptions",
    "__version__",
    "baseline",
    "diff",
    "load_config",
    "scan",
]

if TYPE_CHECKING:
    from errata.model.findings import Finding, Report
    from errata.pipeline import ScanOptions, baseline, diff, scan
    from errata.project.config import Config, load_config

_LAZY = {
    "scan": "errata.pipeline",
    "baseline": "errata.pipeline",
    "diff": "errata.pipeline",
    "ScanOptions": "errata.pipeline",
    "Report": "errata.model.findings",
    "Finding": "errata.model.findings",
    "Config": "errata.project.config",
    "load_config": "errata.project.config",
}


def __getattr__(name: str) -> Any:
    # No submodule is named like an attribute here, so importing one never replaces a function.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'errata' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
