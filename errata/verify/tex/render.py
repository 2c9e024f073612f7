"""Markdown and JSON renderings of ``errata verify --tex`` results."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .results import TexReport

#: Version of the ``--tex --format json`` document.
TEX_SCHEMA_VERSION = "1.0"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3g}"


def render_tex_json(reports: Sequence[TexReport]) -> str:
    data = {"schema_version": TEX_SCHEMA_VERSION, "files": [r.to_dict() for r in reports]}
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_tex_markdown(reports: Sequence[TexReport]) -> str:
    lines = ["# Derivation steps"]
    for report in reports:
        s = report.summary
        lines += [
            "",
            f"## `{report.file}`",
            "",
            f"{s['steps']} steps: {s['verified']} verified, {s['refuted']} refuted, {s['not_checkable']} not "
            f"checkable; {s['findings']} index findings ({report.dtype}, {report.device}, {report.samples} "
            "samples per display).",
            "",
            "| line | kind | step | verdict | max error | tolerance |",
            "|---|---|---|---|---|---|",
        ]
        for st in report.steps:
            verdict = st.verdict if st.verdict != "refuted" else "**refuted**"
            lines.append(
                f"| {st.line} | {st.kind} | `{_cell(st.left)}` = `{_cell(st.right)}` | {verdict} | "
                f"{_fmt(st.max_error)} | {_fmt(st.tolerance)} |"
            )
        for st in report.steps:
            if st.verdict == "verified" and not st.findings:
                continue
            lines += [
                "",
                f"### {st.location} — {st.verdict}",
                "",
                f"`{_cell(st.left)}` = `{_cell(st.right)}`",
            ]
            if st.reason:
                lines += ["", f"Not checked: {st.reason}."]
            for finding in st.findings:
                lines.append(f"- index finding: {finding}")
            if st.counterexample is not None:
                lines += [
                    "",
                    f"{st.failures} of {st.samples} samples beyond tolerance. Counterexample:",
                    "",
                    "```json",
                    json.dumps(st.counterexample, sort_keys=True, ensure_ascii=False),
                    "```",
                ]
    return "\n".join(lines) + "\n"
