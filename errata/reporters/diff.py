"""The report between two drafts (``errata diff OLD NEW``): new, fixed and remaining findings."""

from __future__ import annotations

import json
import os
from typing import Any

from errata import __version__
from errata.model.findings import Finding, Report
from errata.reporters.json import finding_dict
from errata.reporters.markdown import escape
from errata.suppress import BaselineEntry, Triage


def _where(page: int, label: str | None, line: int) -> str:
    printed = f" (printed {escape(label)})" if label and label != str(page) else ""
    return f"p. {page}{printed}, line {line}"


def _new(n: int, f: Finding) -> list[str]:
    a, b = f.context_span
    context = f"{escape(f.context[:a])}**{escape(f.context[a:b])}**{escape(f.context[b:])}"
    out = [
        f"{n}. **{f.rule}** ({f.severity.value}), {_where(f.page, f.page_label, f.line)}: {escape(f.message)}  ",
        f"   > {context}  ",
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


def render_markdown(old: Report, new: Report, t: Triage) -> str:
    a, b = os.path.basename(old.path), os.path.basename(new.path)
    lines = [
        f"# errata diff: {escape(a)} → {escape(b)}",
        "",
        f"`{old.sha256[:12]}` → `{new.sha256[:12]}` · errata {__version__}",
        "",
        "| New | Fixed | Remaining |",
        "|---|---|---|",
        f"| {len(t.new)} | {len(t.fixed)} | {len(t.unchanged)} |",
        "",
        "## New",
        "",
    ]
    if not t.new:
        lines += ["No new errata.", ""]
    for n, f in enumerate(t.new, start=1):
        lines += _new(n, f)
    lines += ["## Fixed", ""]
    lines += [_fixed(e) for e in t.fixed] or ["Nothing fixed."]
    lines += ["", "## Remaining", ""]
    lines += [_remaining(f, t.matched.get(f.fingerprint)) for f in t.unchanged] or ["None."]
    return "\n".join(lines).rstrip() + "\n"


def diff_dict(old: Report, new: Report, t: Triage) -> dict[str, Any]:
    def source(r: Report) -> dict[str, Any]:
        return {"path": r.path, "sha256": r.sha256, "pages": r.page_count}

    def remaining(f: Finding) -> dict[str, Any]:
        d = finding_dict(f)
        was = t.matched.get(f.fingerprint)
        d["was"] = None if was is None else {"page": was.page, "page_label": was.page_label, "line": was.line}
        return d

    return {
        "schema_version": "1.0",
        "tool": {"name": "errata", "version": __version__},
        "old": source(old),
        "new": source(new),
        "summary": {"new": len(t.new), "fixed": len(t.fixed), "remaining": len(t.unchanged)},
        "findings": {
            "new": [finding_dict(f) for f in t.new],
            "fixed": [e.as_dict() for e in t.fixed],
            "remaining": [remaining(f) for f in t.unchanged],
        },
    }


def render_json(old: Report, new: Report, t: Triage) -> str:
    return json.dumps(diff_dict(old, new, t), indent=2, ensure_ascii=False) + "\n"
