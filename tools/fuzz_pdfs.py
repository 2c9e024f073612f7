"""Long fuzz run: mutate the fixture PDFs for N minutes and extract each one; report anything unexpected.

    python tools/fuzz_pdfs.py --minutes 10 [--seed 1]

Expected outcomes are a clean InputError or a document whose unreadable pages are page-unreadable problems.
Anything else (another exception, a case slower than the page timeout allows) is printed with its seed so that
it can be replayed, and the mutated file is kept in ./fuzz-failures/.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from pathlib import Path

from errata.errors import InputError
from errata.extract import extract
from errata.fuzz import mutate

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "tests" / "fixtures").glob("*/*.pdf"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--page-timeout", type=float, default=5.0)
    args = parser.parse_args()
    outcomes: Counter[str] = Counter()
    failures = 0
    deadline = time.monotonic() + 60 * args.minutes
    case = 0
    out_dir = Path("fuzz-failures")
    while time.monotonic() < deadline:
        seed = args.seed * 1_000_003 + case
        rng = random.Random(seed)
        source = rng.choice(SOURCES)
        kind, data = mutate(source.read_bytes(), rng)
        path = Path(f"/tmp/errata-fuzz-{seed}.pdf")
        path.write_bytes(data)
        t0 = time.monotonic()
        try:
            doc = extract(str(path), page_timeout=args.page_timeout)
            bad = [p for p in doc.problems if p.kind != "page-unreadable"]
            outcomes["problems" if doc.problems else "ok"] += 1
            if bad:
                raise AssertionError(f"unexpected problems {bad}")
        except InputError:
            outcomes["input-error"] += 1
        except Exception as exc:
            failures += 1
            out_dir.mkdir(exist_ok=True)
            (out_dir / path.name).write_bytes(data)
            print(f"FAIL seed={seed} source={source.name} {kind}: {type(exc).__name__}: {exc}")
        elapsed = time.monotonic() - t0
        if elapsed > args.page_timeout * 200:
            failures += 1
            print(f"SLOW seed={seed} source={source.name} {kind}: {elapsed:.1f} s")
        path.unlink(missing_ok=True)
        case += 1
    print(f"{case} cases in {args.minutes:g} min: {dict(outcomes)}, {failures} unexpected")


if __name__ == "__main__":
    main()
