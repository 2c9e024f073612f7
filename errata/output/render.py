"""A report in its format, with page crops for the human formats: the one call the command line makes.

Markdown links PNG files stored in ``<report stem>_files/`` beside the report (none on stdout); HTML inlines
them. A PDF that cannot be rendered gives a report without crops and a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from errata.model.findings import Report
from errata.output.reporters import HUMAN, RenderContext, get_renderer


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
