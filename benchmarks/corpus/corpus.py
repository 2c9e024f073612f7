"""False alarms on real pages: a corpus of Debian-packaged PDFs from many producer chains, scanned and read.

One command rebuilds the corpus from the Debian packages named in ``manifest.tsv``, scans every document with
errata, compares each page's flows with ``pdftotext`` and prints the table of false alarms by producer chain,
rule and cause (from the hand classification in ``verdicts.tsv``):

    python benchmarks/corpus/corpus.py all --corpus /var/tmp/errata-corpus > table.md

Needs ``apt-get`` (run ``apt-get update`` first), ``dpkg``, ``pdfinfo``/``pdftotext`` (poppler-utils) and
``groff`` (for the man pages typeset here). The corpus itself (PDFs, packages, scan output) lives under
``--corpus`` and is never committed. The steps, each its own subcommand:

- ``survey``: download the packages of ``sources.toml``, list every PDF in them (and typeset the listed man
  pages), read Producer/Creator/Pages with pdfinfo, keep English documents of two pages or more;
- ``select``: pick documents per producer chain up to a page budget (seeded) and write ``manifest.tsv``;
- ``build``: fetch the manifest's packages at the manifest's versions and lay its PDFs out under the corpus;
- ``scan``: ``errata scan --format json --backend B --jobs 1`` on each document (niced, one core); B is
  ``--backend``, pdfium by default (fast), pdfplumber for the reference extractor; ``--select`` runs those
  rules (comma-separated ids, as ``errata scan --select``) instead of the defaults, into a folder of its own
  (``out-select-<rules>``), so that the default scan's reports stay as they are;
- ``coverage``: words per page in errata's flows against ``pdftotext -layout``; pages far below are listed;
- ``evidence``: for each classified repeated-word finding, whether its two copies share a font;
- ``unread``: the findings that ``verdicts.tsv`` does not classify yet (a seeded sample with ``--n``, per rule
  with ``--per-rule``);
- ``table``: the markdown tables (per chain, per chain and rule, causes ranked, examples, missed prose).

The preview rules are read the same way, with their own verdicts (``preview_verdicts.tsv``, whose ``sample``
column names the reading: ``first-s14`` before the rules' fixes, ``fresh-s15`` after, on findings not read
before)::

    python benchmarks/corpus/corpus.py scan --corpus /var/tmp/errata-corpus --select "$PREVIEW"
    python benchmarks/corpus/corpus.py unread --corpus /var/tmp/errata-corpus --select "$PREVIEW" \
        --verdicts benchmarks/corpus/preview_verdicts.tsv --n 60 --per-rule --seed 15 --sample fresh-s15
    python benchmarks/corpus/corpus.py table --corpus /var/tmp/errata-corpus --select "$PREVIEW" \
        --verdicts benchmarks/corpus/preview_verdicts.tsv --sample fresh-s15

with ``PREVIEW=leftover-markup,unbalanced-bracket,repeated-phrase,article,misspelling,dangling-reference,numbering,
term-consistency``; ``--out NAME`` reads the reports of another folder under the corpus (the first scan's).
"""

from __future__ import annotations

import argparse
import fnmatch
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources.toml"
MANIFEST = HERE / "manifest.tsv"
VERDICTS = HERE / "verdicts.tsv"
PREVIEW_VERDICTS = HERE / "preview_verdicts.tsv"
EVIDENCE = HERE / "font_evidence.tsv"

MANIFEST_FIELDS = [
    "id",
    "package",
    "version",
    "path",
    "kind",
    "chain",
    "producer",
    "creator",
    "pages",
    "sha256",
]
VERDICT_FIELDS = ["doc", "fingerprint", "page", "rule", "match", "context", "verdict", "cause"]
# The preview rules' verdicts also name the sample each was read in ("first-s14": before the rules were fixed,
# "fresh-s15": after, on findings not read before), so that each reading is measured on its own.
PREVIEW_FIELDS = [*VERDICT_FIELDS, "sample"]
EVIDENCE_FIELDS = ["doc", "fingerprint", "verdict", "cause", "fonts"]
MISSED_FIELDS = ["doc", "chain", "page", "pdftotext_words", "prose_words", "flow_words", "ratio"]

