"""Documents for the document-level rules: numbered captions, equations and headings, references, repeated terms.

Two "refs" documents per producer chain (``<producer>-refs-a``, ``-b``), built from the same man-page prose as the others
but from a random stream of its own (seed and document name), so that adding these documents leaves every
other document of the corpus as it was. A document has numbered sections and subsections ("2 Overview",
"2.3 Output formats"), figures (a listing and its caption "Figure 3: ..."), tables ("Table 2. ..."), displayed
equations numbered at the right margin ("(5)") where the producer prints them, references to them in the prose
("See Figure 3 for an example.", "The details are given in Eq. (5).", "Section 4.2") and a few technical
terms, each used several times ("dataset", "timestamp", "backend").

Every number is chosen here and printed as chosen: literal text in the producers whose captions are text
(HTML, Texinfo, groff, Markdown, reStructuredText), a counter set just before each caption, heading and
equation in LaTeX, so that the print carries exactly the planted errata:

* ``dangling-reference``: a reference to a number nothing carries, in the document's own numbering style (one
  past the last figure, "Section 3.5" where section 3 ends at 3.3), so that the rule is meant to judge it;
* ``numbering``: a caption, equation or subsection number printed twice or after a gap;
* ``term-consistency``: one or two uses of a term spelt the minority way ("data-set" among "dataset").

Numbers are document-wide ("Figure 3", "(5)") in LaTeX, Markdown and HTML, per chapter ("Figure 2.3",
"(2.3)") in Texinfo, reStructuredText and groff, as those producers' own numbering would be.
"""

from __future__ import annotations

import html
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.inject import build as B
from benchmarks.inject import plant as P
from benchmarks.inject import render as R
from benchmarks.inject import sources as S
from benchmarks.inject.locate import pdf_tokens

TIE = "\x03"  # ends a reference's keyword: the producer ties it to its number ("Figure~3")

# Compounds and their spellings: closed, hyphenated, open (None where the open pair is no spelling the rule
# reads: a piece shorter than three letters or not a common word). Chosen as in term-consistency's own
# examples: terms of the trade a man page hardly prints, so that the planted uses are the only ones.
TERMS: tuple[tuple[str, str, str | None], ...] = (
    ("dataset", "data-set", "data set"),
    ("timestamp", "time-stamp", "time stamp"),
    ("backend", "back-end", "back end"),
    ("checkpoint", "check-point", "check point"),
    ("workflow", "work-flow", "work flow"),
    ("codebase", "code-base", "code base"),
    ("namespace", "name-space", "name space"),
    ("softmax", "soft-max", None),
    ("preprocessing", "pre-processing", None),
    ("toolchain", "tool-chain", "tool chain"),
    ("placeholder", "place-holder", "place holder"),
    ("spreadsheet", "spread-sheet", "spread sheet"),
    ("screenshot", "screen-shot", "screen shot"),
    ("bookmark", "book-mark", "book mark"),
    ("wildcard", "wild-card", "wild card"),
)
# Sentences that use a term as a noun, the term never first (a capital is a name to the rule).
_TERM_SENTENCES = (
    "The {} is kept as it is.",
    "Each {} is read in turn.",
    "This also holds for the {}.",
    "A new {} is made when needed.",
    "Nothing else changes the {}.",
    "Only one {} is used at a time.",
    "The same is true of every {}.",
    "In that case the {} is left alone.",
)
_REF_SENTENCES = (
    "See {} for an example.",
    "The details are given in {}.",
    "This is also the case in {}.",
    "As {} shows, the order matters.",
)
_TITLES = (
    "Overview",
    "Invocation rules",
    "Files and directories",
    "Environment variables",
    "Patterns and matching",
    "Output formats",
    "Configuration files",
    "Worked examples",
    "Compatibility notes",
    "Diagnostics and errors",
    "Exit status",
    "Signals and limits",
    "Character sets",
    "Security notes",
    "Return values",
    "Performance hints",
    "Locale settings",
    "Standard input",
    "Temporary files",
    "Option parsing",
    "Search order",
    "Default values",
    "Error recovery",
    "Shell quoting",
    "Log messages",
    "Network access",
    "Access rights",
    "Time zones",
    "Memory use",
    "Known bugs",
)
_VARS = "abcdfghkmnpqrstuvwxyz"
DOC_KINDS = ("figure", "table", "equation", "section")
NAME = {"figure": "Figure", "table": "Table", "equation": "Equation", "section": "Section"}


