"""What each rule adds to a scan, against ``repeated-word`` measured in the same run on the same file.

    python benchmarks/bench_rules.py BOOK.pdf [--backend pdfium] [--rules a,b,c] [--in-process-only]

First a full scan (``--select repeated-word``, no cache reused: extraction included) gives the scan's time;
then, with the extraction cached, ``errata scan --select RULE`` and ``--select repeated-word`` run in turn for
every rule. A rule's cost is its time minus repeated-word's, as a share of the full scan (the target: at most
10 %). Then, in one process, each rule's own time on the document (its first run loads its data) as a share
of the extraction. Timings are ratios within one run, never absolute targets.

With ``--in-process-only`` (a book of a thousand pages, where each full scan takes minutes): the full scan
once, then each rule in one process on the document that scan cached, as a share of the full scan; no
subprocess per rule and no second extraction.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

NEW_RULES = (
    "leftover-markup",
    "punctuation",
    "unbalanced-bracket",
    "repeated-phrase",
    "article",
    "misspelling",
    "dangling-reference",
    "numbering",
    "term-consistency",
)


def scan(pdf: str, rule: str, backend: str, env: dict[str, str]) -> float:
    cmd = [sys.executable, "-m", "errata", "scan", pdf, "--backend", backend, "--jobs", "1"]
    cmd += ["--select", rule, "--format", "json", "-o", os.devnull, "--exit-zero"]
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf")
    ap.add_argument("--backend", default="pdfium")
    ap.add_argument("--rules", default=",".join(NEW_RULES))
    ap.add_argument(
        "--in-process-only", action="store_true", help="each rule in process, against the full scan"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ERRATA_CACHE_DIR": cache}
        full = scan(args.pdf, "repeated-word", args.backend, env)
        print(f"full scan (extraction + repeated-word): {full:.2f} s")
        if args.in_process_only:
            in_process_cached(args.pdf, args.backend, cache, ["repeated-word", *args.rules.split(",")], full)
            return
        print(f"{'rule':<22}{'rule s':>8}{'base s':>8}{'cost':>8}")
        for rule in args.rules.split(","):
            t_rule = scan(args.pdf, rule, args.backend, env)
            t_base = scan(args.pdf, "repeated-word", args.backend, env)
            share = (t_rule - t_base) / full
            print(f"{rule:<22}{t_rule:>8.2f}{t_base:>8.2f}{share:>8.1%}")
        in_process(args.pdf, args.backend, cache, ["repeated-word", *args.rules.split(",")])


def in_process(pdf: str, backend: str, cache: str, rules: list[str]) -> None:
    """Each rule's own time in one process on the cached document (first run: with loading its data), as a
    share of the extraction, so that process start-up does not hide it."""
    from errata.lint.engine import run_rules
    from errata.lint.registry import load_rules
    from errata.pipeline import ScanOptions, read

    available = load_rules()
    with tempfile.TemporaryDirectory() as fresh:
        t = time.perf_counter()
        doc = read(pdf, ScanOptions(backend=backend, use_cache=True, cache_dir=fresh))
        extraction = time.perf_counter() - t
    print(f"extraction in process: {extraction:.2f} s")
    print(f"{'rule':<22}{'first s':>8}{'again s':>8}{'share':>8}")
    for rule in rules:
        times = []
        for _ in range(2):
            t = time.perf_counter()
            run_rules(doc, [available[rule]])
            times.append(time.perf_counter() - t)
        print(f"{rule:<22}{times[0]:>8.2f}{times[1]:>8.2f}{times[0] / extraction:>8.1%}")


def in_process_cached(pdf: str, backend: str, cache: str, rules: list[str], full: float) -> None:
    """Each rule's own time in one process on the document the full scan cached (first run: with loading its
    data; again: without), as a share of the full scan's time."""
    from errata.lint.engine import run_rules
    from errata.lint.registry import load_rules
    from errata.pipeline import ScanOptions, read

    available = load_rules()
    t = time.perf_counter()
    doc = read(pdf, ScanOptions(backend=backend, use_cache=True, cache_dir=cache))
    print(f"document read back from the cache in process: {time.perf_counter() - t:.2f} s")
    print(f"{'rule':<22}{'first s':>8}{'again s':>8}{'share of full scan':>20}")
    for rule in rules:
        times = []
        for _ in range(2):
            t = time.perf_counter()
            run_rules(doc, [available[rule]])
            times.append(time.perf_counter() - t)
        print(f"{rule:<22}{times[0]:>8.2f}{times[1]:>8.2f}{times[0] / full:>20.1%}")


if __name__ == "__main__":
    main()