# Producer chains, in the order the tables list them.
CHAINS = {
    "pdftex": "pdfTeX (LaTeX)",
    "dvips": "dvips → Distiller/Ghostscript (LaTeX)",
    "xetex": "XeTeX (xdvipdfmx)",
    "luatex": "LuaTeX",
    "texinfo": "Texinfo (texi2pdf)",
    "sphinx": "Sphinx (LaTeX)",
    "dblatex": "DocBook → dblatex",
    "fop": "DocBook/XSL-FO → Apache FOP",
    "groff": "groff (man, mom)",
    "reportlab": "ReportLab",
    "office": "LibreOffice / Word",
    "html": "HTML printed through cairo",
}

WORD = re.compile(r"[^\W\d_]{2,}")
STOPWORDS = frozenset("the of and to in is that for it with as be on are this by an or not which".split())
MIN_ENGLISH = 0.07  # share of the words above among a document's words; French or German prose is below 0.05


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- library access (kept in one place: module paths may move) -------------------------------------------------


def flow_words_per_page(pdf: Path, cache_dir: Path, backend: str) -> dict[int, int]:
    """Words per 1-based page that reach any of errata's text flows (prose the rules read)."""
    from errata.extract import extract

    doc = extract(str(pdf), backend=backend, cache_dir=cache_dir, use_cache=True)
    counts: Counter[int] = Counter()
    for flow in doc.flows.values():
        for piece in flow.pieces:
            counts[piece.page] += len(WORD.findall(flow.text[piece.start : piece.end]))
    return dict(counts)


# --- small helpers ------------------------------------------------------------------------------------------------


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(cmd, check=True, capture_output=True, **kw)  # type: ignore[call-overload, no-any-return]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, errors="replace").stdout
    info: dict[str, str] = {}
    for line in out.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


def pdftotext_pages(path: Path, last: int | None = None) -> list[str]:
    cmd = ["pdftotext", "-q", "-layout", "-enc", "UTF-8"]
    if last:
        cmd += ["-l", str(last)]
    out = subprocess.run([*cmd, str(path), "-"], capture_output=True).stdout.decode("utf-8", "replace")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def english_share(path: Path) -> float:
    words = [w.lower() for page in pdftotext_pages(path, last=8) for w in WORD.findall(page)]
    return sum(w in STOPWORDS for w in words) / max(len(words), 1)


def classify(producer: str, creator: str) -> str:
    """The producer chain from pdfinfo's Producer and Creator (Texinfo and Sphinx come from sources.toml)."""
    p, c = producer.lower(), creator.lower()
    if "apache fop" in p:
        return "fop"
    if "dblatex" in c:
        return "dblatex"
    if "groff" in c or "gropdf" in p:
        return "groff"
    if "reportlab" in p:
        return "reportlab"
    if any(s in p or s in c for s in ("libreoffice", "openoffice", "microsoft", "pscript5", "writer")):
        return "office"
    if "cairo" in p and not c:
        return "html"
    if "dvips" in c or "dvips" in p or "distiller" in p or "ghostscript" in p:
        return "dvips"
    if "luatex" in p or "luahbtex" in p or "luametatex" in p:
        return "luatex"
    if "xetex" in p or "xdvipdfmx" in p or "xelatex" in c:
        return "xetex"
    if "pdftex" in p or "pdfetex" in p:
        return "pdftex"
    return "other"


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header line (fields hold no tabs or newlines; no quoting)."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        return []
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"), strict=True)) for line in lines[1:] if line]