@dataclass
class RBlock:
    kind: str  # heading, para, figure, table, equation
    unit: R.Unit
    level: int = 1  # headings: 1 section, 2 subsection
    number: str = ""
    text: str = ""  # heading title, caption text
    lines: list[str] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)
    tex: str = ""  # an equation in LaTeX


@dataclass(frozen=True)
class Style:
    chapters: bool  # numbers per chapter ("2.3") rather than document-wide ("3")
    equations: bool
    sep: str  # after a caption's number


@dataclass
class _Label:
    kind: str
    chapter: int
    number: str = ""
    block: RBlock | None = None


def _paragraph(pool_paras: list[str], rng: random.Random) -> list[str]:
    words = rng.choice(pool_paras).split()
    # at most about five sentences: the document's length is in its sections, not its paragraphs
    ends = [i for i, w in enumerate(words) if w.endswith(".") and i >= 12]
    if len(ends) > 5:
        words = words[: ends[4] + 1]
    return words


def _numbers(labels: list[_Label], style: Style, rng: random.Random, kind: str) -> list[tuple[int, str]]:
    """Number the labels of one kind, planting up to two numbering errata: (index, "repeat"/"skip")."""
    # never the first of its sequence: "Figure 2.2" first in chapter 2 follows nothing, so it is no gap
    per_chapter = kind == "section" or style.chapters
    if per_chapter:
        cands = [i for i, lab in enumerate(labels) if i and labels[i - 1].chapter == lab.chapter]
    else:
        cands = list(range(1, len(labels)))
    rng.shuffle(cands)
    chosen: list[int] = []
    for i in cands:
        if len(chosen) < 2 and all(abs(i - j) > 1 for j in chosen):
            chosen.append(i)
    details = ["repeat", "skip"]
    rng.shuffle(details)
    errata = {i: details[k] for k, i in enumerate(sorted(chosen))}
    n, chapter = 0, None
    for i, lab in enumerate(labels):
        if per_chapter and lab.chapter != chapter:
            n, chapter = 0, lab.chapter
        detail = errata.get(i)
        n += {"repeat": 0, "skip": 2}.get(detail or "", 1)
        lab.number = f"{lab.chapter}.{n}" if per_chapter else str(n)
    return sorted(errata.items())


def _ref_words(kind: str, number: str, rng: random.Random) -> list[str]:
    if kind == "equation":
        return [rng.choice(("Eq.", "Equation")) + TIE, f"({number})"]
    if kind == "figure":
        return [rng.choice(("Figure", "Figure", "Fig.")) + TIE, number]
    return [NAME[kind] + TIE, number]


def _sentence(template: str, middle: list[str]) -> tuple[list[str], int, int]:
    """A template's words with ``middle`` in place of {}, and the span of ``middle``."""
    head, tail = template.split("{}")
    words = head.split()
    a = len(words)
    mid = list(middle)
    rest = tail.split()
    if tail.startswith(".") or tail.startswith(","):
        mid[-1] += tail.split()[0]
        rest = tail.split()[1:]
    return [*words, *mid, *rest], a, a + len(mid)


