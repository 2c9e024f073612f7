"""Run rules over a document's flows and turn their hits into located, ordered findings."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from errata.lint.rule import Hit, NlpUnavailableError, Rule, RuleContext, Scope, Severity
from errata.model.document import Document, Flow, Problem
from errata.model.findings import Finding, fingerprint
from errata.util.text import normalise


def run_rules(
    doc: Document,
    rules: Iterable[Rule],
    *,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    severities: Mapping[str, Severity] | None = None,
    tagger: Callable[[], Any] | None = None,
) -> tuple[list[Finding], list[Problem]]:
    """All findings of ``rules`` on ``doc``, in a deterministic order, plus rules that could not run."""
    options = options or {}
    severities = severities or {}
    findings: list[Finding] = []
    problems: list[Problem] = []
    for rule in rules:
        declared = {o.name: o.default for o in rule.options}
        ctx = RuleContext(options={**declared, **options.get(rule.id, {})}, tagger=tagger)
        severity = severities.get(rule.id, rule.severity)
        try:
            if rule.scope is Scope.DOCUMENT:
                # The rule sees the flows of the regions it reads, nothing else.
                readable = replace(doc, flows={r: f for r, f in doc.flows.items() if r in rule.regions})
                for hit in rule.check(readable, ctx):  # type: ignore[arg-type]
                    flow = doc.flows.get(hit.region) if hit.region is not None else None
                    if flow is None or hit.region not in rule.regions:
                        raise ValueError(f"rule {rule.id}: a document-level hit names no flow it reads")
                    findings.append(locate(rule, severity, flow, hit))
            else:
                for region, flow in sorted(doc.flows.items()):
                    if region not in rule.regions:
                        continue
                    for hit in rule.check(flow, ctx):  # type: ignore[arg-type]
                        findings.append(locate(rule, severity, flow, hit))
        except NlpUnavailableError as exc:
            problems.append(Problem("rule-unavailable", f"{rule.id} skipped: {exc}"))
    findings.sort(key=Finding.sort_key)
    return with_fingerprints(findings), problems


def prepare_rules(rules: Iterable[Rule]) -> None:
    """Load what the rules need (their ``prepare``), ahead of :func:`run_rules`; a rule whose loading fails
    meets the same failure when it runs, and reports it there."""
    for rule in rules:
        if rule.prepare is not None:
            with contextlib.suppress(Exception):
                rule.prepare()


def locate(rule: Rule, severity: Severity, flow: Flow, hit: Hit) -> Finding:
    """A hit with its printed locations and the sentence around it."""
    s, e = flow.sentence(hit.start, hit.end)
    context = flow.text[s:e].replace("\n", " ")
    return Finding(
        rule=rule.id,
        severity=severity,
        message=hit.message,
        match=flow.text[hit.start : hit.end].replace("\n", " "),
        context=context,
        context_span=(hit.start - s, hit.end - s),
        locations=tuple(flow.locate(hit.start, hit.end)),
        suggestion=hit.suggestion,
        region=flow.region.value,
    )


def with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Give each finding a content fingerprint; identical ones are told apart by their occurrence index."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out: list[Finding] = []
    for f in findings:
        key = (f.rule, normalise(f.match), normalise(f.context))
        occurrence = seen[key]
        seen[key] += 1
        out.append(_replace_fingerprint(f, fingerprint(f.rule, f.match, f.context, occurrence)))
    return out


def _replace_fingerprint(f: Finding, fp: str) -> Finding:
    return replace(f, fingerprint=fp)


def check_text(rule: Rule, text: str, ctx: RuleContext | None = None) -> list[Hit]:
    """``rule``'s hits on plain ``text`` (a body flow without geometry): how rule examples are run.

    A document-level rule sees a document whose only flow is that text.
    """
    ctx = ctx or RuleContext(options={o.name: o.default for o in rule.options})
    flow = Flow.from_text(text)
    if rule.scope is Scope.DOCUMENT:
        doc = Document(path="<text>", sha256="", page_count=1, flows={flow.region: flow})
        return list(rule.check(doc, ctx))  # type: ignore[arg-type]
    return list(rule.check(flow, ctx))  # type: ignore[arg-type]