def write_tsv(path: Path, fields: list[str], rows: Iterable[dict[str, object]]) -> None:
    out = ["\t".join(fields)]
    out += ["\t".join(clean(str(row.get(k, ""))) for k in fields) for row in rows]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def clean(s: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", s)


# --- Debian packages ------------------------------------------------------------------------------------------------


@dataclass
class Dirs:
    root: Path
    backend: str = "pdfium"
    select: tuple[str, ...] = ()
    out_name: str = ""

    @property
    def debs(self) -> Path:
        return self.root / "debs"

    @property
    def tree(self) -> Path:
        return self.root / "x"

    @property
    def pdf(self) -> Path:
        return self.root / "pdf"

    @property
    def out(self) -> Path:
        if self.out_name:
            return self.root / self.out_name
        name = "out" if self.backend == "pdfium" else f"out-{self.backend}"
        if self.select:
            name += "-select-" + "+".join(sorted(self.select))
        return self.root / name

    @property
    def missed(self) -> Path:
        return HERE / f"missed_prose.{self.backend}.tsv"

    @property
    def cache(self) -> Path:
        return self.root / "cache"


def fetch(dirs: Dirs, name: str, version: str | None = None) -> tuple[Path, str]:
    """Download one package (at ``version`` when given), unpack it; return its tree and version."""
    dirs.debs.mkdir(parents=True, exist_ok=True)
    pattern = f"{name}_{version.replace(':', '%3a')}_*.deb" if version else f"{name}_*.deb"
    debs = sorted(dirs.debs.glob(pattern))
    if not debs:
        spec = f"{name}={version}" if version else name
        try:
            run(["apt-get", "download", "-q", spec], cwd=dirs.debs)
        except subprocess.CalledProcessError:
            if not version:
                raise
            log(
                f"{spec} is no longer served; taking the current version (sha256 checks will tell what changed)"
            )
            run(["apt-get", "download", "-q", name], cwd=dirs.debs)
            pattern = f"{name}_*.deb"
        debs = sorted(dirs.debs.glob(pattern))
    deb = debs[-1]
    got = run(["dpkg-deb", "-f", str(deb), "Version"]).stdout.decode().strip()
    tree = dirs.tree / name
    stamp = tree / ".version"
    if not stamp.exists() or stamp.read_text() != got:
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
        run(["dpkg-deb", "-x", str(deb), str(tree)])
        stamp.write_text(got)
    return tree, got


def package_pdfs(tree: Path) -> Iterator[str]:
    for p in sorted(tree.rglob("*")):
        if p.is_file() and not p.is_symlink() and p.name.lower().endswith((".pdf", ".pdf.gz")):
            yield str(p.relative_to(tree))


def materialise(tree: Path, rel: str, kind: str, dest: Path) -> None:
    """Write the PDF for one manifest entry: the file as shipped (gunzipped), or a man page typeset by groff."""
    src = tree / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    if kind == "groff-man":
        source = gzip.decompress(src.read_bytes()) if rel.endswith(".gz") else src.read_bytes()
        env = dict(os.environ, SOURCE_DATE_EPOCH="0")
        pdf = subprocess.run(
            ["groff", "-t", "-man", "-Tpdf", "-dpaper=a4", "-P-pa4"],
            input=source,
            capture_output=True,
            env=env,
            check=True,
        ).stdout
        dest.write_bytes(pdf)
    elif rel.endswith(".gz"):
        dest.write_bytes(gzip.decompress(src.read_bytes()))
    else:
        shutil.copyfile(src, dest)


def entry_sha(tree: Path, rel: str, kind: str, pdf: Path) -> str:
    # A typeset man page carries its creation date, so its source is what identifies it.
    return sha256(tree / rel) if kind == "groff-man" else sha256(pdf)


def make_id(package: str, rel: str, taken: set[str]) -> str:
    stem = Path(rel).name
    for suffix in (".gz", ".pdf"):
        stem = stem.removesuffix(suffix)
    base = f"{package}/{re.sub(r'[^A-Za-z0-9._+-]', '_', stem)}"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}.{n}", n + 1
    taken.add(ident)
    return ident


# --- survey and selection -------------------------------------------------------------------------------------------


