"""What a project has accepted in its configuration: allowed phrases, suppress entries, the single-chapter
downgrade.

A PDF cannot carry ``# noqa`` comments, so everything that quiets a finding lives beside the PDF: in the
config (:mod:`errata.project.config`) or in a baseline file (:mod:`errata.project.baseline`). Which rules'
findings a single chapter downgrades is the rules' own declaration (``Rule.single_chapter``); this layer names
no rule.
"""

from __future__ import annotations

from dataclasses import replace

from errata.model.document import Problem
from errata.model.findings import Finding, Report, Severity
from errata.project.config import Config, IgnoreEntry
from errata.util.text import normalise


def apply_config(report: Report, config: Config) -> Report:
    """The report with allowed phrases and suppressed findings dropped and the single-chapter downgrade applied.

    Suppress entries that matched nothing come back as ``unused-suppression`` problems, so the list shrinks
    as errata are fixed.
    """
    allowed = {normalise(p) for p in config.phrases()}
    used: set[int] = set()
    single = config.is_single_chapter(report.path)
    downgrade = Severity(config.single_chapter_severity)
    downgraded = {r.id for r in report.rules if r.single_chapter == "downgrade"}
    kept: list[Finding] = []
    for f in report.findings:
        if normalise(f.match) in allowed:
            continue
        hit = next((i for i, e in enumerate(config.ignores) if _suppresses(e, f)), None)
        if hit is not None:
            used.add(hit)
            continue
        if single and f.rule in downgraded and f.severity.rank > downgrade.rank:
            f = replace(f, severity=downgrade)
        kept.append(f)
    problems = list(report.problems)
    for i, entry in enumerate(config.ignores):
        if i not in used:
            problems.append(
                Problem("unused-suppression", f"suppress entry ({entry.label()}) matched nothing")
            )
    return replace(report, findings=kept, problems=problems)


def _suppresses(entry: IgnoreEntry, f: Finding) -> bool:
    if entry.rule is not None and entry.rule != f.rule:
        return False
    if entry.fingerprint is not None and entry.fingerprint != f.fingerprint:
        return False
    return entry.text is None or normalise(entry.text) == normalise(f.match)