def generate(
    pool: S.Pool, rng: random.Random, style: Style, name: str
) -> tuple[list[RBlock], list[B.Planted]]:
    paras = [
        p for p in (R._clean(p) for p in pool.paragraphs) if p and "Figure" not in p and "Table" not in p
    ]
    examples = [e for e in ([R._clean(x) for x in ex] for ex in pool.examples) if all(e)]
    options = [(t, d) for t, d in pool.options if R._clean(t) and R._clean(d) and re.match(r"^[-A-Za-z]", t)]
    n = 0

    def unit(words: list[str], region: str = "body") -> R.Unit:
        nonlocal n
        n += 1
        return R.Unit(f"{name}:u{n}", words, region)

    # The skeleton: sections, subsections, paragraphs and the numbered displays among them.
    titles = iter(rng.sample(_TITLES, len(_TITLES)))
    skeleton: list[tuple[str, int]] = []  # (kind, chapter)
    for s in range(1, 6):
        skeleton.append(("h1", s))
        skeleton.append(("para", s))
        for _ in range(rng.randint(2, 4)):
            skeleton.append(("h2", s))
            for _ in range(rng.randint(1, 2)):
                skeleton.append(("para", s))
                roll = rng.random()
                if roll < 0.35:
                    skeleton.append(("figure", s))
                elif roll < 0.55:
                    skeleton.append(("table", s))
                elif roll < 0.8 and style.equations:
                    skeleton.append(("equation", s))
    labels: dict[str, list[_Label]] = {k: [] for k in DOC_KINDS}
    slots: list[tuple[str, int, _Label | None]] = []
    for kind, s in skeleton:
        key = "section" if kind == "h2" else kind
        lab = _Label(key, s) if key in labels else None
        if lab:
            labels[key].append(lab)
        slots.append((kind, s, lab))
    planted: list[B.Planted] = []
    numbering: dict[int, str] = {}  # id(label) -> detail
    for kind in DOC_KINDS:
        for i, detail in _numbers(labels[kind], style, rng, kind):
            numbering[id(labels[kind][i])] = detail

    # Prose: the paragraphs, with references and term sentences set in at sentence ends.
    para_slots = [k for k, (kind, _s, _l) in enumerate(slots) if kind == "para"]
    # per paragraph: sentences to set in, each with the planted erratum it carries (span, kind, detail)
    inserts: dict[int, list[tuple[list[str], tuple[int, int, str, str] | None]]] = {k: [] for k in para_slots}
    twice = {
        k: {lab.number for lab in labs if sum(x.number == lab.number for x in labs) > 1}
        for k, labs in labels.items()
    }
    for kind in DOC_KINDS:
        labs = [lab for lab in labels[kind] if lab.number not in twice[kind]]
        for lab in rng.sample(labs, min(len(labs), 3)):  # references to what the document prints
            words, _a, _b = _sentence(rng.choice(_REF_SENTENCES), _ref_words(kind, lab.number, rng))
            inserts[rng.choice(para_slots)].append((words, None))
        # dangling references, in the document's own style: past the last number, document-wide or in a
        # chapter that has some of that kind
        chapters = sorted({lab.chapter for lab in labels[kind]})
        for _ in range(2 if labels[kind] else 0):
            if style.chapters or kind == "section":
                ch = rng.choice(chapters)
                last = max(int(lab.number.split(".")[-1]) for lab in labels[kind] if lab.chapter == ch)
                target = f"{ch}.{last + rng.randint(1, 3)}"
            else:
                last = max(int(lab.number) for lab in labels[kind])
                target = str(last + rng.randint(1, 3))
            words, a, b = _sentence(rng.choice(_REF_SENTENCES), _ref_words(kind, target, rng))
            inserts[rng.choice(para_slots)].append((words, (a, b, "dangling-reference", NAME[kind])))
    # terms: four per document, one spelling the majority and one or two uses of another
    code = " ".join(" ".join(e) for e in examples).lower()
    prose = " ".join(paras).lower()
    usable = [t for t in TERMS if not any(v and (v in prose or v in code) for v in t)]
    for closed, hyph, open_ in rng.sample(usable, min(4, len(usable))):
        plans = [("hyphenated-among-closed", closed, hyph), ("closed-among-hyphenated", hyph, closed)]
        if open_:
            plans.append(("open-among-closed", closed, open_))
        detail, major, minor = rng.choice(plans)
        n_major, n_minor = rng.randint(6, 8), rng.randint(1, 2)
        uses = [(major, False)] * n_major + [(minor, True)] * n_minor
        rng.shuffle(uses)
        for spelling, wrong in uses:
            words, a, b = _sentence(rng.choice(_TERM_SENTENCES), spelling.split())
            inserts[rng.choice(para_slots)].append(
                (words, (a, b, "term-consistency", detail) if wrong else None)
            )

    blocks: list[RBlock] = []
    for k, (kind, s, lab) in enumerate(slots):
        if kind == "h1":
            title = next(titles)
            blocks.append(RBlock("heading", unit([str(s), *title.split()], "heading"), 1, str(s), title))
        elif kind == "h2" and lab:
            title = next(titles, None) or rng.choice(_TITLES)
            u = unit([lab.number, *title.split()], "heading")
            lab.block = RBlock("heading", u, 2, lab.number, title)
            blocks.append(lab.block)
        elif kind == "para":
            words = _paragraph(paras, rng)
            spans: list[tuple[int, int, str, str]] = []
            pending = inserts[k]
            rng.shuffle(pending)
            ends = [i for i, w in enumerate(words) if w.endswith(".")]
            cuts = sorted(rng.choice(ends) + 1 if ends else len(words) for _ in pending)
            out: list[str] = []
            prev = 0
            for cut, (sw, mark) in zip(cuts, pending, strict=True):
                out += words[prev:cut]
                prev = cut
                if mark:
                    a, b, pkind, detail = mark
                    spans.append((len(out) + a, len(out) + b, pkind, detail))
                out += sw
            out += words[prev:]
            u = unit(out)
            blocks.append(RBlock("para", u))
            planted += [B.Planted(u.uid, P.Plant(pk, a, b, d)) for a, b, pk, d in spans]
        elif kind == "figure" and lab and examples:
            cap = _caption(paras, rng)
            u = unit(["Figure", lab.number + style.sep, *cap], "caption")
            lab.block = RBlock("figure", u, number=lab.number, text=" ".join(cap), lines=rng.choice(examples))
            blocks.append(lab.block)
        elif kind == "table" and lab and options:
            cap = _caption(paras, rng)
            u = unit(["Table", lab.number + style.sep, *cap], "caption")
            rows = rng.sample(options, min(len(options), rng.randint(2, 4)))
            lab.block = RBlock("table", u, number=lab.number, text=" ".join(cap), rows=rows)
            blocks.append(lab.block)
        elif kind == "equation" and lab:
            # single letters between binary operators: every producer prints them as words of their own
            v, a, b, c = rng.sample(_VARS, 4)
            shown = [v, "=", a, rng.choice(("+", "-")), b, rng.choice(("+", "-")), c]
            tex = " ".join(shown)
            u = unit([*shown, f"({lab.number})"], "equation")
            lab.block = RBlock("equation", u, number=lab.number, text=" ".join(shown), tex=tex)
            blocks.append(lab.block)
    for kind in DOC_KINDS:
        for lab in labels[kind]:
            detail = numbering.get(id(lab))
            if detail and lab.block:
                # the label: "Figure 3:" starts a caption, "2.3" a heading, "(5)" ends an equation
                u = lab.block.unit
                at = len(u.words) - 1 if kind == "equation" else 0
                end = at + (2 if kind in ("figure", "table") else 1)
                planted.append(B.Planted(u.uid, P.Plant("numbering", at, end, f"{kind}-{detail}")))
    return blocks, planted