def cmd_survey(dirs: Dirs, _args: argparse.Namespace) -> None:
    spec = tomllib.loads(SOURCES.read_text())
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    taken: set[str] = set()
    jobs: list[tuple[str, str, str, list[list[str]]]] = []
    versions: dict[str, str] = {}
    trees: dict[str, Path] = {}
    for pkg in spec.get("package", []):
        tree, version = fetch(dirs, pkg["name"])
        trees[pkg["name"]], versions[pkg["name"]] = tree, version
        for rel in package_pdfs(tree):
            jobs.append((pkg["name"], rel, "file", pkg.get("chain", [])))
    for render in spec.get("render", []):
        tree, version = fetch(dirs, render["package"])
        trees[render["package"]], versions[render["package"]] = tree, version
        for glob in render["globs"]:
            for p in sorted(tree.glob(glob)):
                rel = str(p.relative_to(tree))
                if rel not in render.get("exclude", []):
                    jobs.append((render["package"], rel, "groff-man", [["*", "groff"]]))
    for name, rel, kind, hints in jobs:
        tree = trees[name]
        pdf = dirs.root / "survey" / name / (rel.replace("/", "__").removesuffix(".gz") + ".pdf")
        try:
            if not pdf.exists():
                materialise(tree, rel, kind, pdf)
        except (subprocess.CalledProcessError, OSError, EOFError) as exc:
            log(f"skip {name}:{rel}: {exc}")
            continue
        digest = entry_sha(tree, rel, kind, pdf)
        if digest in seen:
            continue
        seen.add(digest)
        info = pdfinfo(pdf)
        pages = int(info.get("Pages", "0") or 0)
        producer, creator = info.get("Producer", ""), info.get("Creator", "")
        chain = next((c for g, c in hints if fnmatch.fnmatch(rel, g)), None) or classify(producer, creator)
        share = english_share(pdf) if pages >= 2 else 0.0
        rows.append(
            {
                "id": make_id(name, rel, taken),
                "package": name,
                "version": versions[name],
                "path": rel,
                "kind": kind,
                "chain": chain,
                "producer": producer,
                "creator": creator,
                "pages": pages,
                "sha256": digest,
                "english": f"{share:.3f}",
            }
        )
    write_tsv(dirs.root / "candidates.tsv", [*MANIFEST_FIELDS, "english"], rows)
    log(f"{len(rows)} candidate documents in {dirs.root / 'candidates.tsv'}")


def cmd_select(dirs: Dirs, args: argparse.Namespace) -> None:
    rows = [
        r
        for r in read_tsv(dirs.root / "candidates.tsv")
        if int(r["pages"]) >= 2 and float(r["english"]) >= MIN_ENGLISH and r["chain"] in CHAINS
    ]
    rng = random.Random(args.seed)
    rng.shuffle(rows)
    by_chain: dict[str, int] = Counter()
    chosen = []
    for r in rows:
        pages = int(r["pages"])
        if by_chain[r["chain"]] + pages <= args.budget:
            by_chain[r["chain"]] += pages
            chosen.append(r)
    chosen.sort(key=lambda r: (list(CHAINS).index(r["chain"]), r["id"]))
    write_tsv(MANIFEST, MANIFEST_FIELDS, chosen)  # type: ignore[arg-type]
    log(f"{len(chosen)} documents, {sum(by_chain.values())} pages: {dict(by_chain)}")


# --- build, scan, coverage ------------------------------------------------------------------------------------------


CHAIN_FILTER: set[str] = set()


def manifest() -> list[dict[str, str]]:
    """The manifest's documents (only those of ``--chains`` when given)."""
    return [r for r in read_tsv(MANIFEST) if not CHAIN_FILTER or r["chain"] in CHAIN_FILTER]


def pdf_path(dirs: Dirs, ident: str) -> Path:
    return dirs.pdf / f"{ident}.pdf"


def cmd_build(dirs: Dirs, _args: argparse.Namespace) -> None:
    changed = 0
    for row in manifest():
        tree, _version = fetch(dirs, row["package"], row["version"])
        dest = pdf_path(dirs, row["id"])
        if not dest.exists():
            materialise(tree, row["path"], row["kind"], dest)
        if entry_sha(tree, row["path"], row["kind"], dest) != row["sha256"]:
            changed += 1
            log(f"{row['id']}: sha256 differs from the manifest")
    log(f"built {len(manifest())} documents under {dirs.pdf} ({changed} differ from the manifest)")


