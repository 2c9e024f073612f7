"""Throughput of the ``errata verify`` claims suite on the CPU and, when present, on CUDA.

Usage: PYTHONPATH=. python benchmarks/bench_verify.py [--samples N] [--cpu-samples N] [--dtype float64]
                                                      [--tex [FILE ...]] [--tex-samples N]

Prints samples per second per claim on each device, the GPU/CPU throughput ratio measured in this
same run, and the total wall time per device (for CUDA including context start-up). With --tex (default:
the derivation corpus under tests/fixtures/derivations) it also times the derivation checker per device:
steps, sample evaluations per second, and the verdicts.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from errata.verify import Claim, ClaimResult, builtin_claims, run_claims


def _suite(patterns: list[str]) -> list[Claim]:
    claims = builtin_claims()
    return [c for c in claims if not patterns or any(fnmatch.fnmatchcase(c.id, p) for p in patterns)]


def _run(device: str, samples: int, dtype: str, patterns: list[str]) -> tuple[list[ClaimResult], float]:
    import torch

    start = time.perf_counter()
    if device == "cuda":
        torch.cuda.init()
        torch.empty(1, device="cuda")
    results = run_claims(_suite(patterns), device=device, samples=samples, dtype=dtype, seed=0)
    if device == "cuda":
        torch.cuda.synchronize()
    return results, time.perf_counter() - start


CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "derivations"


def _run_tex(device: str, files: list[Path], samples: int, dtype: str) -> dict[str, object]:
    from errata.verify.tex import check_source, load_notation, read_tex

    notation = load_notation()
    sources = [read_tex(f) for f in files]
    # Parsing is cached per expression: a first pass parses, the timed pass measures evaluation as well.
    for src in sources:
        check_source(src, notation=notation, device=device, samples=256, dtype=dtype)
    start = time.perf_counter()
    reports = [
        check_source(src, notation=notation, device=device, samples=samples, dtype=dtype) for src in sources
    ]
    wall = time.perf_counter() - start
    steps = [s for r in reports for s in r.steps]
    evaluations = sum(s.samples for s in steps)
    counts: dict[str, int] = {}
    for s in steps:
        counts[s.verdict] = counts.get(s.verdict, 0) + 1
    return {
        "wall_seconds": wall,
        "steps": len(steps),
        "step_samples_per_second": evaluations / wall,
        "verdicts": counts,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=10_000_000, help="samples per claim on CUDA")
    ap.add_argument("--cpu-samples", type=int, default=100_000, help="samples per claim on the CPU")
    ap.add_argument("--dtype", default="float64", choices=["float64", "float32", "bfloat16"])
    ap.add_argument("--threads", type=int, default=2, help="CPU threads (torch.set_num_threads)")
    ap.add_argument("-k", "--claim", action="append", default=[], help="only claims matching this glob")
    ap.add_argument("--no-cpu", action="store_true", help="skip the CPU run")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument(
        "--tex", nargs="*", type=Path, help="also time the derivation checker on these LaTeX files"
    )
    ap.add_argument("--tex-samples", type=int, default=100_000, help="samples per display for --tex")
    args = ap.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    runs: dict[str, tuple[list[ClaimResult], float]] = {}
    if not args.no_cpu:
        _run("cpu", min(args.cpu_samples, 1000), args.dtype, args.claim)  # warm-up
        runs["cpu"] = _run("cpu", args.cpu_samples, args.dtype, args.claim)
    if torch.cuda.is_available():
        runs["cuda"] = _run("cuda", args.samples, args.dtype, args.claim)

    rates: dict[str, dict[str, float]] = {}
    for dev, (results, _) in runs.items():
        rates[dev] = {r.id: r.samples / max(r.seconds, 1e-9) for r in results}
    ids = [c.id for c in _suite(args.claim)]
    header = f"{'claim':40s}" + "".join(f"{dev + ' samples/s':>18s}" for dev in runs)
    if len(runs) == 2:
        header += f"{'cuda/cpu':>10s}"
    print(f"dtype {args.dtype}, cpu threads {args.threads}")
    print(header)
    for cid in ids:
        line = f"{cid:40s}" + "".join(f"{rates[dev][cid]:18.3g}" for dev in runs)
        if len(runs) == 2:
            line += f"{rates['cuda'][cid] / rates['cpu'][cid]:10.1f}"
        print(line)
    for dev, (results, wall) in runs.items():
        statuses = sorted({r.status for r in results})
        n = results[0].samples if results else 0
        extra = " (including CUDA start-up)" if dev == "cuda" else ""
        print(
            f"{dev}: {len(results)} claims x {n} samples in {wall:.2f} s{extra}; statuses: {', '.join(statuses)}"
        )
    tex: dict[str, dict[str, object]] = {}
    if args.tex is not None:
        files = args.tex or sorted(CORPUS.glob("*.tex"))
        devices = ([] if args.no_cpu else ["cpu"]) + (["cuda"] if torch.cuda.is_available() else [])
        for dev in devices:
            tex[dev] = _run_tex(dev, files, args.tex_samples, args.dtype)
            t = tex[dev]
            print(
                f"{dev} --tex: {len(files)} files, {t['steps']} steps x {args.tex_samples} samples in "
                f"{t['wall_seconds']:.2f} s ({t['step_samples_per_second']:.3g} step-samples/s); verdicts {t['verdicts']}"
            )
    if args.json:
        payload = {
            "tex": tex,
            "dtype": args.dtype,
            "threads": args.threads,
            "devices": {
                dev: {
                    "wall_seconds": wall,
                    "samples": results[0].samples if results else 0,
                    "rates": rates[dev],
                }
                for dev, (results, wall) in runs.items()
            },
        }
        args.json.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
