"""Scan speed and memory against bare extraction, measured in one run on the same files.

    python benchmarks/bench_scan.py [--manuals DIR] [--repeat 1]      # the table below, from R's manuals
    python benchmarks/bench_scan.py PDF ... [--repeat 1]               # every case on the given PDFs
    python benchmarks/bench_scan.py --memory-only                     # the 1k/2k/3k peak RSS rows only

The table (Debian's r-doc-pdf, under ``/usr/share/R/doc/manual`` or ``--manuals``; qpdf cuts and joins them):

* the first 300 pages of ``fullrefman.pdf`` (code-heavy): bare single-process pdfplumber ``extract_text()`` over
  the pages (the baseline), ``errata scan --jobs 1`` and ``--jobs 2`` (all rules, markdown report with crops,
  no cache), and ``--backend pdfium --jobs 1``; the ratios against the baseline and the pdfium speed-up; each
  backend's own cost (glyphs into words only), and from it the bound on the pdfium speed-up: the rest of a
  scan (layout, assembly, rules, report) is the same work for both backends, so no backend can make the
  speed-up larger than the pdfplumber scan's time over that shared time;
* the manuals joined (3,000+ pages) and cut to 1,000, 2,000 and 3,000 pages: ``errata scan --jobs 2
  --no-cache``, the peak RSS of the largest process (the scan or one of its workers), and its growth per
  1,000 pages.

With ``--repeat N`` every case runs once a round, in turn, for N rounds, and each case's fastest run counts:
a slow spell of the machine falls on all the cases of a round alike. Each case runs in a fresh child; the peak RSS is the largest ``ru_maxrss`` among its processes. The machine's
load average is printed beside each case: on a shared machine, compare only ratios from one run.
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
WORDS = """
import sys
from errata.extract.pages import open_document
doc = open_document(sys.argv[1], sys.argv[2], None)
for index in range(1, doc.page_count + 1):
    doc.words(index)