def cmd_scan(dirs: Dirs, _args: argparse.Namespace) -> None:
    """One errata process per package (its documents share a folder, so each report lands at ``<id>.json``);
    a package whose run fails is scanned again one document at a time, to tell which document failed."""
    env = dict(os.environ, ERRATA_CACHE_DIR=str(dirs.cache))
    todo: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in manifest():
        pdf, out = pdf_path(dirs, row["id"]), dirs.out / f"{row['id']}.json"
        if not (out.exists() and out.stat().st_mtime >= pdf.stat().st_mtime):
            todo[str(Path(row["id"]).parent)].append(row)
    for folder, rows in todo.items():
        (dirs.out / folder).mkdir(parents=True, exist_ok=True)
        # errata writes <stem>.json into a folder given with -o when it scans several PDFs; one PDF, a file.
        target = dirs.out / folder if len(rows) > 1 else dirs.out / f"{rows[0]['id']}.json"
        proc = _errata_scan(dirs, [pdf_path(dirs, r["id"]) for r in rows], target, env)
        for row in rows:
            out = dirs.out / f"{row['id']}.json"
            if not out.exists() or out.stat().st_mtime < pdf_path(dirs, row["id"]).stat().st_mtime:
                # the run stopped at a document that failed: the rest one at a time
                proc = _errata_scan(dirs, [pdf_path(dirs, row["id"])], out, env)
            if not out.exists():
                log(f"{row['id']}: errata exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
            else:
                log(f"{row['id']}: {json.loads(out.read_text())['summary']['total']} findings")


def _errata_scan(
    dirs: Dirs, pdfs: list[Path], out: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    cmd = ["nice", "-n", "10", sys.executable, "-m", "errata", "scan", *map(str, pdfs), "--format", "json"]
    cmd += ["-o", str(out), "--fail-on", "never", "--backend", dirs.backend, "--jobs", "1", "--no-images"]
    for rule in dirs.select:
        cmd += ["--select", rule]
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


def prose_words(page_text: str) -> int:
    """Words on the lines of a ``pdftotext -layout`` page that read as prose: six words or more, mostly
    lower-case letters, with a common English word among them (code, tables and indexes mostly fail this)."""
    total = 0
    for line in page_text.splitlines():
        tokens = line.split()
        words = [t.strip(".,;:!?()\"'“”‘’") for t in tokens]
        plain = [w for w in words if w.isalpha() and w.islower()]
        if len(plain) >= 6 and len(plain) >= 0.7 * len(tokens) and any(w in STOPWORDS for w in plain):
            total += len(WORD.findall(line))
    return total


def cmd_coverage(dirs: Dirs, args: argparse.Namespace) -> None:
    rows: list[dict[str, object]] = []
    for row in manifest():
        pdf = pdf_path(dirs, row["id"])
        flows = flow_words_per_page(pdf, dirs.cache, dirs.backend)
        for i, text in enumerate(pdftotext_pages(pdf), start=1):
            rows.append(
                {
                    "doc": row["id"],
                    "chain": row["chain"],
                    "page": i,
                    "pdftotext_words": len(WORD.findall(text)),
                    "prose_words": prose_words(text),
                    "flow_words": flows.get(i, 0),
                }
            )
    # With --chains, the other chains' rows of an earlier run are kept.
    table = dirs.root / f"coverage.{dirs.backend}.tsv"
    keep = [r for r in read_tsv(table) if CHAIN_FILTER and r["chain"] not in CHAIN_FILTER]
    rows = [*keep, *rows]
    write_tsv(table, MISSED_FIELDS[:-1], rows)
    # A page misses prose when its flows hold fewer words than pdftotext prints on its prose-like lines alone.
    missed = [
        r | {"ratio": f"{int(str(r['flow_words'])) / int(str(r['prose_words'])):.2f}"}
        for r in rows
        if int(str(r["prose_words"])) >= args.min_words
        and int(str(r["flow_words"])) < args.ratio * int(str(r["prose_words"]))
    ]
    write_tsv(dirs.missed, MISSED_FIELDS, missed)
    log(f"{len(missed)} of {len(rows)} pages: flows hold under {args.ratio:.0%} of pdftotext's prose words")


# --- findings, verdicts, tables -------------------------------------------------------------------------------------


def snippet(f: dict[str, object], width: int = 90) -> str:
    ctx = str(f["context"])
    a, b = f["context_span"]  # type: ignore[misc]
    return f"{ctx[max(0, a - width) : a]}[[{ctx[a:b]}]]{ctx[b : b + width]}"


def findings(dirs: Dirs) -> Iterator[tuple[dict[str, str], dict[str, object]]]:
    for row in manifest():
        out = dirs.out / f"{row['id']}.json"
        if out.exists():
            for f in json.loads(out.read_text())["findings"]:
                yield row, f


VERDICTS_FILE: list[Path] = [VERDICTS]
SAMPLE: list[str] = [""]


def verdicts(sample: str | None = None) -> dict[tuple[str, str], dict[str, str]]:
    """The hand classification in use (``verdicts.tsv``, or the file given with ``--verdicts``); with
    ``sample``, only the verdicts of that sample."""
    return {
        (v["doc"], v["fingerprint"]): v
        for v in read_tsv(VERDICTS_FILE[0])
        if not sample or v.get("sample") == sample
    }


def cmd_unread(dirs: Dirs, args: argparse.Namespace) -> None:
    known = verdicts()
    todo = [
        {
            "doc": row["id"],
            "fingerprint": f["fingerprint"],
            "page": f["page"],
            "rule": f["rule"],
            "match": f["match"],
        }
        | {"context": snippet(f), "verdict": "", "cause": ""}
        for row, f in findings(dirs)
        if (row["id"], f["fingerprint"]) not in known
    ]
    if args.n and args.per_rule:
        # Per rule: all of a rule's unread findings when it has n or fewer, else a seeded sample of n.
        rng = random.Random(args.seed)
        picked = []
        for rule in sorted({str(t["rule"]) for t in todo}):
            mine = [t for t in todo if t["rule"] == rule]
            picked += mine if len(mine) <= args.n else rng.sample(mine, args.n)
        todo = picked
    elif args.n and len(todo) > args.n:
        todo = random.Random(args.seed).sample(todo, args.n)
    if args.sample:
        todo = [t | {"sample": args.sample} for t in todo]
    write_tsv(Path(args.output), PREVIEW_FIELDS if args.sample else VERDICT_FIELDS, todo)
    log(f"{len(todo)} unread findings in {args.output}")


def pct(n: float, d: float) -> str:
    return f"{n / d:.2f}" if d else "–"


def cmd_table(dirs: Dirs, args: argparse.Namespace) -> None:
    known = verdicts(args.sample)
    docs = manifest()
    pages: Counter[str] = Counter()
    ndocs: Counter[str] = Counter()
    scanned = {row["id"] for row in docs if (dirs.out / f"{row['id']}.json").exists()}
    for row in docs:
        if row["id"] in scanned:
            pages[row["chain"]] += int(row["pages"])
            ndocs[row["chain"]] += 1
    stats: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    causes: Counter[str] = Counter()
    cause_chains: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row, f in findings(dirs):
        rule = str(f["rule"])
        v = known.get((row["id"], str(f["fingerprint"])))
        for key in ((row["chain"], rule), (row["chain"], "*"), ("*", rule), ("*", "*")):
            stats[key]["findings"] += 1
            if v:
                stats[key]["read"] += 1
                stats[key][v["verdict"]] += 1
        if v and v["verdict"] == "false":
            causes[v["cause"]] += 1
            cause_chains[v["cause"]][row["chain"]] += 1
            examples[v["cause"]].append(v)
    total_pages = sum(pages.values())

    def line(label: str, npages: int, s: Counter[str], n_docs: str = "") -> str:
        # With a sample read, false alarms are estimated as findings × the false share of those read.
        est_false = s["findings"] * s["false"] / s["read"] if s["read"] else 0.0
        rate = f"{100 * est_false / npages:.2f}" if npages else "–"
        cells = [
            label,
            n_docs,
            str(npages),
            str(s["findings"]),
            str(s["read"]),
            str(s["true"]),
            str(s["false"]),
        ]
        return "| " + " | ".join([*cells, rate, pct(s["true"], s["read"])]) + " |"

    head = "| producer chain | documents | pages | findings | read | true | false | false alarms / 100 pages | precision |"
    print(head)
    print("|" + "---|" * 9)
    for chain in CHAINS:
        if pages[chain]:
            print(line(CHAINS[chain], pages[chain], stats[(chain, "*")], str(ndocs[chain])))
    print(line("**all**", total_pages, stats[("*", "*")], str(sum(ndocs.values()))))
    print()
    rules = sorted({r for (_c, r) in stats if r != "*"})
    print(
        "| producer chain | rule | pages | findings | read | true | false | false alarms / 100 pages | precision |"
    )
    print("|" + "---|" * 9)
    for chain in [*CHAINS, "*"]:
        for rule in rules:
            s = stats.get((chain, rule))
            if s and s["findings"]:
                label = CHAINS.get(chain, "**all**")
                print(
                    line(label, pages[chain] if chain != "*" else total_pages, s, rule).replace(
                        f"| {rule} | ", f"| {rule} | ", 1
                    )
                )
    print()
    nfalse = sum(causes.values())
    print("| rank | cause of false alarm | false alarms | share | chains |")
    print("|---|---|---|---|---|")
    for i, (cause, n) in enumerate(causes.most_common(), start=1):
        where = ", ".join(f"{c} {k}" for c, k in cause_chains[cause].most_common())
        print(f"| {i} | {cause} | {n} | {n / nfalse:.0%} | {where} |")
    unread = stats[("*", "*")]["findings"] - stats[("*", "*")]["read"]
    print()
    print(
        f"{total_pages} pages in {sum(ndocs.values())} documents; {stats[('*', '*')]['findings']} findings, {unread} not read."
    )
    evidence = read_tsv(EVIDENCE)
    if evidence:
        print()
        print("| repeated-word findings | same font | fonts differ | unknown |")
        print("|---|---|---|---|")
        groups: dict[str, list[dict[str, str]]] = defaultdict(list)
        for e in evidence:
            groups["true errata" if e["verdict"] == "true" else e["cause"]].append(e)
        for label, group in sorted(groups.items(), key=lambda kv: (kv[0] != "true errata", -len(kv[1]))):
            got = Counter(e["fonts"] for e in group)
            print(f"| {label} | {got['same']} | {got['differs']} | {got['unknown']} |")
    coverage = read_tsv(dirs.root / f"coverage.{dirs.backend}.tsv")
    missed = Counter(r["chain"] for r in read_tsv(dirs.missed))
    if coverage:
        prose: Counter[str] = Counter()
        kept: Counter[str] = Counter()
        for r in coverage:
            n = int(r["prose_words"])
            prose[r["chain"]] += n
            kept[r["chain"]] += min(int(r["flow_words"]), n)
        print()
        print("| producer chain | prose words (pdftotext) | in errata's flows | pages missing prose |")
        print("|---|---|---|---|")
        for chain in CHAINS:
            if prose[chain]:
                share = f"{kept[chain] / prose[chain]:.1%}"
                print(f"| {CHAINS[chain]} | {prose[chain]} | {share} | {missed[chain]} of {pages[chain]} |")
        share = f"{sum(kept.values()) / max(sum(prose.values()), 1):.1%}"
        print(f"| **all** | {sum(prose.values())} | {share} | {sum(missed.values())} of {total_pages} |")


def copy_fonts(pdf: Any, finding: dict[str, Any]) -> str:
    """``same`` or ``differs``: are the two copies of a repeated word printed in one font (pdfplumber chars in the
    finding's boxes, subset prefixes dropped)? ``unknown`` when the boxes hold too few characters."""
    fonts: list[str] = []
    for loc in finding["locations"]:
        page = pdf.pages[loc["page"] - 1]
        x0, top, x1, bottom = loc["bbox"]
        fonts += [
            ch["fontname"].split("+", 1)[-1]
            for ch in page.chars
            if ch["x0"] >= x0 - 0.5
            and ch["x1"] <= x1 + 0.5
            and ch["top"] >= top - 2
            and ch["bottom"] <= bottom + 2
            if not ch["text"].isspace()
        ]
    first = len(str(finding["match"]).split()[0])
    if len(fonts) <= first:
        return "unknown"
    return "same" if set(fonts[:first]) == set(fonts[first:]) else "differs"


def cmd_evidence(dirs: Dirs, _args: argparse.Namespace) -> None:
    """For every classified repeated-word finding: one font or two? (The commonest false alarms change font.)"""
    import pdfplumber

    known = verdicts()
    rows: list[dict[str, object]] = []
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row, f in findings(dirs):
        if f["rule"] == "repeated-word" and (row["id"], f["fingerprint"]) in known:
            by_doc[row["id"]].append(f)
    for doc, fs in by_doc.items():
        with pdfplumber.open(pdf_path(dirs, doc)) as pdf:
            for f in fs:
                v = known[(doc, str(f["fingerprint"]))]
                rows.append(
                    {
                        "doc": doc,
                        "fingerprint": f["fingerprint"],
                        "verdict": v["verdict"],
                        "cause": v["cause"],
                    }
                )
                rows[-1]["fonts"] = copy_fonts(pdf, f)
    write_tsv(EVIDENCE, EVIDENCE_FIELDS, rows)
    log(f"font evidence for {len(rows)} repeated-word findings in {EVIDENCE}")


def cmd_all(dirs: Dirs, args: argparse.Namespace) -> None:
    cmd_build(dirs, args)
    cmd_scan(dirs, args)
    cmd_coverage(dirs, args)
    cmd_table(dirs, args)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "command",
        choices=["survey", "select", "build", "scan", "coverage", "unread", "evidence", "table", "all"],
    )
    parser.add_argument(
        "--corpus", default=os.environ.get("ERRATA_CORPUS", str(Path.home() / "errata-corpus"))
    )
    parser.add_argument("--budget", type=int, default=1500, help="select: pages per producer chain")
    parser.add_argument("--backend", default="pdfium", choices=["pdfium", "pdfplumber"])
    parser.add_argument("--chains", default="", help="only these producer chains (comma-separated ids)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--n", type=int, default=0, help="unread: sample this many (0: all)")
    parser.add_argument("--per-rule", action="store_true", help="unread: sample --n findings of each rule")
    parser.add_argument(
        "--select", default="", help="scan: run these rules (comma-separated ids) instead of the defaults"
    )
    parser.add_argument(
        "--verdicts", default=str(VERDICTS), help="unread, table: the hand classification to read"
    )
    parser.add_argument(
        "--out", default="", help="the reports' folder under --corpus (default: from the rules)"
    )
    parser.add_argument(
        "--sample", default="", help="unread: name the sample in its rows; table: only that sample's verdicts"
    )
    parser.add_argument("--output", default="unread.tsv", help="unread: where to write")
    parser.add_argument(
        "--min-words", type=int, default=60, help="coverage: pages with at least this many prose words"
    )
    parser.add_argument("--ratio", type=float, default=0.6, help="coverage: list pages whose flows hold less")
    args = parser.parse_args(argv)
    select = tuple(r for r in args.select.split(",") if r)
    dirs = Dirs(Path(args.corpus).resolve(), args.backend, select, args.out)
    VERDICTS_FILE[0] = Path(args.verdicts)
    CHAIN_FILTER.update(c for c in args.chains.split(",") if c)
    dirs.root.mkdir(parents=True, exist_ok=True)
    commands = {
        "survey": cmd_survey,
        "select": cmd_select,
        "build": cmd_build,
        "scan": cmd_scan,
        "coverage": cmd_coverage,
        "unread": cmd_unread,
        "evidence": cmd_evidence,
        "table": cmd_table,
        "all": cmd_all,
    }
    commands[args.command](dirs, args)


if __name__ == "__main__":
    main()
