"""Run rules over a document's flows and turn their hits into located, ordered findings."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from errata.lint.rule import Hit, NlpUnavailableError, Rule, RuleContext, Scope, Severity
from errata.model.document import Document, Flow, Problem, Region
from errata.model.findings import Finding, fingerprint
from errata.model.windows import texts, windows
from errata.util.text import normalise


def run_rules(
    doc: Document,
    rules: Iterable[Rule],
    *,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    severities: Mapping[str, Severity] | None = None,
    tagger: Callable[[], Any] | None = None,
) -> tuple[list[Finding], list[Problem]]:
    """All findings of ``rules`` on ``doc``, in a deterministic order, plus rules that could not run.

    A flow rule reads each flow a window at a time (see :mod:`errata.model.windows`), every rule on a window
    before the next is read; a document rule reads the whole of the flows it asks for.
    """
    rules = list(rules)
    options = options or {}
    severities = severities or {}
    found: list[tuple[tuple[int, str, int, int], Finding]] = []  # with the order the rules made them in
    failed: dict[int, Problem] = {}

    def context(rule: Rule, region: Region | None = None) -> RuleContext:
        declared = {o.name: o.default for o in rule.options}
        whole = None if region is None else (lambda: texts(doc.flows, region))
        return RuleContext(options={**declared, **options.get(rule.id, {})}, tagger=tagger, windows=whole)

    for i, rule in enumerate(rules):
        if rule.scope is not Scope.DOCUMENT:
            continue
        severity = severities.get(rule.id, rule.severity)
        # The rule sees the flows of the regions it reads, nothing else.
        readable = replace(doc, flows={r: doc.flows[r] for r in doc.flows if r in rule.regions})
        try:
            for n, hit in enumerate(rule.check(readable, context(rule))):  # type: ignore[arg-type]
                flow = readable.flows.get(hit.region) if hit.region is not None else None
                if flow is None:
                    raise ValueError(f"rule {rule.id}: a document-level hit names no flow it reads")
                found.append(((i, "", 0, n), locate(rule, severity, flow, hit)))
        except NlpUnavailableError as exc:
            failed[i] = Problem("rule-unavailable", f"{rule.id} skipped: {exc}")
        del readable
    for region in sorted(doc.flows):
        readers = [
            (i, r, severities.get(r.id, r.severity))
            for i, r in enumerate(rules)
            if r.scope is not Scope.DOCUMENT and region in r.regions
        ]
        if not readers:
            continue
        contexts = {i: context(rule, region) for i, rule, _ in readers}
        for w, window in enumerate(windows(doc.flows, region)):
            lo, hi = window.own
            for i, rule, severity in readers:
                if i in failed:
                    continue
                try:
                    for n, hit in enumerate(rule.check(window.flow, contexts[i])):  # type: ignore[arg-type]
                        if lo <= hit.start < hi:  # a hit in the context is its own window's
                            found.append(((i, region.value, w, n), locate(rule, severity, window.flow, hit)))
                except NlpUnavailableError as exc:
                    failed[i] = Problem("rule-unavailable", f"{rule.id} skipped: {exc}")
    found.sort(key=lambda item: (item[1].sort_key(), item[0]))
    problems = [failed[i] for i in sorted(failed)]
    return with_fingerprints([f for _, f in found]), problems


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
