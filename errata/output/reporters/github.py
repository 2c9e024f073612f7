"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per new finding.

A PDF has no source lines GitHub can show, so the page and line go into the message as well:
``::error file=book.pdf,line=7,title=errata (repeated-word)::p.12 l.7 "the the" → "the": Repeated word ‘the’``.
When SyncTeX gave the finding a source line, the annotation is on that ``.tex`` file and line instead
(``file=chapters/ch1.tex,line=8``), with the page and line still in the message.
Findings accepted in a baseline are not annotated. No header, no summary.
"""

from __future__ import annotations

from errata.model.findings import Finding, Report, Severity, page_name
from errata.output.reporters.context import RenderContext

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A message, escaped as GitHub's toolkit does: ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title): the message escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def line(f: Finding, path: str) -> str:
    text = f'{page_name(f.page, f.page_label, "p.")} l.{f.line} "{f.match}"'
    if f.suggestion is not None:
        text += f' → "{f.suggestion}"'
    text += f": {f.message}"
    src = next((loc.source for loc in f.locations if loc.source is not None), None)
    if src is not None:
        props = [f"file={escape_property(src.file)}", f"line={src.line}"]
        if src.column is not None:
            props.append(f"col={src.column}")
    else:
        props = [f"file={escape_property(path)}"]
        if f.line >= 1:
            props.append(f"line={f.line}")
    props.append(f"title={escape_property(f'errata ({f.rule})')}")
    return f"::{LEVELS[f.severity]} {','.join(props)}::{escape_data(text)}"


def render(report: Report, ctx: RenderContext | None = None) -> str:
    ctx = ctx or RenderContext()
    path = ctx.relative(report.path)
    return "".join(line(f, path) + "\n" for f in report.new_findings)
