"""Whether the flow rules find the same in a flow read in windows as in the whole flow.

Each PDF is read once; its pages are assembled twice, once with every flow in one window and once cut into
small windows (``--window`` characters, each read with ``--context`` characters around it), and every rule,
the preview ones included, runs on both. Any finding of one that the other lacks is printed; the exit status
is 1 when there is one.

    python benchmarks/same_windows.py tests/fixtures/tex/*.pdf
    python benchmarks/same_windows.py --backend pdfium --pages 1-40 /usr/share/doc/*/*.pdf
"""

from __future__ import annotations

import argparse
import copy
import sys
from dataclasses import asdict

import errata.model.windows as windows
from errata.extract import plan_pages, read_layouts
from errata.extract.assemble import assemble
from errata.lint.engine import run_rules
from errata.model.document import Document
from errata.model.windows import texts
from errata.pipeline import ScanOptions, plan


def document(layouts: list, path: str, sha: str, count: int, window: int) -> Document:
    # assembly numbers a page's lines and drops its furniture in place: each assembly gets its own copy
    return assemble(copy.deepcopy(layouts), path=path, sha256=sha, page_count=count, window=window)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="+")
    parser.add_argument("--backend", default="pdfplumber")
    parser.add_argument("--pages", default=None)
    parser.add_argument("--window", type=int, default=3_000)
    parser.add_argument("--context", type=int, default=1_000)
    args = parser.parse_args()
    rules = plan(ScanOptions(preview=True)).rules
    differ = windows_cut = 0
    for path in args.pdfs:
        try:
            sha, count, wanted = plan_pages(path, args.pages, backend=args.backend)
            layouts = read_layouts(path, wanted, sha256=sha, backend=args.backend)
        except Exception as exc:  # a corpus PDF errata cannot open is not this check's business
            print(f"{path}: not read ({exc})", file=sys.stderr)
            continue
        whole = document(layouts, path, sha, count, 10**12)
        saved = windows.CONTEXT
        windows.CONTEXT = args.context
        try:
            cut = document(layouts, path, sha, count, args.window)
            parts = sum(len(list(texts(cut.flows, r))) for r in cut.flows)
            a = [asdict(f) for f in run_rules(whole, rules)[0]]
            b = [asdict(f) for f in run_rules(cut, rules)[0]]
        finally:
            windows.CONTEXT = saved
        windows_cut += parts
        same = a == b
        differ += not same
        print(f"{'same' if same else 'DIFFER'}\t{len(a)}\t{parts} windows\t{path}")
        if not same:
            for f in a:
                if f not in b:
                    print(f"  only whole: {f['rule']} p{f['locations'][0]['page']} {f['match']!r}")
            for f in b:
                if f not in a:
                    print(f"  only windows: {f['rule']} p{f['locations'][0]['page']} {f['match']!r}")
    print(f"{len(args.pdfs)} PDFs, {windows_cut} windows, {differ} with different findings")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
