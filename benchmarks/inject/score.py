"""Score errata on the injected corpus: recall and precision per rule, producer and break; prose coverage.

errata is run through its command line, exactly as a user runs it. A finding matches a planted erratum when
it has the erratum's rule and its boxes overlap the erratum's printed boxes (one point of slack); pairs are
taken by the largest overlap first. An erratum that could not be located in print is matched on its text. Each finding
matches at most one erratum. Findings of a core rule that match nothing are false alarms: they include alarms
on the unplanted source text, which is real prose as well. The "refs" documents, planted for the
document-level rules only (:data:`~benchmarks.inject.plant.DOCUMENT`), are scored for those rules only, so
that the other rules' figures are those of the documents planted for them; the document-level rules' false
alarms are counted over every document.

Prose coverage is the share of the source's prose tokens (paragraphs, list items, margin notes, footnotes)
that reach one of errata's prose flows, read through the library (:func:`prose_flows`); "in any flow" also
counts those that errata kept in a flow of another role (table, code, math, index).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.inject.locate import norm
from benchmarks.inject.plant import CORE, DOCUMENT

# The rule that finds each planted kind, where its name differs from the kind's (the kinds were named before
# the rules existed). A finding matches an erratum when its rule is the kind's rule.
RULE_OF = {
    "a-an": "article",
    "doubled-phrase": "repeated-phrase",
    "doubled-punctuation": "punctuation",
}


def rule_of(kind: str) -> str:
    return RULE_OF.get(kind, kind)


# Errata that the real sources already carry, read by hand in the alarms: a finding on one of them is right,
# so it counts neither as found nor as a false alarm. (match, a piece of its context)
SOURCE_ERRATA = (("can can", "It can can be suffixed"),)  # tar(1), --record-size


def in_source(finding: dict) -> bool:
    return any(
        finding.get("match") == m and ctx in finding.get("context", "").replace("\n", " ")
        for m, ctx in SOURCE_ERRATA
    )


PROSE = ("body", "margin", "footnote", "caption")


def prose_flows(pdf: str) -> dict[str, str]:
    """Region name -> flow text of every flow errata builds. The only place that knows errata's module layout.

    The prose regions are :data:`PROSE`; errata may keep other flows (tables, code, math, index entries).
    The text is what rules read: masked glyphs (footnote marks, superscripts, code and math inside prose) are
    spaces, so a footnote's number glued to its first word ("7Display") does not hide the word.
    """
    from errata.extract import extract
    from errata.model.document import MASK

    doc = extract(pdf)
    return {str(region.value): flow.masked.replace(MASK, " ") for region, flow in doc.flows.items()}


def scan(pdf: Path, errata: list[str], jobs: int, select: tuple[str, ...] = ()) -> dict:
    """errata's JSON report on ``pdf``: its default rules, or the rules of ``select`` (ids or categories)."""
    cmd = [*errata, "scan", str(pdf), "--format", "json", "-o", "-", "--no-cache", "--fail-on", "never"]
    cmd += ["--no-config", "-j", str(jobs)]
    for rule in select:
        cmd += ["--select", rule]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=pdf.parent, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise RuntimeError(f"errata scan {pdf.name} exited {proc.returncode}: {proc.stderr.strip()[-400:]}")
    return json.loads(proc.stdout)


def _overlap(a: list[float], b: list[float], slack: float = 1.0) -> float:
    """Area shared by two boxes [x0, top, x1, bottom], each grown by ``slack`` points (0 when apart)."""
    w = min(a[2], b[2]) - max(a[0], b[0]) + 2 * slack
    h = min(a[3], b[3]) - max(a[1], b[1]) + 2 * slack
    return w * h if w > 0 and h > 0 else 0.0


def _text_hit(finding: dict, truth: dict) -> bool:
    f = {norm(w) for w in finding.get("match", "").split()} - {""}
    t = {norm(w) for w in truth["text"].split()} - {""}
    return bool(f & t)


def _score(t: dict, f: dict) -> float:
    if f["rule"] != rule_of(t["kind"]):
        return 0.0
    if not t["located"]:
        return 0.001 if _text_hit(f, t) else 0.0
    return sum(
        _overlap(loc["bbox"], b[1:]) for loc in f["locations"] for b in t["boxes"] if loc["page"] == b[0]
    )