def _caption(paras: list[str], rng: random.Random) -> list[str]:
    words = rng.choice(paras).split()[: rng.randint(5, 9)]
    words[-1] = words[-1].rstrip(",;:.") + "."
    words[0] = words[0][:1].upper() + words[0][1:]
    if re.search(r"\d\W*$", words[-1]):  # a caption ending in a number reads as a contents entry
        words[-1] = "example."
    return words


# --------------------------------------------------------------------------- renderers


def _joined(words: list[str], esc: Callable[[str], str], tie: str) -> str:
    return " ".join(esc(w) for w in words).replace(TIE + " ", tie).replace(TIE, "")


def render_latex(blocks: list[RBlock], engine: str) -> str:
    pre = [r"\documentclass[11pt,a4paper]{article}"]
    if engine == "pdflatex":
        pre += [r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}", r"\usepackage{lmodern}"]
    else:
        pre += [r"\usepackage{fontspec}"]
    pre += [
        r"\usepackage[a4paper,margin=2.5cm]{geometry}",
        r"\usepackage{listings}",
        r"\usepackage{booktabs}",
    ]
    pre += [r"\usepackage{caption}", r"\usepackage{amsmath}"]
    pre += [r"\lstset{basicstyle=\ttfamily\small,columns=fixed,breaklines=true,keepspaces=true,frame=single}"]
    body = [r"\begin{document}", r"\title{Reference notes}", r"\date{}", r"\maketitle"]
    esc = R._tex_escape
    for b in blocks:
        if b.kind == "heading":
            counter = "section" if b.level == 1 else "subsection"
            n = int(b.number.split(".")[-1])
            cmd = "section" if b.level == 1 else "subsection"
            body += [f"\\setcounter{{{counter}}}{{{n - 1}}}\\{cmd}{{{esc(b.text)}}}", ""]
        elif b.kind == "para":
            body += [_joined(b.unit.words, esc, "~"), ""]
        elif b.kind == "figure":
            body += [r"\begin{center}\begin{minipage}{0.8\linewidth}", r"\begin{lstlisting}", *b.lines]
            body += [r"\end{lstlisting}", f"\\setcounter{{figure}}{{{int(b.number) - 1}}}"]
            body += [f"\\captionof{{figure}}{{{esc(b.text)}}}", r"\end{minipage}\end{center}", ""]
        elif b.kind == "table":
            rows = [f"\\texttt{{{esc(t)}}} & {esc(d)} \\\\" for t, d in b.rows]
            body += [r"\begin{center}", f"\\setcounter{{table}}{{{int(b.number) - 1}}}"]
            body += [f"\\captionof{{table}}{{{esc(b.text)}}}", r"\begin{tabular}{@{}lp{0.6\linewidth}@{}}"]
            body += [r"\toprule", *rows, r"\bottomrule", r"\end{tabular}", r"\end{center}", ""]
        elif b.kind == "equation":
            body += [f"\\setcounter{{equation}}{{{int(b.number) - 1}}}"]
            body += [r"\begin{equation}", b.tex, r"\end{equation}", ""]
    body.append(r"\end{document}")
    return "\n".join(pre + body) + "\n"


