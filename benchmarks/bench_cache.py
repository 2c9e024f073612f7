"""The page cache's cost and gain on a long scan, measured in one run on the same file.

    python benchmarks/bench_cache.py [PDF] [--backend pdfplumber]

Without a PDF it joins Debian's R manuals (r-doc-pdf) into one 3,000-page PDF with qpdf. It runs ``errata scan``
with ``--no-cache``, with an empty cache (every page read and written) and with the cache filled (every page
read from it), and prints wall time, peak RSS of the largest process and the size of the cache, with the
ratios against the ``--no-cache`` run: the cache must not raise peak memory (target <= 1.10x) and a warm run
must be much faster (target <= 0.25x).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scan import R_MANUALS, page_count, run


def joined_manuals(workdir: Path) -> str:
    joined = workdir / "r-manuals.pdf"
    parts = [str(p) for p in sorted(R_MANUALS.glob("*.pdf")) if p.name != "refman.pdf"]
    subprocess.run(["qpdf", "--empty", "--pages", *parts, "--", str(joined)], check=True)
    return str(joined)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pdf", nargs="?")
    parser.add_argument("--backend", default="pdfplumber", choices=["pdfplumber", "pdfium"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="errata-bench-cache-") as tmp:
        workdir = Path(tmp)
        pdf = args.pdf or joined_manuals(workdir)
        cache = workdir / "cache"
        os.environ["ERRATA_CACHE_DIR"] = str(cache)
        scan = [sys.executable, "-m", "errata", "scan", pdf, "--backend", args.backend, "--fail-on", "never"]
        scan += ["--format", "json", "-o", str(workdir / "report.json")]
        results = {
            "--no-cache": run([*scan, "--no-cache"]),
            "cache, empty": run(scan),
            "cache, filled": run(scan),
        }
        size = sum(f.stat().st_size for f in cache.rglob("*") if f.is_file()) / (1 << 20)
        shutil.rmtree(cache, ignore_errors=True)
    pages = page_count(pdf) if args.pdf else "3,000+"
    print(f"\n{args.pdf or 'R manuals joined'}: {pages} pages, backend {args.backend}; cache {size:.0f} MiB")
    print(f"{'':16} {'seconds':>8} {'peak RSS MiB':>13} {'x time':>7} {'x RSS':>6}")
    base_t, base_rss = results["--no-cache"]
    for name, (seconds, rss) in results.items():
        print(f"{name:16} {seconds:8.1f} {rss:13.0f} {seconds / base_t:7.2f} {rss / base_rss:6.2f}")
    worst = max(rss for _, rss in results.values()) / base_rss
    warm = results["cache, filled"][0] / base_t
    print(
        f"targets: peak RSS with the cache <= 1.10x --no-cache: {worst:.2f}x {'ok' if worst <= 1.1 else 'MISSED'}"
    )
    print(
        f"         a filled cache <= 0.25x the time of --no-cache: {warm:.2f}x {'ok' if warm <= 0.25 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
