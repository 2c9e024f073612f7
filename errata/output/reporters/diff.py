"""The report between two drafts (``errata diff OLD NEW``): new, fixed and remaining findings."""

from __future__ import annotations

import json
import os
from typing import Any

from errata import __version__
from errata.model.findings import BaselineEntry, Finding, Report, page_name
from errata.output.reporters.json import finding_dict
from errata.output.reporters.markdown import context, escape


def _where(page: int, label: str | None, line: int) -> str:
    return f"{page_name(page, label, escape=escape)}, line {line}"


def _new(n: int, f: Finding) -> list[str]:
    out = [
        f"{n}. **{f.rule}** ({f.severity.value}), {_where(f.page, f.page_label, f.line)}: {escape(f.message)}  ",
        f"   > {context(f)}  ",
    ]
    if f.suggestion is not None:
        out.append(f"   Suggestion: “{escape(f.suggestion)}”")
    return [*out, ""]


def _fixed(e: BaselineEntry) -> str:
    return (
        f"- **{e.rule}** “{escape(e.match)}”, was {_where(e.page, e.page_label, e.line)}: {escape(e.context)}"
    )


def _remaining(f: Finding, was: BaselineEntry | None) -> str:
    moved = ""
    if was is not None and (was.page, was.line) != (f.page, f.line):
        moved = f" (was {_where(was.page, was.page_label, was.line)})"
    return f"- **{f.rule}** “{escape(f.match)}”, {_where(f.page, f.page_label, f.line)}{moved}"


def _parts(
    new: Report,
) -> tuple[list[Finding], tuple[BaselineEntry, ...], list[Finding], dict[str, BaselineEntry]]:
    """New findings, fixed entries, remaining findings and what each remaining one matched."""
    if new.baseline is None:
        return list(new.findings), (), [], {}
    return new.new_findings, new.baseline.fixed, new.unchanged_findings, new.baseline.matched


def render_markdown(old: Report, new: Report) -> str:
    """``new`` is the newer draft's report compared with ``old`` (:func:`errata.pipeline.diff`)."""
    added, fixed, remaining, matched = _parts(new)
    a, b = os.path.basename(old.path), os.path.basename(new.path)
    lines = [
        f"# errata diff: {escape(a)} → {escape(b)}",
        "",
        f"`{old.sha256[:12]}` → `{new.sha256[:12]}` · errata {__version__}",
        "",
        "| New | Fixed | Remaining |",
        "|---|---|---|",
        f"| {len(added)} | {len(fixed)} | {len(remaining)} |",
        "",
        "## New",
        "",
    ]
    if not added:
        lines += ["No new errata.", ""]
    for n, f in enumerate(added, start=1):
        lines += _new(n, f)
    lines += ["## Fixed", ""]
    lines += [_fixed(e) for e in fixed] or ["Nothing fixed."]
    lines += ["", "## Remaining", ""]
    lines += [_remaining(f, matched.get(f.fingerprint)) for f in remaining] or ["None."]
    return "\n".join(lines).rstrip() + "\n"


def diff_dict(old: Report, new: Report) -> dict[str, Any]:
    added, fixed, remaining_findings, matched = _parts(new)

    def source(r: Report) -> dict[str, Any]:
        return {"path": r.path, "sha256": r.sha256, "pages": r.page_count}

    def remaining(f: Finding) -> dict[str, Any]:
        d = finding_dict(f)
        was = matched.get(f.fingerprint)
        d["was"] = None if was is None else {"page": was.page, "page_label": was.page_label, "line": was.line}
        return d

    return {
        "schema_version": "1.0",
        "tool": {"name": "errata", "version": __version__},
        "old": source(old),
        "new": source(new),
        "summary": {"new": len(added), "fixed": len(fixed), "remaining": len(remaining_findings)},
        "findings": {
            "new": [finding_dict(f) for f in added],
            "fixed": [e.as_dict() for e in fixed],
            "remaining": [remaining(f) for f in remaining_findings],
        },
    }


def render_json(old: Report, new: Report) -> str:
    return json.dumps(diff_dict(old, new), indent=2, ensure_ascii=False) + "\n"
