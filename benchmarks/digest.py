"""Digests of what a scan computes, stage by stage, to show that a speed-up changed nothing.

For each PDF, in this process: every page's layout (``read_page``: glyphs, words, lines, regions, roles), the
document assembled from them (flows: text, mask and fonts; printed lines) and the findings of every rule, the
preview ones included. One line per PDF, tab-separated: path, pages, then a SHA-256 (12 hex digits) of each
stage's repr. Run it on the code before a change and after it, and compare the two outputs:

    python benchmarks/digest.py --backend pdfium PDF... > after.tsv
    PYTHONPATH=OLD_CHECKOUT python benchmarks/digest.py --backend pdfium PDF... > before.tsv
    diff before.tsv after.tsv && echo same

``--first N`` reads only each PDF's first N pages; a PDF that cannot be opened is said on stderr.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import asdict

from errata.extract.assemble import assemble
from errata.extract.pages import open_document
from errata.extract.workers import read_page
from errata.lint.engine import run_rules
from errata.pipeline import ScanOptions, plan


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def digests(path: str, backend: str, first: int | None, rules: list) -> list[str]:
    handle = open_document(backend, path, None)
    try:
        count = handle.page_count
        layouts = [read_page(handle, index) for index in range(1, min(count, first or count) + 1)]
    finally:
        handle.close()
    layout = _sha("\n".join(repr(p) for p in layouts))
    doc = assemble(layouts, path=path, sha256="-", page_count=count)
    flows = _sha(
        "\n".join(f"{r}\t{f.text}\t{f.masked}\t{f.fonts}" for r, f in sorted(doc.flows.items()))
        + "\n".join(repr(line) for line in doc.lines)
    )
    findings, problems = run_rules(doc, rules)
    found = _sha(repr([asdict(f) for f in findings]) + repr(problems))
    return [str(len(layouts)), layout, flows, found, str(len(findings))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="+")
    parser.add_argument("--backend", default="pdfplumber")
    parser.add_argument("--first", type=int, default=None)
    args = parser.parse_args()
    rules = plan(ScanOptions(preview=True)).rules
    print("path\tpages\tlayouts\tflows\tfindings\tcount")
    for path in args.pdfs:
        try:
            row = digests(path, args.backend, args.first, rules)
        except Exception as exc:  # a PDF errata cannot open is not this check's business
            print(f"{path}: not read ({type(exc).__name__}: {exc})", file=sys.stderr)
            continue
        print("\t".join([path, *row]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
