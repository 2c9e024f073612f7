"""Reporters turn a :class:`~errata.findings.Report` into text. They know nothing of how findings were made."""

from __future__ import annotations

from collections.abc import Callable

from errata.findings import Report

Renderer = Callable[[Report], str]

EXTENSIONS = {"md": "md", "json": "json"}


def get_renderer(fmt: str) -> Renderer:
    if fmt == "md":
        from errata.reporters.markdown import render

        return render
    if fmt == "json":
        from errata.reporters.json import render as render_json

        return render_json
    raise ValueError(f"unknown format {fmt!r}")
