"""Reporters turn a :class:`~errata.model.findings.Report` into text. They know nothing of how findings were made.

Every reporter is ``render(report, ctx=None) -> str``: a pure function of the report and an optional
:class:`RenderContext` (the baseline triage, rule metadata, the folder paths are made relative to).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from errata.model.findings import Report

if TYPE_CHECKING:
    from errata.rule import Rule
    from errata.suppress import Triage


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What some formats need beyond the report. ``cwd`` is where artifact paths are made relative to."""

    triage: Triage | None = None
    rules: Mapping[str, Rule] = field(default_factory=dict)
    cwd: str | None = None

    def relative(self, path: str) -> str:
        """``path`` relative to ``cwd`` when it lies below it, with forward slashes."""
        if self.cwd is not None:
            try:
                return Path(path).resolve().relative_to(Path(self.cwd).resolve()).as_posix()
            except ValueError:
                pass
        return PurePath(path).as_posix()


Renderer = Callable[[Report, RenderContext | None], str]

EXTENSIONS = {"md": "md", "json": "json", "sarif": "sarif", "github": "txt", "html": "html"}
HUMAN = frozenset({"md", "html"})


def get_renderer(fmt: str) -> Renderer:
    if fmt == "md":
        from errata.reporters.markdown import render

        return render
    if fmt == "json":
        from errata.reporters.json import render as render_json

        return render_json
    if fmt == "sarif":
        from errata.reporters.sarif import render as render_sarif

        return render_sarif
    if fmt == "html":
        from errata.reporters.html import render as render_html

        return render_html
    if fmt == "github":
        from errata.reporters.github import render as render_github

        return render_github
    raise ValueError(f"unknown format {fmt!r}")
