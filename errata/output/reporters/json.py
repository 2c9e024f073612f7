"""The JSON report: versioned, validated against ``errata/schema/report.schema.json``, deterministic."""

from __future__ import annotations

import json
from typing import Any

from errata import __version__
from errata.model.document import Location
from errata.model.findings import ClaimCheck, Finding, Report
from errata.output.reporters.context import RenderContext

SCHEMA_VERSION = "1.2"  # 1.1: equations[].claims after --verify; 1.2: locations[].source


def _location(loc: Location) -> dict[str, Any]:
    src = loc.source
    return {
        "page": loc.page,
        "page_label": loc.page_label,
        "line": loc.line,
        "bbox": list(loc.bbox),
        "source": None if src is None else {"file": src.file, "line": src.line, "column": src.column},
    }


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
        "locations": [_location(loc) for loc in f.locations],
        "match": f.match,
        "context": f.context,
        "context_span": list(f.context_span),
        "region": f.region,
        "fingerprint": f.fingerprint,
    }


def _equation(
    label: str, page: int, page_label: str | None, claims: dict[str, list[ClaimCheck]] | None
) -> dict[str, Any]:
    out: dict[str, Any] = {"label": label, "page": page, "page_label": page_label}
    if claims is not None:
        out["claims"] = [
            {"claim": c.claim, "summary": c.summary, "status": c.status} for c in claims.get(label, [])
        ]
    return out


def report_dict(report: Report, ctx: RenderContext | None = None) -> dict[str, Any]:
    """The report as a dict. Under a baseline, ``findings`` and ``summary`` hold the new findings only."""
    summary = report.summary()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "errata", "version": __version__},
        "source": {"path": report.path, "sha256": report.sha256, "pages": report.page_count},
        "scan": {
            "pages_scanned": len(report.pages_scanned),
            "pages_failed": report.unreadable_pages,
            "rules": report.rule_ids,
        },
        "summary": {"total": summary.total, "by_rule": summary.by_rule, "by_severity": summary.by_severity},
        "findings": [finding_dict(f) for f in report.new_findings],
        "problems": [{"kind": p.kind, "message": p.message, "page": p.page} for p in report.problems],
        "equations": [
            _equation(e.label, e.page, e.page_label, report.equation_claims) for e in report.equations
        ],
    } | (
        {}
        if report.derivations is None
        else {
            "derivations": [
                {"file": d.file, "line": d.line, "kind": d.kind, "verdict": d.verdict, "details": d.details}
                for d in report.derivations
            ]
        }
    )


def render(report: Report, ctx: RenderContext | None = None) -> str:
    return json.dumps(report_dict(report, ctx), indent=2, ensure_ascii=False) + "\n"