def render_html(blocks: list[RBlock]) -> str:
    css = [
        "@page { size: A4; margin: 2cm; }",
        "body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; line-height: 1.35; }",
        "p { text-align: justify; margin: 0 0 0.6em 0; }",
        "pre { font-size: 9pt; background: #f4f4f4; padding: 4pt; white-space: pre-wrap; }",
        "td { vertical-align: top; padding: 2pt 6pt; } .cap { text-align: left; font-size: 9.5pt; }",
    ]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Reference notes</title>',
        f"<style>{' '.join(css)}</style></head><body>",
        "<h1>Reference notes</h1>",
    ]

    def text(words: list[str]) -> str:
        return _joined(words, html.escape, "&nbsp;")

    for b in blocks:
        if b.kind == "heading":
            tag = "h2" if b.level == 1 else "h3"
            out.append(f"<{tag}>{html.escape(b.number + ' ' + b.text)}</{tag}>")
        elif b.kind == "para":
            out.append(f"<p>{text(b.unit.words)}</p>")
        elif b.kind == "figure":
            out.append("<pre>" + html.escape("\n".join(b.lines)) + "</pre>")
            out.append(f'<p class="cap">{text(b.unit.words)}</p>')
        elif b.kind == "table":
            out.append(f'<p class="cap">{text(b.unit.words)}</p>')
            rows = "".join(
                f"<tr><td><code>{html.escape(t)}</code></td><td>{html.escape(d)}</td></tr>" for t, d in b.rows
            )
            out.append(f"<table>{rows}</table>")
        elif b.kind == "equation":
            out.append(
                '<table style="width:100%"><tr><td style="text-align:center">'
                f"{html.escape(b.text)}</td>"
                f'<td style="text-align:right; width:4em">({b.number})</td></tr></table>'
            )
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render_texinfo(blocks: list[RBlock]) -> str:
    esc = R._texi_escape
    out = [
        "\\input texinfo",
        "@setfilename notes.info",
        "@settitle Reference notes",
        "@setchapternewpage off",
    ]
    out += ["", "@titlepage", "@title Reference notes", "@end titlepage", ""]
    for b in blocks:
        if b.kind == "heading":
            cmd = "@unnumbered" if b.level == 1 else "@heading"
            out += [f"{cmd} {esc(b.number)} {esc(b.text)}", ""]
        elif b.kind == "para":
            out += [_joined(b.unit.words, esc, "@tie{}"), ""]
        elif b.kind == "figure":
            out += ["@example", *(esc(x) for x in b.lines), "@end example", ""]
            out += ["@noindent", _joined(b.unit.words, esc, "@tie{}"), ""]
        elif b.kind == "table":
            out += ["@noindent", _joined(b.unit.words, esc, "@tie{}"), ""]
            out.append("@multitable @columnfractions .3 .7")
            for t, d in b.rows:
                out.append(f"@item @code{{{esc(t)}}} @tab {esc(d)}")
            out += ["@end multitable", ""]
        elif b.kind == "equation":
            out += ["@multitable @columnfractions .85 .15", f"@item {esc(b.text)} @tab ({b.number})"]
            out += ["@end multitable", ""]
    out.append("@bye")
    return "\n".join(out) + "\n"


