"""The JSON report: versioned, validated against ``errata/schema/report.schema.json``, deterministic."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from errata import __version__
from errata.model.findings import Finding, Report
from errata.reporters import RenderContext

SCHEMA_VERSION = "1.1"  # 1.1: equations[].claims after --verify


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "message": f.message,
        "suggestion": f.suggestion,
        "page": f.page,
        "page_label": f.page_label,
        "line": f.line,
        "bbox": [list(loc.bbox) for loc in f.locations],
        "locations": [
            {"page": loc.page, "page_label": loc.page_label, "line": loc.line, "bbox": list(loc.bbox)}
            for loc in f.locations
        ],
        "match": f.match,
        "context": f.context,
        "context_span": list(f.context_span),
        "region": f.region,
        "fingerprint": f.fingerprint,
    }


def _equation(
    label: str, page: int, page_label: str | None, claims: dict[str, list[tuple[str, str, str]]] | None
) -> dict[str, Any]:
    out: dict[str, Any] = {"label": label, "page": page, "page_label": page_label}
    if claims is not None:
        out["claims"] = [{"claim": c, "summary": s, "status": st} for c, s, st in claims.get(label, [])]
    return out


def report_dict(report: Report, ctx: RenderContext | None = None) -> dict[str, Any]:
    """The report as a dict. Under a baseline, ``findings`` and ``summary`` hold the new findings only."""
    if ctx is not None and ctx.triage is not None:
        from dataclasses import replace

        report = replace(report, findings=ctx.triage.new)
    by_rule = Counter(f.rule for f in report.findings)
    by_severity = Counter(f.severity.value for f in report.findings)
    failed = sorted({p.page for p in report.problems if p.kind == "page-unreadable" and p.page is not None})
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "errata", "version": __version__},
        "source": {"path": report.path, "sha256": report.sha256, "pages": report.page_count},
        "scan": {
            "pages_scanned": len(report.pages_scanned),
            "pages_failed": failed,
            "rules": list(report.rules),
        },
        "summary": {
            "total": len(report.findings),
            "by_rule": dict(sorted(by_rule.items())),
            "by_severity": dict(sorted(by_severity.items())),
        },
        "findings": [finding_dict(f) for f in report.findings],
        "problems": [{"kind": p.kind, "message": p.message, "page": p.page} for p in report.problems],
        "equations": [
            _equation(e.label, e.page, e.page_label, report.equation_claims) for e in report.equations
        ],
    }


def render(report: Report, ctx: RenderContext | None = None) -> str:
    return json.dumps(report_dict(report, ctx), indent=2, ensure_ascii=False) + "\n"
