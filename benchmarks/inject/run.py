"""Recall harness: plant errata into real sources, print them with real producers, score errata on the PDFs.

    python benchmarks/inject/run.py --out /tmp/inject            # build the corpus, scan, score
    python benchmarks/inject/run.py --out /tmp/inject --no-build # score the PDFs already in --out
    python benchmarks/inject/run.py --only groff,chromium        # some producers only
    python benchmarks/inject/run.py --out /tmp/inject --no-build --select preview  # every rule

Needs pdftotext (poppler-utils) to locate the planted errata in print, and for each producer its tool:
pdflatex, xelatex, lualatex (TeX Live), texi2pdf (texinfo), pandoc, sphinx-build and latexmk, chromium,
soffice (LibreOffice Writer), groff; a producer whose tool is missing is skipped with a note. Misspellings are
planted from codespell's dictionary when codespell is installed. Run it with the Python that has errata
installed: the scan goes through ``python -m errata scan``, prose coverage through the library.

``--select`` runs those rules (ids or categories, comma-separated, as ``errata scan --select``; ``preview``:
every rule, the preview ones included) instead of errata's defaults. A planted kind is scored against the rule that finds it: ``a-an``
against ``article``, ``doubled-phrase`` against ``repeated-phrase``, ``doubled-punctuation`` against
``punctuation``, the others against the rule of their name.

Two "refs" documents per producer (``benchmarks/inject/refs.py``) carry the errata of the document-level rules
(``dangling-reference``, ``numbering``, ``term-consistency``; run them with ``--select preview``). They are
built last, each from a random stream of its own, and scored for those rules only, so the other documents and
the other rules' figures are the same with them or without them (``--no-refs``).

Writes into --out: per document ``<doc>.pdf`` and ``<doc>.truth.json``; ``results.md`` (the tables),
``results.json``, ``misses.txt`` and ``alarms.txt`` (every missed erratum and every false alarm).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

# the repository root, so that the harness runs as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.inject import build as B
from benchmarks.inject import refs as RF
from benchmarks.inject import render as R
from benchmarks.inject import score as SC
from benchmarks.inject import sources as S


def _build_copies(
    producers: Sequence[Any],
    build: Callable[..., Any],
    pool: Any,
    args: argparse.Namespace,
    out: Path,
    only: set[str],
) -> None:
    """Build ``args.copies`` documents of each producer with ``build`` (a producer whose tool is missing, or a
    document whose build fails, is skipped with a note)."""
    for prod in producers:
        if only and prod.name not in only:
            continue
        missing = prod.missing()
        if missing:
            print(f"skip {prod.doc}: {', '.join(missing)} not installed")
            continue
        for copy in "ab"[: args.copies]:
            doc = f"{prod.doc}-{copy}"
            try:
                build(prod, pool, args.seed, out, out / "work" / doc, doc)
                print(f"built {doc}")
            except R.BuildError as e:
                print(f"skip {doc}: build failed: {str(e).splitlines()[0]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/inject", help="folder for the corpus and the results")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="", help="comma-separated producers (pdflatex, groff, chromium, ...)")
    ap.add_argument("--no-build", action="store_true", help="score the corpus already in --out")
    ap.add_argument("--no-coverage", action="store_true", help="skip prose coverage (one more extraction)")
    ap.add_argument("--copies", type=int, choices=(1, 2), default=2, help="documents per producer layout")
    ap.add_argument(
        "--no-refs", action="store_true", help="leave out the documents for the document-level rules"
    )
    ap.add_argument("-j", "--jobs", type=int, default=1, help="errata's extraction processes per scan")
    ap.add_argument(
        "--select",
        default="",
        help="rules to run (comma-separated ids or categories; 'preview': the defaults and every preview rule)",
    )
    args = ap.parse_args(argv)
    select = _selection(args.select)
    out = Path(args.out)
    only = {x.strip() for x in args.only.split(",") if x.strip()}

    if shutil.which("pdftotext") is None:
        print("run.py: pdftotext (poppler-utils) is needed to locate planted errata", file=sys.stderr)
        return 2
    t0 = time.monotonic()
    if not args.no_build:
        if out.exists():
            for f in [*out.glob("*.pdf"), *out.glob("*.truth.json")]:
                f.unlink()
            shutil.rmtree(out / "work", ignore_errors=True)
        out.mkdir(parents=True, exist_ok=True)
        pool = S.prose_pool()
        if not pool.paragraphs:
            print("run.py: no man pages under /usr/share/man to take prose from", file=sys.stderr)
            return 2
        _build_copies(R.PRODUCERS, B.build_generated, pool, args, out, only)
        if not only or "groff" in only:
            if shutil.which("groff") is None:
                print("skip groff: groff not installed")
            for name, src in S.groff_pages() if shutil.which("groff") else []:
                try:
                    pdf = B.build_groff(name, src, args.seed, out, out / "work" / name.replace("/", "-"))
                    print(f"built {pdf.stem}")
                except R.BuildError as e:
                    print(f"skip groff {name}: build failed: {str(e).splitlines()[0]}")
        # The documents for the document-level rules come last, each from a random stream of its own: the
        # documents above are the same with or without them.
        if not args.no_refs:
            _build_copies(RF.PRODUCERS, RF.build_refs, pool, args, out, only)
        print(f"corpus built in {time.monotonic() - t0:.0f} s")

    pdfs = sorted(p for p in out.glob("*.pdf") if p.with_suffix(".truth.json").exists())
    if only:
        pdfs = [p for p in pdfs if json.loads(p.with_suffix(".truth.json").read_text())["producer"] in only]
    if not pdfs:
        print("run.py: no documents to score", file=sys.stderr)
        return 2
    res = SC.Results()
    for pdf in pdfs:
        SC.score_doc(res, pdf, SC.errata_command(), args.jobs, not args.no_coverage, select)
        d = res.by_doc[pdf.stem]
        print(f"scored {pdf.stem}: {d['found']}/{d['planted']} found, {d['false_alarms']} false alarms, "
              f"coverage {d.get('coverage')}")  # fmt: skip
    table = SC.report(res, res.rules)
    (out / "results.md").write_text(table, encoding="utf-8")
    (out / "misses.txt").write_text("\n".join(res.misses) + "\n", encoding="utf-8")
    (out / "alarms.txt").write_text("\n".join(res.alarms) + "\n", encoding="utf-8")
    summary = {
        "seed": args.seed,
        "rules": res.rules,
        "documents": res.by_doc,
        "by_rule": {k: asdict(v) for k, v in res.by_rule.items()},
        "coverage": {k: v[1] and v[0] / v[1] for k, v in res.coverage.items()},
    }
    (out / "results.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print()
    print(table)
    print(
        f"done in {time.monotonic() - t0:.0f} s; misses in {out / 'misses.txt'}, false alarms in {out / 'alarms.txt'}"
    )
    return 0


def _selection(spec: str) -> tuple[str, ...]:
    """The ``--select`` values for errata scan; ``preview`` stands for every rule errata has, preview or not."""
    names = [x.strip() for x in spec.split(",") if x.strip()]
    if "preview" in names:
        from errata.lint.registry import load_rules

        names = [*sorted(load_rules()), *(n for n in names if n != "preview")]
    return tuple(dict.fromkeys(names))


if __name__ == "__main__":
    sys.exit(main())
