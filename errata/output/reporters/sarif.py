"""SARIF 2.1.0 for code scanning: rules from their metadata, one result per finding, deterministic.

Each result has errata's content fingerprint in ``partialFingerprints`` and its page, printed page and boxes
in ``properties`` (a PDF has lines but no columns a viewer can show). When SyncTeX gave the finding a source
line, the result's location is that ``.tex`` file and line (code scanning annotates it in a pull request) and
the PDF page and line follow as a related location. Under a baseline, accepted findings are
still emitted, marked ``baselineState: "unchanged"`` with an external suppression, so code scanning keeps
them closed instead of closing and reopening them.
"""

from __future__ import annotations

import json
from typing import Any

from errata import __version__
from errata.model.document import SourceSpot
from errata.model.findings import BaselineState, Finding, Report, RuleInfo, Severity, page_name
from errata.output.reporters.context import RenderContext

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_KEY = "errata/v1"


def _camel(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))


def _rule(rule_id: str, rule: RuleInfo | None) -> dict[str, Any]:
    if rule is None:
        return {"id": rule_id, "name": _camel(rule_id)}
    what = rule.doc_section("What it does") or rule.summary
    out: dict[str, Any] = {
        "id": rule.id,
        "name": _camel(rule.id),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": what},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }
    if rule.doc.strip():
        out["help"] = {"text": rule.doc.strip(), "markdown": rule.doc.strip()}
    return out


def _message(f: Finding) -> str:
    text = f"{f.message} ({page_name(f.page, f.page_label)}, line {f.line}: “{f.match}”)"
    if f.suggestion is not None:
        text += f". Suggestion: “{f.suggestion}”"
    return text


def _source(f: Finding) -> SourceSpot | None:
    return next((loc.source for loc in f.locations if loc.source is not None), None)


def _result(f: Finding, index: int, uri: str, sources: dict[str, int]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "index": 0}}
    if f.line >= 1:
        physical["region"] = {"startLine": f.line}
    locations: list[dict[str, Any]] = [{"physicalLocation": physical}]
    related: list[dict[str, Any]] = []
    src = _source(f)
    if src is not None:
        region: dict[str, Any] = {"startLine": src.line}
        if src.column is not None:
            region["startColumn"] = src.column
        source_location = {
            "artifactLocation": {"uri": src.file, "index": sources[src.file]},
            "region": region,
        }
        locations = [{"physicalLocation": source_location}]
        where = f"{page_name(f.page, f.page_label)}, line {f.line} of the PDF"
        related = [{"id": 0, "physicalLocation": physical, "message": {"text": where}}]
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": _message(f)},
        "locations": locations,
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {
            "page": f.page,
            "page_label": f.page_label,
            "bbox": [list(loc.bbox) for loc in f.locations],
            "pages": [loc.page for loc in f.locations],
            "match": f.match,
            "context": f.context,
            "region": f.region,
        },
    }
    if related:
        out["relatedLocations"] = related
        out["properties"]["sources"] = [str(loc.source) for loc in f.locations if loc.source is not None]
    if f.suggestion is not None:
        out["properties"]["suggestion"] = f.suggestion
    if f.baseline is not None:
        out["baselineState"] = f.baseline.value
        if f.baseline is not BaselineState.NEW:
            out["suppressions"] = [{"kind": "external", "justification": "accepted in the errata baseline"}]
    return out


def sarif_dict(report: Report, ctx: RenderContext | None = None) -> dict[str, Any]:
    ctx = ctx or RenderContext()
    rule_ids = sorted(set(report.rule_ids) | {f.rule for f in report.findings})
    index = {rid: i for i, rid in enumerate(rule_ids)}
    uri = ctx.relative(report.path)
    sources: dict[str, int] = {}
    for f in report.findings:
        src = _source(f)
        if src is not None and src.file not in sources:
            sources[src.file] = len(sources) + 1
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "errata",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(rid, report.rule(rid)) for rid in rule_ids],
            }
        },
        "artifacts": [
            {
                "location": {"uri": uri},
                "mimeType": "application/pdf",
                "hashes": {"sha-256": report.sha256},
            },
            *({"location": {"uri": name}, "mimeType": "text/x-tex"} for name in sources),
        ],
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {"level": "warning", "message": {"text": f"{p.kind}: {p.message}"}}
                    for p in report.problems
                ],
            }
        ],
        "results": [_result(f, index[f.rule], uri, sources) for f in report.findings],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report, ctx: RenderContext | None = None) -> str:
    return json.dumps(sarif_dict(report, ctx), indent=2, ensure_ascii=False) + "\n"
