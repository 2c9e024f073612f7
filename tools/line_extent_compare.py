"""Compare the layout's line extent (``Location.extent``) with the one page crops recompute from PDFium.

For every piece of every finding of the given PDFs, prints the two extents and their difference, then a
summary: how many pieces each method could place, and the spread of the differences at x0 and x1.

    .venv/bin/python tools/line_extent_compare.py examples/chapter10.pdf [more.pdf ...] [--quiet]
"""

from __future__ import annotations

import statistics
import sys

import pypdfium2 as pdfium

from errata.scan import scan
from errata.visual import _line_extent, _line_rects


def compare(path: str, quiet: bool) -> list[tuple[float, float]]:
    report = scan(path)
    pdf = pdfium.PdfDocument(path)
    diffs: list[tuple[float, float]] = []
    only_layout = only_pdfium = neither = 0
    try:
        rects_of: dict[int, list[tuple[float, float, float, float]]] = {}
        for f in report.findings:
            for loc in f.locations:
                if loc.page not in rects_of:
                    page = pdf[loc.page - 1]
                    rects_of[loc.page] = _line_rects(page)
                    page.close()
                recomputed = _line_extent(loc.bbox, rects_of[loc.page])
                layout = loc.extent
                if layout is not None and recomputed is not None:
                    d = (round(layout[0] - recomputed[0], 2), round(layout[1] - recomputed[1], 2))
                    diffs.append(d)
                elif layout is not None:
                    only_layout += 1
                elif recomputed is not None:
                    only_pdfium += 1
                else:
                    neither += 1
                if not quiet:
                    shown = "-" if recomputed is None else f"({recomputed[0]:.2f}, {recomputed[1]:.2f})"
                    print(
                        f"{path} p{loc.page} l{loc.line:<3} {f.rule:<24} {f.match[:20]!r:<24} "
                        f"layout={layout} pdfium={shown}"
                    )
    finally:
        pdf.close()
    print(
        f"{path}: {len(diffs)} pieces with both extents, {only_layout} only from the layout, "
        f"{only_pdfium} only from PDFium, {neither} from neither"
    )
    return diffs


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    paths = [a for a in argv if a != "--quiet"]
    diffs: list[tuple[float, float]] = []
    for path in paths:
        diffs.extend(compare(path, quiet))
    if diffs:
        for name, k in (("x0", 0), ("x1", 1)):
            signed = [d[k] for d in diffs]
            values = [abs(v) for v in signed]
            within = sum(v <= 1.0 for v in values)
            print(
                f"layout - pdfium at {name}: median {statistics.median(signed):+.2f} pt; absolute: median "
                f"{statistics.median(values):.2f} pt, max {max(values):.2f} pt, {within}/{len(values)} within 1 pt"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