"""
TARGETS = {"jobs 1": 1.2, "jobs 2": 0.65, "pdfium": 6.0, "rss": 200.0}


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


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def page_count(pdf: str) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def errata_cmd(pdf: str, report: str, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "errata",
        "scan",
        pdf,
        "--no-cache",
        "--fail-on",
        "never",
        "-o",
        report,
        *extra,
    ]


def timed(name: str, cmd: list[str], repeat: int) -> tuple[float, float]:
    before = load()
    best = min((run(cmd) for _ in range(repeat)), key=lambda r: r[0])
    print(f"  {name:44} {best[0]:8.1f} s {best[1]:8.0f} MiB   load {before} -> {load()}", flush=True)
    return best


def rounds(cases: dict[str, list[str]], repeat: int) -> dict[str, tuple[float, float]]:
    """Each case's fastest of ``repeat`` runs, the cases taken in turn in every round: a slow spell of a
    shared machine then falls on every case alike, not on the ones that happened to run during it."""
    best: dict[str, tuple[float, float]] = {}
    for k in range(repeat):
        for name, cmd in cases.items():
            before = load()
            got = run(cmd)
            print(
                f"  {name:44} {got[0]:8.1f} s {got[1]:8.0f} MiB   load {before} -> {load()}"
                + (f"   (round {k + 1})" if repeat > 1 else ""),
                flush=True,
            )
            if name not in best or got[0] < best[name][0]:
                best[name] = got
    return best


def cut(src: Path, first: int, last: int, out: Path) -> str:
    subprocess.run(["qpdf", str(src), "--pages", ".", f"{first}-{last}", "--", str(out)], check=True)
    return str(out)


def table(manuals: Path, repeat: int, workdir: Path, *, memory: bool = True, speed: bool = True) -> None:
    if not shutil.which("qpdf"):
        sys.exit("the table needs qpdf (to cut and join the manuals)")
    report = str(workdir / "report.md")
    if speed:
        ref = cut(manuals / "fullrefman.pdf", 1, 300, workdir / "ref300.pdf")
        print(f"\nfirst 300 pages of {manuals / 'fullrefman.pdf'}")
        # What each backend itself costs (glyphs into words, nothing after): the rest of a scan is the same
        # work for both, and bounds the speed-up that a faster backend can give.
        got = rounds(
            {
                "pdfplumber extract_text() (baseline)": [sys.executable, "-c", BARE, ref],
                "errata scan --jobs 1": errata_cmd(ref, report, "--jobs", "1"),
                "errata scan --jobs 2": errata_cmd(ref, report, "--jobs", "2"),
                "errata scan --backend pdfium --jobs 1": errata_cmd(
                    ref, report, "--backend", "pdfium", "--jobs", "1"
                ),
                "pdfplumber backend, words only": [sys.executable, "-c", WORDS, "pdfplumber", ref],
                "pdfium backend, words only": [sys.executable, "-c", WORDS, "pdfium", ref],
            },
            repeat,
        )
        if repeat > 1:
            print("  fastest of each:")
            for name, (seconds, rss) in got.items():
                print(f"  {name:44} {seconds:8.1f} s {rss:8.0f} MiB")
        base = got["pdfplumber extract_text() (baseline)"][0]
        one = got["errata scan --jobs 1"][0]
        two = got["errata scan --jobs 2"][0]
        fast = got["errata scan --backend pdfium --jobs 1"][0]
        words = {b: got[f"{b} backend, words only"][0] for b in ("pdfplumber", "pdfium")}

    peaks: dict[int, float] = {}
    if memory:
        order = ["fullrefman.pdf", "R-exts.pdf", "R-intro.pdf", "R-admin.pdf", "R-lang.pdf", "R-ints.pdf"]
        order += ["R-data.pdf", "R-FAQ.pdf"]
        parts = [str(manuals / name) for name in order if (manuals / name).exists()]
        joined = workdir / "manuals.pdf"
        subprocess.run(["qpdf", "--empty", "--pages", *parts, "--", str(joined)], check=True)
        total = page_count(str(joined))
        sizes = [n for n in (1000, 2000, 3000) if n <= total]
        print(f"\nR manuals joined ({total} pages), cut to {', '.join(map(str, sizes))} pages")
        for n in sizes:
            pdf = cut(joined, 1, n, workdir / f"manuals-{n}.pdf")
            peaks[n] = timed(f"errata scan --jobs 2, {n} pages", errata_cmd(pdf, report, "--jobs", "2"), 1)[1]

    print("\n| | measured | target |\n|---|---|---|")
    if speed:
        print(f"| errata scan --jobs 1 / bare pdfplumber | {one / base:.2f} | <= {TARGETS['jobs 1']} |")
        print(f"| errata scan --jobs 2 / bare pdfplumber | {two / base:.2f} | <= {TARGETS['jobs 2']} |")
        print(f"| --backend pdfium speed-up (jobs 1) | {one / fast:.1f}x | >= {TARGETS['pdfium']}x |")
        print(
            f"| --backend pdfium --jobs 1 / bare pdfplumber | {fast / base:.2f} | <= {TARGETS['jobs 1'] / TARGETS['pdfium']:.2f} |"
        )
        shared = fast - words["pdfium"]
        print(
            f"| the speed-up's bound if PDFium read glyphs for free: jobs 1 / (pdfium scan - pdfium words) "
            f"| {one / shared:.1f}x | |"
        )
    for n, peak in peaks.items():
        print(
            f"| peak RSS, largest process, --jobs 2, {n} pages | {peak:.0f} MiB | <= {TARGETS['rss']:.0f} MiB |"
        )
    if len(peaks) > 1:
        (n0, p0), (n1, p1) = min(peaks.items()), max(peaks.items())
        print(f"| growth of that peak per 1,000 pages | {1000 * (p1 - p0) / (n1 - n0):.0f} MiB | flat |")


def bench(pdf: str, repeat: int, workdir: Path) -> None:
    pages = page_count(pdf)
    report = str(workdir / "report.md")
    cases = {
        "pdfplumber extract_text (baseline)": [sys.executable, "-c", BARE, pdf],
        "errata scan --jobs 1": errata_cmd(pdf, report, "--jobs", "1"),
        "errata scan --jobs 2": errata_cmd(pdf, report, "--jobs", "2"),
        "errata scan --backend pdfium --jobs 1": errata_cmd(
            pdf, report, "--backend", "pdfium", "--jobs", "1"
        ),
        "errata scan --backend pdfium --jobs 2": errata_cmd(
            pdf, report, "--backend", "pdfium", "--jobs", "2"
        ),
    }
    if shutil.which("pdftotext"):
        cases["pdftotext (poppler)"] = ["pdftotext", pdf, str(workdir / "out.txt")]
    print(f"\n{pdf}: {pages} pages")
    results = rounds(cases, repeat)
    base = results["pdfplumber extract_text (baseline)"][0]
    print(f"{'':40} {'seconds':>8} {'pages/s':>8} {'peak RSS MiB':>13} {'x baseline':>10}")
    for name, (seconds, rss) in results.items():
        print(f"{name:40} {seconds:8.1f} {pages / seconds:8.1f} {rss:13.0f} {seconds / base:10.2f}")
    fast = results["errata scan --backend pdfium --jobs 1"][0]
    print(f"pdfium speed-up (jobs 1): {results['errata scan --jobs 1'][0] / fast:.1f}x")


def bench_help(repeat: int) -> None:
    times = [run([sys.executable, "-m", "errata", "--help"])[0] for _ in range(max(repeat, 3))]
    bare = [run([sys.executable, "-c", "pass"])[0] for _ in range(max(repeat, 3))]
    print(f"errata --help: {min(times):.3f} s (bare python start {min(bare):.3f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pdfs", nargs="*")
    parser.add_argument("--manuals", type=Path, default=R_MANUALS, help="folder of R's PDF manuals")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of every case in turn; each case's fastest counts"
    )
    parser.add_argument("--no-memory", action="store_true", help="the 300-page cases only (no 1k/2k/3k runs)")
    parser.add_argument(
        "--memory-only", action="store_true", help="the 1k/2k/3k peak RSS rows only (no timings)"
    )
    args = parser.parse_args()
    print(f"cpus: {os.cpu_count()}, python {sys.version.split()[0]}, load {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.memory_only:
            table(args.manuals, args.repeat, workdir, speed=False)
            return
        bench_help(args.repeat)
        if args.pdfs:
            for pdf in args.pdfs:
                bench(pdf, args.repeat, workdir)
        else:
            table(args.manuals, args.repeat, workdir, memory=not args.no_memory)


if __name__ == "__main__":
    main()