def _troff(s: str) -> str:
    s = s.replace("\\", "\\e")
    return "\\&" + s if s.startswith((".", "'")) else s


def render_ms(blocks: list[RBlock]) -> str:
    out = [".TL", "Reference notes", ".LP"]

    def text(words: list[str]) -> str:
        return _troff(" ".join(words)).replace(TIE + " ", "\\~").replace(TIE, "")

    for b in blocks:
        if b.kind == "heading":
            out += [".SH", _troff(f"{b.number} {b.text}")]
        elif b.kind == "para":
            out += [".PP", text(b.unit.words)]
        elif b.kind == "figure":
            out += [".DS L", ".ft CW", *(_troff(x) for x in b.lines), ".ft", ".DE", ".LP", text(b.unit.words)]
        elif b.kind == "table":
            out += [".LP", text(b.unit.words), ".TS", "l l."]
            out += [f"{_troff(t)}\t{_troff(d)}" for t, d in b.rows]
            out += [".TE"]
        elif b.kind == "equation":
            out += [".LP", ".ta 3iC 6iR", f"\t{_troff(b.text)}\t({b.number})"]
    return "\n".join(out) + "\n"


def render_markdown(blocks: list[RBlock]) -> str:
    esc = R._md_escape
    out = ["---", "title: Reference notes", "geometry: margin=2.5cm", "---", ""]

    def text(words: list[str]) -> str:
        # escaped as a whole: a number that starts a line of the source ("4.4.") is escaped only there
        return esc(" ".join(words)).replace(TIE + " ", "\\ ").replace(TIE, "")

    for b in blocks:
        if b.kind == "heading":
            out += [f"{'#' * b.level} {b.number} {b.text}", ""]
        elif b.kind == "para":
            out += [text(b.unit.words), ""]
        elif b.kind == "figure":
            out += ["```", *b.lines, "```", "", text(b.unit.words), ""]
        elif b.kind == "table":
            out += [text(b.unit.words), "", "| Name | Meaning |", "|:-----|:--------|"]
            out += [f"| `{t.replace('|', ' ')}` | {esc(d)} |" for t, d in b.rows]
            out.append("")
        elif b.kind == "equation":
            out += [f"$$ {b.tex} \\tag{{{b.number}}} $$", ""]
    return "\n".join(out) + "\n"


def render_rst(blocks: list[RBlock]) -> str:
    esc = R._rst_escape
    out = ["Reference notes", "===============", ""]

    def text(words: list[str]) -> str:
        return esc(" ".join(words)).replace(TIE + " ", "\u00a0").replace(TIE, "")

    for b in blocks:
        if b.kind == "heading":
            t = f"{b.number} {b.text}"
            out += [t, ("-" if b.level == 1 else "~") * len(t), ""]
        elif b.kind == "para":
            out += [text(b.unit.words), ""]
        elif b.kind == "figure":
            out += ["::", "", *(f"   {x}" for x in b.lines), "", text(b.unit.words), ""]
        elif b.kind == "table":
            out += [text(b.unit.words), "", ".. list-table::", "   :widths: 30 70", ""]
            for t, d in b.rows:
                out += [f"   * - ``{t}``", f"     - {esc(d)}"]
            out.append("")
        elif b.kind == "equation":
            out += [
                ".. math::",
                "   :nowrap:",
                "",
                f"   \\begin{{equation*}}{b.tex} \\tag{{{b.number}}}\\end{{equation*}}",
                "",
            ]
    return "\n".join(out) + "\n"


