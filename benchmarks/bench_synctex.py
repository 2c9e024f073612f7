"""What source mapping costs: a scan with and without SyncTeX in the same run, and the ``synctex`` program.

    python benchmarks/bench_synctex.py [--copies 50] [--jobs 2] [--repeat 2] [--edit-lookups 200] [--keep DIR]

Builds a long book from the fixture in tests/fixtures/book (its two chapters ``\\input`` ``--copies`` times
each; 50 copies make about 300 pages) with ``pdflatex -synctex=1`` in a temporary folder, then measures on it:

* ``errata.scan`` with ``no_synctex=True`` (the baseline) and with the SyncTeX file and log beside the PDF
  (extraction cache off, both with ``--jobs``), alternated ``--repeat`` times, best of each, and their ratio;
* the source step alone (:func:`errata.sources.attach_sources` on the baseline's report), best of 3;
* ``synctex edit -o page:x:y:pdf`` (TeX Live's program, one process per lookup) on the first
  ``--edit-lookups`` locations, its time per lookup and how often it names the same file and line as the parser
  (where they differ it is mostly ``synctex edit`` that is wrong: it answers with the record nearest the point,
  which for the first word of a source line is the space that ended the previous line).

Needs TeX Live (pdflatex, synctex). Prints the numbers and the ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from errata.pipeline import ScanOptions, scan  # noqa: E402
from errata.sources import attach_sources  # noqa: E402

BOOK = ROOT / "tests" / "fixtures" / "book"
_NUMBERED = re.compile(r"\\(chapter|section)\{")


def build(folder: Path, copies: int) -> Path:
    """A ``copies``-fold book: main.tex with each chapter ``\\input`` again and again, built twice."""
    (folder / "chapters").mkdir(parents=True)
    for tex in (BOOK / "chapters").glob("*.tex"):
        shutil.copy(tex, folder / "chapters" / tex.name)
    main = (BOOK / "main.tex").read_text()
    body = "\n".join(f"\\input{{chapters/ch{1 + i % 2}}}" for i in range(2 * copies))
    main = re.sub(r"\\include\{chapters/ch1\}\n\\include\{chapters/ch2\}", lambda _: body, main)
    (folder / "main.tex").write_text(main)
    for _ in range(2):
        subprocess.run(
            ["pdflatex", "-synctex=1", "-interaction=nonstopmode", "main.tex"],
            cwd=folder,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    pdf = folder / "main.pdf"
    if not pdf.exists():
        raise SystemExit(f"pdflatex failed in {folder}")
    return pdf


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t, out


def edit_lookups(pdf: Path, report, limit: int) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    """Seconds per ``synctex edit`` lookup, lookups done and how many agree with the parser's file:line."""
    spots = [(loc, loc.source) for f in report.findings for loc in f.locations if loc.source is not None][
        :limit
    ]
    agree = 0
    t = time.perf_counter()
    for loc, source in spots:
        x0, top, _, bottom = loc.bbox
        y = top + 0.75 * (bottom - top)
        out = subprocess.run(
            ["synctex", "edit", "-o", f"{loc.page}:{x0 + 1:.2f}:{y:.2f}:{pdf}"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        files = re.findall(r"^Input:(.*)$", out, re.M)
        lines = re.findall(r"^Line:(-?\d+)$", out, re.M)
        if files and lines and int(lines[0]) == source.line and files[0].endswith(source.file):
            agree += 1
    dt = time.perf_counter() - t
    return (dt / len(spots) if spots else 0.0), len(spots), agree


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--edit-lookups", type=int, default=200)
    parser.add_argument("--keep", help="build the book in this folder and keep it")
    args = parser.parse_args()
    if not shutil.which("pdflatex"):
        raise SystemExit("needs pdflatex (TeX Live)")
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="errata-synctex-bench-"))
    try:
        if args.keep and (folder / "main.pdf").exists():
            pdf = folder / "main.pdf"
        else:
            pdf = build(folder, args.copies)
        base = ScanOptions(jobs=args.jobs, use_cache=False)
        plains, mappeds = [], []
        for _ in range(max(args.repeat, 1)):
            plains.append(timed(scan, str(pdf), replace(base, no_synctex=True)))
            mappeds.append(timed(scan, str(pdf), base))
        t_plain, plain = min(plains, key=lambda r: r[0])
        t_sources, mapped = min(mappeds, key=lambda r: r[0])
        located = sum(len(f.locations) for f in mapped.findings)
        placed = sum(loc.source is not None for f in mapped.findings for loc in f.locations)
        step = min(timed(attach_sources, plain, str(pdf))[0] for _ in range(3))
        size = os.path.getsize(folder / "main.synctex.gz")
        print(f"book: {plain.page_count} pages, {len(plain.findings)} findings, {located} located pieces")
        print(f"SyncTeX file: {size / 1e6:.2f} MB gzip; {placed}/{located} pieces got a source line")
        print(f"scan without SyncTeX: {t_plain:8.2f} s")
        print(f"scan with SyncTeX:    {t_sources:8.2f} s   ratio {t_sources / t_plain:.3f} (target < 1.10)")
        print(f"source step alone:    {step:8.3f} s   {100 * step / t_plain:.2f} % of the scan")
        if shutil.which("synctex") and args.edit_lookups:
            per, n, agree = edit_lookups(pdf, mapped, args.edit_lookups)
            parser_per = step / max(located, 1)
            print(
                f"synctex edit: {1000 * per:.1f} ms per lookup over {n} lookups ({agree} agree with the parser);"
                f" the parser: {1000 * parser_per:.3f} ms per piece, {per / max(parser_per, 1e-9):.0f}x faster"
            )
            print(
                f"  -> for 5,000 pieces: synctex edit {5000 * per:.0f} s, the parser {5000 * parser_per:.2f} s"
            )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
