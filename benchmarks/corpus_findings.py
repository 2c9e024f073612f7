"""Scan a set of real PDFs and print every finding with its context, for reading false alarms by hand.

    python benchmarks/corpus_findings.py /usr/share/R/doc/manual/R-intro.pdf other.pdf ... > findings.txt

Prints, per document, pages, seconds, findings per rule, then each finding (page, line, rule, match, context).
The last line gives findings per 100 pages over the whole set. For the measured corpus of real pages (12,000
pages from Debian packages, every finding classified) see benchmarks/corpus/corpus.py and docs/accuracy.md.
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from errata.pipeline import scan


def main(paths: list[str]) -> None:
    total_pages = 0
    total_findings = 0
    for path in paths:
        t0 = time.perf_counter()
        report = scan(path)
        dt = time.perf_counter() - t0
        total_pages += len(report.pages_scanned)
        total_findings += len(report.findings)
        by_rule = Counter(f.rule for f in report.findings)
        print(f"## {path}: {len(report.pages_scanned)} pages, {dt:.1f} s, {dict(by_rule)}")
        for p in report.problems:
            print(f"   problem: {p.kind}: {p.message}")
        for f in report.findings:
            a, b = f.context_span
            ctx = f.context[max(0, a - 90) : a] + "[[" + f.context[a:b] + "]]" + f.context[b : b + 60]
            print(f"p{f.page} l{f.line} {f.rule} {f.match!r}: {ctx}")
        sys.stdout.flush()
    print(
        f"TOTAL {total_pages} pages, {total_findings} findings, {100 * total_findings / max(total_pages, 1):.2f} per 100 pages"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
