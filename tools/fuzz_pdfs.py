"""Long fuzz run: mutate the fixture PDFs and every other kind of input file for N minutes; report anything
unexpected.

    nice -n 15 python tools/fuzz_pdfs.py --minutes 30 [--seed 1]

A PDF case extracts a mutated fixture PDF (either backend, one job or two, sometimes through the page cache,
whose entries are then damaged at random and the PDF read again). Expected: a clean InputError, or a document
whose unreadable pages are page-unreadable problems and in which every page is either scanned or a problem.
An input-file case runs the CLI over a config, baseline, claims, label file or rule directory made bad in one
of the ways of ``tests.support.fuzz.HAZARDS``; expected: exit 0/1, or exit 2 with one line on stderr.

Counted as failures: tracebacks (any other exception, or a crash of the CLI), hangs (a case slower than its
pages' timeouts allow), lost pages (neither scanned nor reported), and broken contracts. Each is printed with
its seed so that it can be replayed (``--replay SEED``), and a failing PDF is kept in ./fuzz-failures/.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from errata.errors import InputError  # noqa: E402
from errata.extract import extract  # noqa: E402
from errata.output.reporters.json import render  # noqa: E402
from errata.pipeline import scan  # noqa: E402
from tests.support.fuzz import HAZARDS, INPUT_KINDS, contract_broken, mutate, run_cli, write_hazard  # noqa: E402

SOURCES = sorted((ROOT / "tests" / "fixtures").glob("*/*.pdf"))
OPEN_ALLOWANCE = 60.0  # seconds to open a file and start its workers, besides the pages' own timeouts


class Run:
    def __init__(self, page_timeout: float, out_dir: Path) -> None:
        self.page_timeout = page_timeout
        self.out_dir = out_dir
        self.outcomes: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self.pages = 0

    def fail(self, what: str, seed: int, detail: str, data: bytes | None = None, name: str = "") -> None:
        self.failures[what] += 1
        print(f"{what.upper()} seed={seed} {detail}", flush=True)
        if data is not None:
            self.out_dir.mkdir(exist_ok=True)
            (self.out_dir / f"{seed}-{name}").write_bytes(data)

    def pdf_case(self, seed: int, workdir: Path) -> None:
        rng = random.Random(seed)
        source = rng.choice(SOURCES)
        kind, data = mutate(source.read_bytes(), rng)
        path = workdir / f"{seed}.pdf"
        path.write_bytes(data)
        backend = rng.choice(["pdfplumber", "pdfium"])
        jobs = rng.choice([1, 1, 2])
        cached = rng.random() < 0.2
        cache_dir = workdir / "cache"
        label = f"source={source.name} {kind} backend={backend} jobs={jobs}{' cache' if cached else ''}"
        options = {"backend": backend, "jobs": jobs, "page_timeout": self.page_timeout, "page_memory": 1024}
        t0 = time.monotonic()
        try:
            doc = extract(str(path), use_cache=cached, cache_dir=cache_dir, **options)  # type: ignore[arg-type]
        except InputError as exc:
            self.outcomes["input-error"] += 1
            if "\n" in str(exc):
                self.fail("contract", seed, f"{label}: a multi-line error {str(exc)!r}", data, path.name)
            return
        except Exception:
            self.fail("traceback", seed, f"{label}:\n{traceback.format_exc()}", data, path.name)
            return
        elapsed = time.monotonic() - t0
        self.pages += doc.page_count
        self.outcomes["problems" if doc.problems else "ok"] += 1
        allowed = OPEN_ALLOWANCE + doc.page_count * (self.page_timeout + 5)
        if elapsed > allowed:
            self.fail("hang", seed, f"{label}: {elapsed:.1f} s for {doc.page_count} pages", data, path.name)
        other = [p for p in doc.problems if p.kind != "page-unreadable" or p.page is None]
        if other:
            self.fail("contract", seed, f"{label}: unexpected problems {other}", data, path.name)
        accounted = sorted(doc.pages_scanned + [p.page for p in doc.problems if p.page is not None])
        if accounted != list(range(1, doc.page_count + 1)):
            self.fail("lost-pages", seed, f"{label}: pages {accounted} of {doc.page_count}", data, path.name)
        if cached and not doc.problems:
            self._damage_cache(rng, cache_dir)
            try:
                with contextlib.redirect_stderr(io.StringIO()):
                    again = render(scan(str(path), use_cache=True, cache_dir=cache_dir, **options))  # type: ignore[arg-type]
                clean = render(scan(str(path), **options))  # type: ignore[arg-type]
            except Exception:
                self.fail(
                    "traceback", seed, f"{label} (damaged cache):\n{traceback.format_exc()}", data, path.name
                )
                return
            if again != clean:
                self.fail("cache", seed, f"{label}: a damaged cache changed the report", data, path.name)

    @staticmethod
    def _damage_cache(rng: random.Random, cache_dir: Path) -> None:
        entries = sorted(cache_dir.glob("pages-v1/*/*.page"))
        if not entries:
            return
        entry = rng.choice(entries)
        raw = entry.read_bytes()
        choice = rng.choice(["mutate", "truncate", "swap", "pickle"])
        if not raw:  # an entry of another case's document, damaged before and never read again
            entry.write_bytes(b"\0")
        elif choice == "mutate":
            entry.write_bytes(mutate(raw, rng)[1])
        elif choice == "truncate":
            entry.write_bytes(raw[: rng.randrange(len(raw))])
        elif choice == "swap":
            entry.write_bytes(rng.choice(entries).read_bytes())
        else:
            import pickle

            entry.write_bytes(pickle.dumps({"page": 1}))

    def input_case(self, seed: int, workdir: Path) -> None:
        rng = random.Random(seed)
        kind = rng.choice(sorted(INPUT_KINDS))
        hazard = rng.choice([*HAZARDS, "mutated", "mutated", "wrong-type", "wrong-type"])
        folder = workdir / f"input-{seed}"
        folder.mkdir()
        try:
            argv = write_hazard(kind, hazard, str(folder), rng)
            code, _, err = run_cli(argv)
        except Exception:
            self.fail("traceback", seed, f"input {kind} {hazard}:\n{traceback.format_exc()}")
            return
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        self.outcomes[f"input-exit-{code}"] += 1
        broken = contract_broken(code, err)
        if broken:
            self.fail(
                "traceback" if broken.startswith("a crash") else "contract",
                seed,
                f"{kind} {hazard}: {broken}",
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--cases", type=int, default=None, help="stop after this many cases (default: time)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replay", type=int, default=None, help="run the one case of this seed")
    parser.add_argument("--page-timeout", type=float, default=5.0)
    args = parser.parse_args()
    run = Run(args.page_timeout, Path("fuzz-failures"))
    started = time.monotonic()
    deadline = started + 60 * args.minutes
    case = 0
    with tempfile.TemporaryDirectory(prefix="errata-fuzz-") as tmp:
        workdir = Path(tmp)
        os.environ["ERRATA_CACHE_DIR"] = str(workdir / "cache")
        while True:
            if args.replay is not None:
                seeds = [args.replay]
            elif (args.cases is not None and case >= args.cases) or (
                args.cases is None and time.monotonic() >= deadline
            ):
                break
            else:
                seeds = [args.seed * 1_000_003 + case]
            for seed in seeds:
                (run.input_case if seed % 4 == 3 else run.pdf_case)(seed, workdir)
                for leftover in workdir.glob("*.pdf"):
                    leftover.unlink()
            case += 1
            if args.replay is not None:
                break
    minutes = (time.monotonic() - started) / 60
    counts = {k: run.failures[k] for k in ("traceback", "hang", "lost-pages", "contract", "cache")}
    print(
        f"{case} cases ({run.pages} pages) in {minutes:.1f} min: {dict(sorted(run.outcomes.items()))}; "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
    )
    sys.exit(1 if sum(counts.values()) else 0)


if __name__ == "__main__":
    main()
