"""Scan speed and memory against bare extraction, measured in one run on the same file.

    python benchmarks/bench_scan.py [PDF ...] [--repeat 1]

Without a PDF it uses Debian's R manuals (r-doc-pdf): R-exts.pdf, and all of them joined with qpdf when qpdf
is installed (3,000+ pages). For each PDF it prints wall time, pages/s and the peak RSS of the largest process
for: bare single-process pdfplumber ``extract_text()`` over all pages (the baseline), ``pdftotext`` (poppler, the
C reference), ``errata scan --jobs 1`` and ``--jobs 2`` (all rules, markdown report, no cache) with each backend, and
then the ratios against the baseline with the targets. ``errata --help`` start-up time is measured too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

R_MANUALS = Path("/usr/share/R/doc/manual")
BARE = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_text()
        page.close()
"""


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of the largest process the command ran, in a fresh child."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "dt = time.perf_counter() - t\n"
        "print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True
    ).stdout
    seconds, rss = out.split()
    return float(seconds), float(rss)


def page_count(pdf: str) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def default_pdfs(workdir: Path) -> list[str]:
    pdfs = [str(R_MANUALS / "R-exts.pdf")]
    if shutil.which("qpdf") and R_MANUALS.is_dir():
        joined = workdir / "r-manuals.pdf"
        parts = [str(p) for p in sorted(R_MANUALS.glob("*.pdf")) if p.name != "refman.pdf"]
        subprocess.run(["qpdf", "--empty", "--pages", *parts, "--", str(joined)], check=True)
        pdfs.append(str(joined))
    return pdfs


def bench(pdf: str, repeat: int, workdir: Path) -> None:
    pages = page_count(pdf)
    errata = [sys.executable, "-m", "errata", "scan", pdf, "--no-cache", "--fail-on", "never"]
    report = str(workdir / "report.md")
    cases = {
        "pdfplumber extract_text (baseline)": [sys.executable, "-c", BARE, pdf],
        "errata scan --jobs 1": [*errata, "--jobs", "1", "-o", report],
        "errata scan --jobs 2": [*errata, "--jobs", "2", "-o", report],
        "errata scan --backend pdfium --jobs 1": [
            *errata,
            "--backend",
            "pdfium",
            "--jobs",
            "1",
            "-o",
            report,
        ],
        "errata scan --backend pdfium --jobs 2": [
            *errata,
            "--backend",
            "pdfium",
            "--jobs",
            "2",
            "-o",
            report,
        ],
    }
    if shutil.which("pdftotext"):
        cases["pdftotext (poppler)"] = ["pdftotext", pdf, str(workdir / "out.txt")]
    results: dict[str, tuple[float, float]] = {}
    for name, cmd in cases.items():
        best = min((run(cmd) for _ in range(repeat)), key=lambda r: r[0])
        results[name] = best
    base = results["pdfplumber extract_text (baseline)"][0]
    print(f"\n{pdf}: {pages} pages")
    print(f"{'':40} {'seconds':>8} {'pages/s':>8} {'peak RSS MiB':>13} {'x baseline':>10}")
    for name, (seconds, rss) in results.items():
        print(f"{name:40} {seconds:8.1f} {pages / seconds:8.1f} {rss:13.0f} {seconds / base:10.2f}")
    one = results["errata scan --jobs 1"][0] / base
    two = results["errata scan --jobs 2"][0] / base
    print(f"targets: jobs 1 <= 1.30x baseline: {one:.2f}x {'ok' if one <= 1.3 else 'MISSED'}")
    print(f"         jobs 2 <= 0.75x baseline: {two:.2f}x {'ok' if two <= 0.75 else 'MISSED'}")
    peak = max(rss for name, (_, rss) in results.items() if name.startswith("errata"))
    print(f"         peak RSS per process < 400 MiB: {peak:.0f} MiB {'ok' if peak < 400 else 'MISSED'}")
    fast = results["errata scan --backend pdfium --jobs 1"][0]
    print(f"         pdfium >= 4x pdfplumber (jobs 1): {results['errata scan --jobs 1'][0] / fast:.1f}x")
    per_1000 = results["errata scan --backend pdfium --jobs 2"][0] * 1000 / pages
    print(
        f"         pdfium, 2 jobs, 1000 pages < 10 s: {per_1000:.1f} s {'ok' if per_1000 < 10 else 'MISSED'}"
    )


def bench_help(repeat: int) -> None:
    times = [run([sys.executable, "-m", "errata", "--help"])[0] for _ in range(max(repeat, 3))]
    bare = [run([sys.executable, "-c", "pass"])[0] for _ in range(max(repeat, 3))]
    print(
        f"\nerrata --help: {min(times):.3f} s (bare python start {min(bare):.3f} s); target < 0.3 s: "
        f"{'ok' if min(times) < 0.3 else 'MISSED'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pdfs", nargs="*")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; the fastest counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        pdfs = args.pdfs or default_pdfs(workdir)
        print(f"cpus: {os.cpu_count()}, python {sys.version.split()[0]}")
        bench_help(args.repeat)
        for pdf in pdfs:
            bench(pdf, args.repeat, workdir)


if __name__ == "__main__":
    main()
