"""Build the injected corpus: plant errata into each producer's source, print it, and write the truth.

Each document is printed twice. The first print carries the errata planted at random (seeded) places; from it
poppler's word boxes tell which words end a line, a column or a page, and a second round doubles some of those
words, so that repeated words straddling every kind of break are in the corpus, not left to chance. The truth
written beside the PDF (``<doc>.truth.json``) comes from the final print: for every erratum its page(s), its
boxes and the break it straddles.
"""

from __future__ import annotations

import copy
import json
import random
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from benchmarks.inject import plant as P
from benchmarks.inject import render as R
from benchmarks.inject import sources as S
from benchmarks.inject.locate import (
    Aligner,
    Token,
    boxes_of,
    break_kind,
    pdf_tokens,
    unit_tokens,
    word_breaks,
)

# Share of each kind among the randomly placed errata; the targeted round adds repeated words at breaks.
WEIGHTS = {
    "repeated-word": 0.2,
    "adjective-for-adverb": 0.3,
    "unresolved-reference": 0.22,
    "a-an": 0.06,
    "misspelling": 0.06,
    "doubled-phrase": 0.06,
    "doubled-punctuation": 0.05,
    "leftover-markup": 0.05,
}
TARGETS = {"page": 10, "column": 10, "line": 6}  # targeted repeated words per document, by break kind


@dataclass
class Planted:
    uid: str
    plant: P.Plant
    targeted: str | None = None  # the break it was aimed at


def _choose_kind(rng: random.Random) -> list[str]:
    kinds = list(WEIGHTS)
    first = rng.choices(kinds, weights=[WEIGHTS[k] for k in kinds])[0]
    return [first, *[k for k in P.CORE if k != first]]


def plant_random(words: list[str], rng: random.Random) -> tuple[list[str], P.Plant] | None:
    for kind in _choose_kind(rng):
        edit = P.OPS[kind](words, rng)
        if edit is not None:
            return edit
    return None


def tool_version(tool: str) -> str:
    try:
        proc = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    first = (proc.stdout or proc.stderr).strip().splitlines()
    return first[0][:120] if first else "?"


def _truth_item(n: int, p: Planted, words: list[str], tokens: list[Token], aligned: dict[str, tuple]) -> dict:
    _toks, spans, idx = aligned[p.uid]
    a, b = spans[p.plant.start][0], spans[p.plant.end - 1][1]
    boxes = boxes_of(tokens, idx, a, b) if b > a else None
    item = {
        "id": n,
        "kind": p.plant.kind,
        "future": p.plant.future,
        "detail": p.plant.detail,
        "unit": p.uid,
        "text": P.printed_text(words[p.plant.start : p.plant.end]),
        "targeted": p.targeted,
        "located": boxes is not None,
    }
    if boxes:
        item["pages"] = sorted({x.page for x in boxes})
        item["break"] = break_kind(boxes)
        item["boxes"] = [
            [x.page, round(x.x0, 2), round(x.top, 2), round(x.x1, 2), round(x.bottom, 2)] for x in boxes
        ]
    else:
        item["pages"] = []
        item["break"] = "unknown"
    return item


def _align_all(tokens: list[Token], units: dict[str, list[str]]) -> dict[str, tuple]:
    al = Aligner(tokens)
    out = {}
    for uid, words in units.items():
        toks, spans = unit_tokens(words)
        out[uid] = (toks, spans, al.align(toks))
    return out


def _targets(
    tokens: list[Token],
    aligned: dict[str, tuple],
    taken: dict[str, list[tuple[int, int]]],
    rng: random.Random,
    want: dict[str, int] = TARGETS,
) -> list:
    """(unit, word, break kind) of printed line, column and page ends to double, clear of planted spans."""
    cands: dict[str, list[tuple[str, int]]] = {"page": [], "column": [], "line": []}
    for uid in sorted(aligned):
        _toks, spans, idx = aligned[uid]
        for w, kind in word_breaks(tokens, idx, spans).items():
            if all(e <= w - 2 or s >= w + 3 for s, e in taken.get(uid, [])):
                cands[kind].append((uid, w))
    chosen = []
    used: set[str] = set()
    for kind in ("page", "column", "line"):
        pool = cands[kind]
        rng.shuffle(pool)
        k = 0
        for uid, w in pool:
            if k >= want.get(kind, 0):
                break
            if uid in used:
                continue
            used.add(uid)
            chosen.append((uid, w, kind))
            k += 1
    return chosen


