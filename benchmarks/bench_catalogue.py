"""Directory mode's pages per second: one job, two jobs, and a local Dask cluster, on the same books in one run.

    python benchmarks/bench_catalogue.py [FOLDER] [--books 20] [--range-pages 32]

Without a folder it makes one of ``--books`` PDFs (default 20) by copying the test fixtures in turn (1 to 8
pages each; the extraction cache is off, so copies cost what originals cost). It then times, each in a fresh
process with the default markdown reports and page crops:

- ``errata scan FOLDER --jobs 1`` (the baseline),
- ``errata scan FOLDER --jobs 2`` (books side by side in two processes),
- ``errata scan FOLDER --cluster ADDRESS`` against a ``distributed.LocalCluster`` of two single-thread worker
  processes started beforehand (its start-up time is printed apart, not counted),

checks that the three runs wrote the same files, and prints wall and CPU seconds, pages per second and the
wall-time ratios against the baseline and against the two-job run (above 1: faster). Other load on the machine
changes the wall times, much less the CPU seconds: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = [
    ROOT / "tests" / "fixtures" / "tex" / f"{name}.pdf"
    for name in ("clean", "twocol", "chapter10", "draft_v1", "draft_v2")
] + [
    ROOT / "tests" / "fixtures" / "book" / "main.pdf",
    *(ROOT / "tests" / "fixtures" / "other" / f"{name}.pdf" for name in ("troff", "wordproc", "browser")),
]


def make_books(folder: Path, count: int) -> None:
    for i in range(count):
        source = FIXTURES[i % len(FIXTURES)]
        target = folder / f"part{i // 10}" / f"{i:02d}-{source.stem}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)


def pages(folder: Path) -> int:
    import pypdfium2 as pdfium

    total = 0
    for pdf in sorted(folder.rglob("*.pdf")):
        doc = pdfium.PdfDocument(str(pdf))
        total += len(doc)
        doc.close()
    return total


def _cpu_of_running_children() -> float:
    """CPU seconds so far of this process's live descendants (a LocalCluster's nannies and workers)."""
    import psutil

    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def scan(folder: Path, cwd: Path, *extra: str) -> tuple[float, float]:
    """Wall and CPU seconds of one ``errata scan`` of ``folder`` into ``cwd``/out (each run in a folder of
    its own, so the reports name the same relative paths and can be compared byte for byte). CPU counts the
    scan's processes and, for a cluster run, what the cluster's workers spent meanwhile."""
    import resource

    cwd.mkdir()
    cmd = [sys.executable, "-m", "errata", "scan", str(folder), "-o", "out", "--no-cache", *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before, workers = resource.getrusage(resource.RUSAGE_CHILDREN), _cpu_of_running_children()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env)
    seconds = time.perf_counter() - start
    after, workers = resource.getrusage(resource.RUSAGE_CHILDREN), _cpu_of_running_children() - workers
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime + workers
    return seconds, cpu


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def same(a: Path, b: Path) -> bool:
    """The same reports, crops, summary and state file."""
    return files(a / "out") == files(b / "out")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", help="a folder of PDFs (default: copies of the test fixtures)")
    parser.add_argument("--books", type=int, default=20)
    parser.add_argument("--range-pages", default="32")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))  # the cluster's workers import this checkout's errata, as the scans do
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory(prefix="errata-bench-") as tmp:
        work = Path(tmp)
        folder = Path(args.folder).resolve() if args.folder else work / "books"
        if not args.folder:
            make_books(folder, args.books)
        n_books, n_pages = len(list(folder.rglob("*.pdf"))), pages(folder)
        print(f"{n_books} books, {n_pages} pages in {folder}")
        one = scan(folder, work / "one", "--jobs", "1")
        two = scan(folder, work / "two", "--jobs", "2", "--range-pages", args.range_pages)
        start = time.perf_counter()
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster:
            up = time.perf_counter() - start
            dask = scan(
                folder,
                work / "dask",
                "--cluster",
                cluster.scheduler_address,
                "--range-pages",
                args.range_pages,
            )
        identical = same(work / "one", work / "two") and same(work / "one", work / "dask")
        print(f"{'run':<36}{'wall s':>8}{'CPU s':>8}{'pages/s':>9}{'vs --jobs 1':>13}{'vs --jobs 2':>13}")
        for name, (seconds, cpu) in (
            ("--jobs 1 (baseline)", one),
            ("--jobs 2", two),
            ("--cluster (LocalCluster, 2 workers)", dask),
        ):
            print(
                f"{name:<36}{seconds:>8.2f}{cpu:>8.2f}{n_pages / seconds:>9.2f}"
                f"{one[0] / seconds:>12.2f}x{two[0] / seconds:>12.2f}x"
            )
        print(f"cluster start-up (not counted): {up:.2f} s; the three runs wrote the same files: {identical}")


if __name__ == "__main__":
    main()