def match(truth: list[dict], findings: list[dict]) -> tuple[dict[int, dict], list[dict]]:
    """Planted id -> the finding that found it, and the findings that matched nothing.

    Pairs are taken greedily by how much of the erratum's print the finding covers, so that a finding next
    to an erratum (a real repeat on the line above) does not take the erratum's place.
    """
    pairs = []
    for i, t in enumerate(truth):
        for k, f in enumerate(findings):
            s = _score(t, f)
            if s > 0:
                pairs.append((-s, i, k))
    pairs.sort()
    found: dict[int, dict] = {}
    used: set[int] = set()
    for _s, i, k in pairs:
        tid = truth[i]["id"]
        if tid in found or k in used:
            continue
        found[tid] = findings[k]
        used.add(k)
    return found, [f for k, f in enumerate(findings) if k not in used]


def coverage(prose: list[dict], flows: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Region -> (covered tokens, tokens) of the source's prose units, by trigrams found in any flow."""
    grams: set[tuple[str, ...]] = set()
    for text in flows.values():
        toks = [n for n in (norm(w) for w in text.split()) if n]
        grams.update(tuple(toks[i : i + 3]) for i in range(len(toks) - 2))
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for unit in prose:
        toks = [n for n in (norm(w) for w in unit["text"].split()) if n]
        hit = [False] * len(toks)
        for i in range(len(toks) - 2):
            if tuple(toks[i : i + 3]) in grams:
                hit[i] = hit[i + 1] = hit[i + 2] = True
        out[unit["region"]][0] += sum(hit)
        out[unit["region"]][1] += len(toks)
    return {k: (v[0], v[1]) for k, v in out.items()}


@dataclass
class Tally:
    planted: int = 0
    found: int = 0
    false_alarms: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.planted if self.planted else None

    @property
    def precision(self) -> float | None:
        n = self.found + self.false_alarms
        return self.found / n if n else None


@dataclass
class Results:
    by_rule: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_producer: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_break: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_detail: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_doc: dict[str, dict] = field(default_factory=dict)
    coverage: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    kept: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # in any flow
    coverage_region: dict[tuple[str, str], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rules: list[str] = field(default_factory=list)  # the rules errata ran
    source_errata: list[str] = field(default_factory=list)  # findings on errata the sources already had


def score_doc(
    res: Results,
    pdf: Path,
    errata: list[str],
    jobs: int,
    with_coverage: bool,
    select: tuple[str, ...] = (),
) -> None:
    meta = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    report = scan(pdf, errata, jobs, select)
    producer = meta["producer"]
    res.rules = report["scan"]["rules"]
    # The documents for the document-level rules (benchmarks/inject/refs.py) are scored for those rules only:
    # the other rules' figures, pages and prose coverage stay those of the documents planted for them.
    refs = meta.get("variant") == "refs"
    if refs:
        report["findings"] = [f for f in report["findings"] if f["rule"] in DOCUMENT]
        with_coverage = False
    else:
        res.pages[producer] += report["source"]["pages"]
    truth = meta["errata"]
    found, unmatched = match(truth, report["findings"])
    for t in truth:
        hit = t["id"] in found
        rule = rule_of(t["kind"])
        for tally in (
            res.by_rule[rule],
            res.by_producer[(producer, rule)],
            res.by_break[(t["break"], rule)],
            res.by_detail[(rule, t["detail"])],
        ):
            tally.planted += 1
            tally.found += hit
        if not hit and rule in res.rules:
            where = f"p{t['pages'][0]}" if t["pages"] else "p?"
            res.misses.append(
                f"{meta['doc']} {where} [{t['break']}] {t['kind']} ({t['detail']}): {t['text']!r}"
            )
    for f in unmatched:
        if in_source(f):
            res.source_errata.append(f"{meta['doc']} p{f['page']} {f['rule']} {f['match']!r}")
            continue
        res.by_rule[f["rule"]].false_alarms += 1
        res.by_producer[(producer, f["rule"])].false_alarms += 1
        ctx = f.get("context", "")
        a, b = f.get("context_span", [0, 0])
        res.alarms.append(
            f"{meta['doc']} p{f['page']} {f['rule']} {f['match']!r}: {ctx[max(0, a - 60) : b + 40]!r}"
        )
    doc = {
        "producer": producer,
        "pages": report["source"]["pages"],
        "planted": len(truth) if refs else sum(1 for t in truth if t["kind"] in CORE),
        "found": len(found),
    }
    doc["false_alarms"] = sum(1 for f in unmatched if not in_source(f))
    doc["printed_share"] = meta.get("printed_share")
    if with_coverage:
        flows = prose_flows(str(pdf))
        cov = coverage(meta["prose"], {k: v for k, v in flows.items() if k in PROSE})
        for hit, total in coverage(meta["prose"], flows).values():
            res.kept[producer][0] += hit
            res.kept[producer][1] += total
        for region, (hit, total) in cov.items():
            res.coverage[producer][0] += hit
            res.coverage[producer][1] += total
            res.coverage_region[(producer, region)][0] += hit
            res.coverage_region[(producer, region)][1] += total
        hit = sum(v[0] for v in cov.values())
        total = sum(v[1] for v in cov.values())
        doc["coverage"] = round(hit / total, 4) if total else None
    res.by_doc[meta["doc"]] = doc


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _pct(hit: int, total: int) -> str:
    return f"{100 * hit / total:.1f} %" if total else "–"


def report(res: Results, rules: list[str]) -> str:
    """The figures as Markdown tables."""
    out = [
        "### Per rule",
        "",
        "| rule | planted | found | false alarms | recall | precision |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    kinds = [*CORE, *sorted(k for k in res.by_rule if k not in CORE)]
    for k in kinds:
        t = res.by_rule[k]
        note = "" if k in rules else " (not run)"
        out.append(
            f"| {k}{note} | {t.planted} | {t.found} | {t.false_alarms} | {_f(t.recall)} | {_f(t.precision)} |"
        )
    producers = sorted({p for p, _ in res.by_producer})
    head = (
        "| producer | pages | prose coverage | in any flow | " + " | ".join(f"{k} R / P" for k in CORE) + " |"
    )
    out += [
        "",
        "### Per producer (core rules: recall / precision)",
        "",
        head,
        "|---|---:|---:|---:|" + "---:|" * len(CORE),
    ]
    for p in producers:
        cells = []
        for k in CORE:
            t = res.by_producer[(p, k)]
            cells.append(f"{_f(t.recall)} / {_f(t.precision)} ({t.found}/{t.planted}, {t.false_alarms} fa)")
        cov = res.coverage.get(p)
        kept = res.kept.get(p)
        covs = f"{_pct(*cov) if cov else '–'} | {_pct(*kept) if kept else '–'}"
        out.append(f"| {p} | {res.pages[p]} | {covs} | " + " | ".join(cells) + " |")
    out += [
        "",
        "### Per document",
        "",
        "| document | pages | planted (core rules; -refs-: document-level rules) | found | false alarms "
        "| prose coverage |",
    ]
    out.append("|---|---:|---:|---:|---:|---:|")
    for name, d in sorted(res.by_doc.items()):
        cov = "–" if d.get("coverage") is None else f"{100 * d['coverage']:.1f} %"
        out.append(f"| {name} | {d['pages']} | {d['planted']} | {d['found']} | {d['false_alarms']} | {cov} |")
    out += ["", "### Per kind of break (recall, found/planted)", "", "| break | " + " | ".join(CORE) + " |"]
    out.append("|---|" + "---:|" * len(CORE))
    for brk in ("none", "line", "column", "page", "unknown"):
        if not any((brk, k) in res.by_break for k in CORE):
            continue
        cells = []
        for k in CORE:
            t = res.by_break.get((brk, k), Tally())
            cells.append(f"{_f(t.recall)} ({t.found}/{t.planted})" if t.planted else "–")
        out.append(f"| {brk} | " + " | ".join(cells) + " |")
    out += [
        "",
        "### Core rules by how the erratum was planted",
        "",
        "| rule | planted as | recall | found/planted |",
    ]
    out.append("|---|---|---:|---:|")
    for (k, d), t in sorted(res.by_detail.items()):
        if k in CORE:
            out.append(f"| {k} | {d} | {_f(t.recall)} | {t.found}/{t.planted} |")
    others = sorted((k, d) for k, d in res.by_detail if k not in CORE and k in rules)
    if others:
        out += [
            "",
            "### Other rules run, by how the erratum was planted",
            "",
            "| rule | planted as | recall | found/planted |",
            "|---|---|---:|---:|",
        ]
        for k, d in others:
            t = res.by_detail[(k, d)]
            out.append(f"| {k} | {d} | {_f(t.recall)} | {t.found}/{t.planted} |")
    if res.source_errata:
        out += ["", "Findings on errata that the real sources already carry (counted neither way):", ""]
        out += [f"- {x}" for x in res.source_errata]
    out += [
        "",
        "### Prose coverage by region",
        "",
        "| producer | region | coverage | tokens |",
        "|---|---|---:|---:|",
    ]
    for (p, region), (hit, total) in sorted(res.coverage_region.items()):
        out.append(f"| {p} | {region} | {_pct(hit, total)} | {total} |")
    return "\n".join(out) + "\n"


def errata_command() -> list[str]:
    return [sys.executable, "-m", "errata"]