def _shift(planted: list, uid: str, w: int, get_uid, get_plant) -> None:
    """A word doubled at index w of a unit moves the spans of that unit's later errata one word on."""
    for p in planted:
        if get_uid(p) == uid:
            pl = get_plant(p)
            if pl.start > w:
                pl.start += 1
                pl.end += 1


def printed_share(aligned: dict[str, tuple]) -> float:
    """Share of the source's prose tokens found in poppler's text of the PDF (checks the harness itself)."""
    total = sum(len(t[0]) for t in aligned.values())
    found = sum(sum(1 for i in t[2] if i is not None) for t in aligned.values())
    return found / total if total else 0.0


def _write(out: Path, doc: str, pdf: Path, meta: dict, truth: list[dict], prose: list[dict]) -> Path:
    dest = out / f"{doc}.pdf"
    shutil.copyfile(pdf, dest)
    meta = {**meta, "errata": truth, "prose": prose}
    (out / f"{doc}.truth.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return dest


def build_generated(prod: R.Producer, pool: S.Pool, seed: int, out: Path, work: Path, doc: str) -> Path:
    rng = random.Random(f"{seed}:{doc}")
    blocks = R.generate(pool, rng, prod.layout, doc)
    units = {u.uid: u for u in R.units_of(blocks)}
    planted: list[Planted] = []
    for uid in sorted(units, key=lambda _: rng.random()):
        if rng.random() < 0.25:  # some prose stays clean
            continue
        edit = plant_random(units[uid].words, rng)
        if edit:
            units[uid].words, pl = edit
            planted.append(Planted(uid, pl))
    pdf = prod.build(prod.render(blocks), _fresh(work / "a"))
    # Targeted rounds: double words that end a printed line, column or page. A word inserted early in the
    # document can move the breaks after it, so page and column ends get a second round on the new print.
    want = dict(TARGETS)
    for round_ in ("b", "c"):
        tokens = pdf_tokens(pdf)
        aligned = _align_all(tokens, {u: x.words for u, x in units.items()})
        taken: dict[str, list[tuple[int, int]]] = {}
        for p in planted:
            taken.setdefault(p.uid, []).append((p.plant.start, p.plant.end))
        if round_ == "c":
            for n, p in enumerate(planted):
                if p.targeted in ("page", "column"):
                    got = _truth_item(n, p, units[p.uid].words, tokens, aligned)["break"]
                    if got == p.targeted:
                        want[p.targeted] -= 1
            want["line"] = 0
        chosen = _targets(tokens, aligned, taken, rng, want)
        if not chosen:
            break
        for uid, w, kind in chosen:
            new, pl = P.repeated_word(units[uid].words, rng, at=w) or (None, None)
            if new is not None and pl is not None:
                _shift(planted, uid, w, lambda p: p.uid, lambda p: p.plant)
                units[uid].words = new
                planted.append(Planted(uid, pl, targeted=kind))
        pdf = prod.build(prod.render(blocks), _fresh(work / round_))
    tokens = pdf_tokens(pdf)
    aligned = _align_all(tokens, {u: x.words for u, x in units.items()})
    truth = [_truth_item(n, p, units[p.uid].words, tokens, aligned) for n, p in enumerate(planted, 1)]
    prose = [{"unit": u.uid, "region": u.region, "text": R.plain(u.words)} for u in units.values()]
    meta = {
        "doc": doc,
        "producer": prod.name,
        "variant": prod.variant,
        "seed": seed,
        "printed_share": round(printed_share(aligned), 4),
        "tools": {t: tool_version(t) for t in prod.tools},
        "source": "prose, examples and option lists from Debian man pages: " + ", ".join(pool.origin),
    }
    return _write(out, doc, pdf, meta, truth, prose)


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# --------------------------------------------------------------------------- groff: planted into the man page


def _plain_line(line: str) -> bool:
    return (
        bool(line.strip()) and not line.startswith((".", "'")) and "\\" not in line and len(line.split()) >= 4
    )


def _troff_line(words: list[str]) -> str:
    text = " ".join(P.printed(w) for w in words).replace("\\", "\\e")
    return "\\&" + text if text.startswith((".", "'")) else text


def _printed_span(words: list[str], pl: P.Plant) -> P.Plant:
    """The plant's span counted in printed words (a planted reference prints as two words)."""
    a = sum(len(P.printed(w).split()) for w in words[: pl.start])
    b = a + sum(len(P.printed(w).split()) for w in words[pl.start : pl.end])
    return P.Plant(pl.kind, a, b, pl.detail)


@dataclass
class ManUnit:
    uid: str
    block: S.ManBlock

    def words(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for li, text in zip(self.block.lines, self.block.texts, strict=True):
            out.extend((S.strip_escapes(lines[li]) if li >= 0 else text).split())
        return out

    def line_offset(self, lines: list[str], li: int) -> int:
        n = 0
        for lj, text in zip(self.block.lines, self.block.texts, strict=True):
            if lj == li:
                return n
            n += len((S.strip_escapes(lines[lj]) if lj >= 0 else text).split())
        raise ValueError(li)


def build_groff(name: str, src: str, seed: int, out: Path, work: Path) -> Path:
    doc = "groff-" + re.sub(r"[^a-z0-9]+", "-", Path(name).name.lower()).strip("-")
    rng = random.Random(f"{seed}:{doc}")
    lines = src.split("\n")
    blocks = S.parse_man(src)
    units = [
        ManUnit(f"{doc}:b{k}", b)
        for k, b in enumerate(blocks)
        if b.kind == "para" and not b.impure and S.is_prose(b.text, 8)
    ]
    planted: list[tuple[ManUnit, int, int, P.Plant, str | None]] = []  # unit, line, word offset of line, ...

    def plain_lines(u: ManUnit) -> list[int]:
        return [li for li in u.block.lines if li >= 0 and _plain_line(lines[li])]

    for u in sorted(units, key=lambda _: rng.random()):
        cand = plain_lines(u)
        if not cand or rng.random() < 0.4:
            continue
        rng.shuffle(cand)
        done = False
        for kind in _choose_kind(rng):
            for li in cand:
                edit = P.OPS[kind](lines[li].split(), rng)
                if edit:
                    words, pl = edit
                    off = u.line_offset(lines, li)
                    lines[li] = _troff_line(words)
                    planted.append((u, li, off, _printed_span(words, pl), None))
                    done = True
                    break
            if done:
                break
    first = R.build_groff("\n".join(lines), _fresh(work / "a"))
    tokens = pdf_tokens(first)
    unit_words = {u.uid: u.words(lines) for u in units}
    aligned = _align_all(tokens, unit_words)
    by_uid = {u.uid: u for u in units}
    # groff errata are kept per source line: a line holds at most one
    taken_lines = {li for _u, li, _o, _p, _k in planted}
    plantable = {u.uid: aligned[u.uid] for u in units if plain_lines(u)}
    for uid, w, kind in _targets(tokens, plantable, {}, rng):
        u = by_uid[uid]
        for li in plain_lines(u):
            off = u.line_offset(lines, li)
            n = len(lines[li].split())
            if off <= w < off + n:
                edit = P.repeated_word(lines[li].split(), rng, at=w - off)
                if edit and li not in taken_lines:
                    words, pl = edit
                    lines[li] = _troff_line(words)
                    taken_lines.add(li)
                    # later source lines of this unit print one word later
                    for k, (u2, li2, off2, pl2, kind2) in enumerate(planted):
                        if u2.uid == uid and li2 > li:
                            planted[k] = (u2, li2, off2 + 1, pl2, kind2)
                    planted.append((u, li, off, pl, kind))
                break
    pdf = R.build_groff("\n".join(lines), _fresh(work / "b"))
    tokens = pdf_tokens(pdf)
    unit_words = {u.uid: u.words(lines) for u in units}
    aligned = _align_all(tokens, unit_words)
    truth = []
    for n, (u, _li, off, pl, kind) in enumerate(planted, 1):
        shifted = copy.copy(pl)
        shifted.start += off
        shifted.end += off
        truth.append(_truth_item(n, Planted(u.uid, shifted, kind), unit_words[u.uid], tokens, aligned))
    prose = [{"unit": u.uid, "region": "body", "text": " ".join(unit_words[u.uid])} for u in units]
    meta = {
        "doc": doc,
        "producer": "groff",
        "variant": name,
        "seed": seed,
        "printed_share": round(printed_share(aligned), 4),
        "tools": {"groff": tool_version("groff")},
        "source": f"/usr/share/man/{name} (Debian), errata planted into the troff source",
    }
    return _write(out, doc, pdf, meta, truth, prose)
