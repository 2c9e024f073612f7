"""Reporters turn a :class:`~errata.model.findings.Report` into text. They know nothing of how findings were made.

Every reporter is ``render(report, ctx=None) -> str``: a pure function of the report (which carries the
baseline states, rule metadata, summary and equation coverage) and an optional
:class:`~errata.output.reporters.context.RenderContext` (where paths are relative to, the page crops).
Formats are looked up by name and imported only when used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from errata.model.findings import Report
from errata.output.reporters.context import RenderContext

Renderer = Callable[[Report, RenderContext | None], str]

FORMATS: dict[str, tuple[str, str]] = {
    "md": ("md", "markdown"),
    "json": ("json", "json"),
    "sarif": ("sarif", "sarif"),
    "github": ("txt", "github"),
    "html": ("html", "html"),
}
"""Format name -> (file extension, module under errata.output.reporters)."""

EXTENSIONS = {name: ext for name, (ext, _) in FORMATS.items()}
HUMAN = frozenset({"md", "html"})
"""Formats for people: they show page crops; the others are for machines."""


def get_renderer(fmt: str) -> Renderer:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(f"errata.output.reporters.{FORMATS[fmt][1]}")
    render: Renderer = module.render
    return render


__all__ = ["EXTENSIONS", "FORMATS", "HUMAN", "RenderContext", "Renderer", "get_renderer"]
