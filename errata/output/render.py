"""A report in its format, with page crops for the human formats: the one call the command line makes.

Markdown links PNG files stored in ``<report stem>_files/`` beside the report (none on stdout); HTML inlines
them. A PDF that cannot be rendered gives a report without crops and a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from errata.model.findings import Report
from errata.output.reporters import HUMAN, RenderContext, get_renderer

if TYPE_CHECKING:
    from errata.batch import Output


def render_report(
    report: Report,
    fmt: str,
    target: str,
    *,
    cwd: str | None = None,
    password: str | None = None,
    images: bool = True,
    warn: Callable[[str], None] = lambda message: None,
) -> str:
    """The text of ``report`` in ``fmt`` for ``target`` (a path, or - for stdout), crop files written."""
    if fmt not in HUMAN or (fmt == "md" and target == "-"):
        return get_renderer(fmt)(report, RenderContext(cwd=cwd))
    from errata.output.crops import render_crops, write_crops

    listed = report.new_findings
    crops = {}
    if images and listed:
        try:
            crops = render_crops(report.path, listed, password=password)
        except Exception as exc:
            warn(f"no page crops: {type(exc).__name__}: {exc}")
    if fmt == "html":
        inline = RenderContext(cwd=cwd, images={fp: [c.png for c in v] for fp, v in crops.items()})
        return get_renderer(fmt)(report, inline)
    # Markdown: crop files beside the report; stale ones (also all of them with --no-images) are removed.
    report_path = Path(target)
    written = write_crops(crops, str(report_path.with_name(f"{report_path.stem}_files")))
    here = report_path.parent.resolve()
    relative = {
        fp: [Path(p).resolve().relative_to(here).as_posix() for p in paths] for fp, paths in written.items()
    }
    return get_renderer(fmt)(report, RenderContext(cwd=cwd, images=relative))


def catalogue_output(
    fmt: str,
    *,
    images: bool = True,
    password: str | None = None,
    cwd: str | None = None,
    warn: Callable[[str], None] = lambda message: None,
) -> Output:
    """How a catalogue scan (:func:`errata.batch.scan_catalogue`) writes its reports in ``fmt`` and its
    summary (JSON for json, HTML for html, else markdown). The reports are rendered on the client, from the
    reports the workers send back, so a cluster run writes what a local one writes."""
    from functools import partial

    from errata.batch import Output
    from errata.output.reporters import EXTENSIONS
    from errata.output.reporters.summary import render_html, render_json, render_markdown

    ext, summary = {"json": ("json", render_json), "html": ("html", render_html)}.get(
        fmt, ("md", render_markdown)
    )
    report = partial(_render_to, fmt=fmt, images=images, password=password, cwd=cwd, warn=warn)
    return Output(EXTENSIONS[fmt], report, ext, summary, settings=(fmt, str(images)))


def _render_to(
    report: Report,
    target: str,
    *,
    fmt: str,
    images: bool,
    password: str | None,
    cwd: str | None,
    warn: Callable[[str], None],
) -> str:
    return render_report(report, fmt, target, cwd=cwd, password=password, images=images, warn=warn)