# Sphinx numbers its chapters itself: the headings here carry their numbers as text.
# Sphinx numbers its chapters itself: the headings here carry their numbers as text. No table of contents: its
# entries repeat the headings' words, and the truth would find a planted heading number there.
_SPHINX_CONF = R._SPHINX_CONF + (
    'latex_elements = {"preamble": r"\\setcounter{secnumdepth}{-1}", "tableofcontents": ""}\n'
)


def build_sphinx(src: str, work: Path) -> Path:
    return R.build_sphinx(src, work, conf=_SPHINX_CONF)


def build_ms(src: str, work: Path) -> Path:
    return R.build_groff(src, work, macros="ms")


@dataclass(frozen=True)
class RefsProducer:
    name: str
    tools: tuple[str, ...]
    style: Style
    render: Callable[[list[RBlock]], str]
    build: Callable[[str, Path], Path]

    @property
    def doc(self) -> str:
        return f"{self.name}-refs"

    def missing(self) -> list[str]:
        return [t for t in self.tools if shutil.which(t) is None]


def _latex(engine: str) -> RefsProducer:
    return RefsProducer(
        engine, (engine,), Style(False, True, ":"), lambda b: render_latex(b, engine),
        lambda s, w: R.build_latex(s, w, engine),
    )  # fmt: skip


PRODUCERS: tuple[RefsProducer, ...] = (
    _latex("pdflatex"),
    _latex("xelatex"),
    _latex("lualatex"),
    RefsProducer("texinfo", ("texi2pdf", "pdftex"), Style(True, True, "."), render_texinfo, R.build_texinfo),
    RefsProducer("pandoc", ("pandoc", "pdflatex"), Style(False, True, ":"), render_markdown, R.build_pandoc),
    RefsProducer("sphinx", ("sphinx-build", "latexmk", "pdflatex"), Style(True, True, ":"), render_rst, build_sphinx),
    RefsProducer("chromium", ("chromium",), Style(False, True, "."), render_html, R.build_chromium),
    RefsProducer("libreoffice", ("soffice",), Style(False, True, "."), render_html, R.build_libreoffice),
    RefsProducer("groff", ("groff",), Style(True, True, "."), render_ms, build_ms),
)  # fmt: skip


def build_refs(prod: RefsProducer, pool: S.Pool, seed: int, out: Path, work: Path, doc: str) -> Path:
    rng = random.Random(f"{seed}:{doc}")
    blocks, planted = generate(pool, rng, prod.style, doc)
    units = {b.unit.uid: b.unit for b in blocks}
    pdf = prod.build(prod.render(blocks), B._fresh(work / "a"))
    tokens = pdf_tokens(pdf)
    aligned = B._align_all(tokens, {uid: [w.replace(TIE, "") for w in u.words] for uid, u in units.items()})
    truth = []
    for n, p in enumerate(planted, 1):
        words = [w.replace(TIE, "") for w in units[p.uid].words]
        truth.append(B._truth_item(n, p, words, tokens, aligned))
    prose = [
        {"unit": u.uid, "region": u.region, "text": R.plain(u.words).replace(TIE, "")}
        for u in units.values()
        if u.region in ("body", "caption")
    ]
    meta = {
        "doc": doc,
        "producer": prod.name,
        "variant": "refs",
        "seed": seed,
        "printed_share": round(B.printed_share(aligned), 4),
        "tools": {t: B.tool_version(t) for t in prod.tools},
        "source": "prose from Debian man pages with numbered captions, equations, headings, references and "
        "repeated terms: " + ", ".join(pool.origin),
    }
    return B._write(out, doc, pdf, meta, truth, prose)
