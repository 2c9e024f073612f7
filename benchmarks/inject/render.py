"""Documents built from the prose pool, and how each producer renders and prints them.

A generated document is a list of blocks (headings, prose paragraphs with optional margin notes and footnotes,
code listings, term/description tables, code set beside a prose paragraph, bullet lists). Each producer turns
it into its own source language (LaTeX, Texinfo, Markdown, reStructuredText, HTML) and prints it with the real
tool. Every piece of prose is a :class:`Unit`: the word list that errata are planted into and that the truth
and the prose coverage are computed from.
"""

from __future__ import annotations

import html
import random
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.inject.plant import special
from benchmarks.inject.sources import Pool


@dataclass
class Unit:
    uid: str
    words: list[str]
    region: str = "body"  # body, margin, footnote


@dataclass
class Block:
    kind: str  # heading, para, code, table, beside, items
    text: str = ""
    unit: Unit | None = None
    margin: Unit | None = None
    footnote: Unit | None = None
    lines: list[str] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)
    items: list[Unit] = field(default_factory=list)


def units_of(blocks: list[Block]) -> list[Unit]:
    out: list[Unit] = []
    for b in blocks:
        for u in (b.unit, b.margin, b.footnote, *b.items):
            if u is not None:
                out.append(u)
    return out


_ASCII = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2014": "-", "\u2013": "-"}
)


def _clean(text: str) -> str | None:
    text = text.translate(_ASCII).replace("\t", " ")
    return text if text.isascii() else None


@dataclass(frozen=True)
class Layout:
    """What a generated document may contain."""

    margin_notes: bool = False
    footnotes: bool = True
    beside: bool = False
    displays: bool = True  # code listings, tables and lists between the paragraphs
    sections: int = 10


def generate(pool: Pool, rng: random.Random, layout: Layout, name: str) -> list[Block]:
    paragraphs = [p for p in (_clean(p) for p in pool.paragraphs) if p]
    examples = [e for e in ([_clean(x) for x in ex] for ex in pool.examples) if all(e)]
    options = [(t, d) for t, d in pool.options if _clean(t) and _clean(d) and re.match(r"^[-A-Za-z]", t)]
    paras = iter(rng.sample(paragraphs, min(len(paragraphs), 300)))
    n = 0

    def unit(region: str = "body", short: bool = False) -> Unit:
        nonlocal n
        n += 1
        words = next(paras).split()
        if short:
            words = words[: rng.randint(10, 18)]
            if not words[-1].endswith("."):
                words[-1] = words[-1].rstrip(",;:") + "."
        return Unit(f"{name}:u{n}", words, region)

    blocks: list[Block] = []
    for s in range(layout.sections):
        blocks.append(Block("heading", text=f"{s + 1} " + rng.choice(_TITLES)))
        for _ in range(rng.randint(4, 6)):
            roll = rng.random() if layout.displays else 1.0
            if roll < 0.18 and examples:
                blocks.append(Block("code", lines=[x for x in rng.choice(examples) if x is not None]))
            elif roll < 0.28 and options:
                blocks.append(Block("table", rows=rng.sample(options, rng.randint(3, 6))))
            elif roll < 0.38 and layout.beside and examples:
                blocks.append(Block("beside", unit=unit(), lines=[x for x in rng.choice(examples) if x]))
            elif roll < 0.44:
                blocks.append(Block("items", items=[unit(short=True) for _ in range(rng.randint(2, 4))]))
            b = Block("para", unit=unit())
            if layout.margin_notes and rng.random() < 0.25:
                b.margin = unit("margin", short=True)
            if layout.footnotes and rng.random() < 0.15:
                b.footnote = unit("footnote", short=True)
            blocks.append(b)
    return blocks


_TITLES = (
    "Overview",
    "Invocation",
    "Files and directories",
    "Environment",
    "Patterns and matching",
    "Output formats",
    "Configuration",
    "Examples",
    "Compatibility notes",
    "Diagnostics",
)

# --------------------------------------------------------------------------- LaTeX


def _tex_escape(s: str) -> str:
    out = []
    for ch in s:
        out.append(
            {
                "\\": r"\textbackslash{}",
                "{": r"\{",
                "}": r"\}",
                "$": r"\$",
                "&": r"\&",
                "#": r"\#",
                "%": r"\%",
                "_": r"\_",
                "~": r"\textasciitilde{}",
                "^": r"\textasciicircum{}",
                "<": r"\textless{}",
                ">": r"\textgreater{}",
                '"': r"\textquotedbl{}",
                "|": r"\textbar{}",
            }.get(ch, ch)
        )
    return "".join(out)


def _tex_words(words: list[str], counter: list[int]) -> str:
    out = []
    for w in words:
        sp = special(w)
        if sp is None:
            out.append(_tex_escape(w))
            continue
        counter[0] += 1
        pre, kind, kw, suf = sp
        key = f"nosuch{counter[0]}"
        if kind == "cite":
            out.append(f"{_tex_escape(pre)}\\cite{{{key}}}{_tex_escape(suf)}")
        elif kind == "eqref":
            out.append(f"{_tex_escape(pre)}{kw}~(\\ref{{{key}}}){_tex_escape(suf)}")
        elif kw == "page":
            out.append(f"{_tex_escape(pre)}page~\\pageref{{{key}}}{_tex_escape(suf)}")
        else:
            out.append(f"{_tex_escape(pre)}{kw}~\\ref{{{key}}}{_tex_escape(suf)}")
    return " ".join(out)


@dataclass(frozen=True)
class TexStyle:
    engine: str  # pdflatex, xelatex, lualatex
    twocolumn: bool
    listings_font: str  # mono or prop


def render_latex(blocks: list[Block], style: TexStyle) -> str:
    c = [0]
    width = r"\columnwidth"
    opts = "10pt,twocolumn" if style.twocolumn else "11pt"
    pre = [f"\\documentclass[{opts},a4paper]{{article}}"]
    if style.engine == "pdflatex":
        pre += [r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}", r"\usepackage{lmodern}"]
    else:
        pre += [r"\usepackage{fontspec}"]
        if style.engine == "xelatex":
            pre += [r"\setmainfont{DejaVu Serif}", r"\setmonofont{DejaVu Sans Mono}[Scale=0.9]"]
    geo = "margin=2cm" if style.twocolumn else "left=2.5cm,right=5.5cm,marginparwidth=4cm,marginparsep=0.6cm"
    pre += [f"\\usepackage[a4paper,{geo}]{{geometry}}", r"\usepackage{listings}", r"\usepackage{booktabs}"]
    pre += [r"\usepackage{tabularx}"]
    basic = r"\ttfamily\small" if style.listings_font == "mono" else r"\rmfamily\small"
    cols = "fixed" if style.listings_font == "mono" else "fullflexible"
    pre += [f"\\lstset{{basicstyle={basic},columns={cols},breaklines=true,keepspaces=true}}"]
    body = [r"\begin{document}", r"\title{Reference notes}", r"\date{}", r"\maketitle"]
    for b in blocks:
        if b.kind == "heading":
            body.append(f"\\section{{{_tex_escape(b.text.split(' ', 1)[1])}}}")
        elif b.kind == "para" and b.unit:
            words = list(b.unit.words)
            text = _tex_words(words, c)
            if b.margin:
                cut = len(words) // 3
                text = (
                    _tex_words(words[:cut], c)
                    + f"\\marginpar{{\\footnotesize\\raggedright {_tex_words(b.margin.words, c)}}} "
                    + _tex_words(words[cut:], c)
                )
            if b.footnote:
                text += f"\\footnote{{{_tex_words(b.footnote.words, c)}}}"
            body += [text, ""]
        elif b.kind == "code":
            body += [r"\begin{lstlisting}", *b.lines, r"\end{lstlisting}", ""]
        elif b.kind == "table":
            rows = [f"\\texttt{{{_tex_escape(t)}}} & {_tex_escape(d)} \\\\" for t, d in b.rows]
            body += [
                r"\noindent",
                # the description takes what the term leaves of the column: a fixed width made the rows of a
                # long option overfull, printed across the gutter into the other column
                f"\\begin{{tabularx}}{{{width}}}{{@{{}}lX@{{}}}}",
                r"\toprule",
                *rows,
                r"\bottomrule",
                r"\end{tabularx}",
                "",
            ]
        elif b.kind == "beside" and b.unit:
            body += [
                r"\noindent\begin{minipage}[t]{0.44\linewidth}",
                r"\begin{lstlisting}",
                *b.lines,
                r"\end{lstlisting}",
                r"\end{minipage}\hfill\begin{minipage}[t]{0.52\linewidth}",
                _tex_words(b.unit.words, c),
                r"\end{minipage}",
                "",
            ]
        elif b.kind == "items":
            body += [r"\begin{itemize}"]
            body += [f"\\item {_tex_words(u.words, c)}" for u in b.items]
            body += [r"\end{itemize}", ""]
    body.append(r"\end{document}")
    return "\n".join(pre + body) + "\n"


# --------------------------------------------------------------------------- plain-text renderers


def plain(words: list[str]) -> str:
    from benchmarks.inject.plant import printed

    return " ".join(printed(w) for w in words)


def render_html(blocks: list[Block], twocolumn: bool, margin_float: bool = True) -> str:
    css = [
        "@page { size: A4; margin: 2cm; }",
        "body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; line-height: 1.35; }",
        "p { text-align: justify; hyphens: auto; margin: 0 0 0.6em 0; }",
        # Listings wrap inside their box: an overflowing <pre> is drawn over the text beside it or over the
        # next column, which no reader could read either.
        "pre { font-size: 9pt; background: #f4f4f4; padding: 4pt; white-space: pre-wrap; overflow-wrap: anywhere; }",
        "aside { float: right; width: 28%; margin: 0 0 0.5em 1em; font-size: 8.5pt; color: #333; }",
        "table { border-collapse: collapse; margin: 0.5em 0; } td { vertical-align: top; padding: 2pt 6pt; }",
        ".fn { font-size: 8.5pt; border-top: 1px solid #999; padding-top: 2pt; }",
        ".beside { display: flex; gap: 1em; } .beside pre { flex: 0 0 44%; min-width: 0; margin: 0; }",
        ".beside p { flex: 1; min-width: 0; }",
    ]
    if twocolumn:
        css.append("article { column-count: 2; column-gap: 1.6em; }")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Reference notes</title>',
        f"<style>{' '.join(css)}</style></head><body><article>",
        "<h1>Reference notes</h1>",
    ]
    for b in blocks:
        if b.kind == "heading":
            out.append(f"<h2>{html.escape(b.text)}</h2>")
        elif b.kind == "para" and b.unit:
            if b.margin and margin_float:
                out.append(f"<aside>{html.escape(plain(b.margin.words))}</aside>")
            out.append(f"<p>{html.escape(plain(b.unit.words))}</p>")
            if b.margin and not margin_float:
                out.append(f"<p>{html.escape(plain(b.margin.words))}</p>")
            if b.footnote:
                out.append(f'<p class="fn">{html.escape(plain(b.footnote.words))}</p>')
        elif b.kind == "code":
            out.append("<pre>" + html.escape("\n".join(b.lines)) + "</pre>")
        elif b.kind == "table":
            rows = "".join(
                f"<tr><td><code>{html.escape(t)}</code></td><td>{html.escape(d)}</td></tr>" for t, d in b.rows
            )
            out.append(f"<table>{rows}</table>")
        elif b.kind == "beside" and b.unit:
            code = html.escape("\n".join(b.lines))
            out.append(
                f'<div class="beside"><pre>{code}</pre><p>{html.escape(plain(b.unit.words))}</p></div>'
            )
        elif b.kind == "items":
            out.append("<ul>" + "".join(f"<li>{html.escape(plain(u.words))}</li>" for u in b.items) + "</ul>")
    out.append("</article></body></html>")
    return "\n".join(out) + "\n"


def _texi_escape(s: str) -> str:
    return s.replace("@", "@@").replace("{", "@{").replace("}", "@}")


def render_texinfo(blocks: list[Block]) -> str:
    out = ["\\input texinfo", "@setfilename notes.info", "@settitle Reference notes", "", "@titlepage"]
    out += ["@title Reference notes", "@end titlepage", ""]
    for b in blocks:
        if b.kind == "heading":
            out += [f"@chapter {_texi_escape(b.text.split(' ', 1)[1])}", ""]
        elif b.kind == "para" and b.unit:
            text = _texi_escape(plain(b.unit.words))
            if b.footnote:
                text += f"@footnote{{{_texi_escape(plain(b.footnote.words))}}}"
            out += [text, ""]
            if b.margin:
                out += [_texi_escape(plain(b.margin.words)), ""]
        elif b.kind in ("code", "beside"):
            out += ["@example", *(_texi_escape(x) for x in b.lines), "@end example", ""]
            if b.unit:
                out += [_texi_escape(plain(b.unit.words)), ""]
        elif b.kind == "table":
            out.append("@table @code")
            for t, d in b.rows:
                out += [f"@item {_texi_escape(t)}", _texi_escape(d)]
            out += ["@end table", ""]
        elif b.kind == "items":
            out.append("@itemize @bullet")
            for u in b.items:
                out += ["@item", _texi_escape(plain(u.words))]
            out += ["@end itemize", ""]
    out.append("@bye")
    return "\n".join(out) + "\n"


def _md_escape(s: str) -> str:
    s = re.sub(r"([\\`*_{}\[\]<>#$|~^@])", r"\\\1", s)
    return re.sub(r"^([-+=]|\d+[.)])", r"\\\1", s)


def render_markdown(blocks: list[Block]) -> str:
    out = ["---", "title: Reference notes", "geometry: margin=2.5cm", "---", ""]
    for b in blocks:
        if b.kind == "heading":
            out += [f"# {b.text.split(' ', 1)[1]}", ""]
        elif b.kind == "para" and b.unit:
            text = _md_escape(plain(b.unit.words))
            if b.footnote:
                text += f"^[{_md_escape(plain(b.footnote.words))}]"
            out += [text, ""]
            if b.margin:
                out += [_md_escape(plain(b.margin.words)), ""]
        elif b.kind in ("code", "beside"):
            out += ["```", *b.lines, "```", ""]
            if b.unit:
                out += [_md_escape(plain(b.unit.words)), ""]
        elif b.kind == "table":
            out += ["| Name | Meaning |", "|:-----|:--------|"]
            out += [f"| `{t.replace('|', ' ')}` | {_md_escape(d)} |" for t, d in b.rows]
            out.append("")
        elif b.kind == "items":
            out += [f"- {_md_escape(plain(u.words))}" for u in b.items]
            out.append("")
    return "\n".join(out) + "\n"


def _rst_escape(s: str) -> str:
    s = re.sub(r"([\\`*_|\[\]<>])", r"\\\1", s)
    return re.sub(r"^([-+=#.]|\d+[.)])", r"\\\1", s)


def render_rst(blocks: list[Block]) -> str:
    out = ["Reference notes", "===============", ""]
    for b in blocks:
        if b.kind == "heading":
            t = b.text.split(" ", 1)[1]
            out += [t, "-" * len(t), ""]
        elif b.kind == "para" and b.unit:
            text = _rst_escape(plain(b.unit.words))
            if b.footnote:
                text += " [#]_"
            out += [text, ""]
            if b.footnote:
                out += [f".. [#] {_rst_escape(plain(b.footnote.words))}", ""]
            if b.margin:
                out += [".. sidebar:: Note", "", f"   {_rst_escape(plain(b.margin.words))}", ""]
        elif b.kind in ("code", "beside"):
            out += ["::", "", *(f"   {x}" for x in b.lines), ""]
            if b.unit:
                out += [_rst_escape(plain(b.unit.words)), ""]
        elif b.kind == "table":
            out += [".. list-table::", "   :widths: 30 70", ""]
            for t, d in b.rows:
                out += [f"   * - ``{t}``", f"     - {_rst_escape(d)}"]
            out.append("")
        elif b.kind == "items":
            out += [f"- {_rst_escape(plain(u.words))}" for u in b.items]
            out.append("")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- producers


class BuildError(Exception):
    pass


def _run(cmd: list[str], cwd: Path, timeout: int = 240) -> None:
    try:
        proc = subprocess.run(
            cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise BuildError(f"{cmd[0]} timed out") from None
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr)[-800:]
        raise BuildError(f"{' '.join(cmd[:2])} exited {proc.returncode}: {tail}")


def build_latex(src: str, work: Path, engine: str) -> Path:
    (work / "doc.tex").write_text(src, encoding="utf-8")
    # one run: the planted references must stay undefined
    _run([engine, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], work)
    return work / "doc.pdf"


def build_texinfo(src: str, work: Path) -> Path:
    (work / "doc.texi").write_text(src, encoding="utf-8")
    _run(["texi2pdf", "--batch", "-q", "doc.texi"], work)
    return work / "doc.pdf"


def build_pandoc(src: str, work: Path) -> Path:
    (work / "doc.md").write_text(src, encoding="utf-8")
    _run(["pandoc", "doc.md", "-s", "-o", "doc.pdf", "--pdf-engine=pdflatex"], work)
    return work / "doc.pdf"


_SPHINX_CONF = """project = "Reference notes"
author = "errata"
extensions = []
latex_engine = "pdflatex"
latex_documents = [("index", "doc.tex", "Reference notes", "errata", "manual")]
"""


def build_sphinx(src: str, work: Path, conf: str = _SPHINX_CONF) -> Path:
    srcdir = work / "src"
    srcdir.mkdir(exist_ok=True)
    (srcdir / "index.rst").write_text(src, encoding="utf-8")
    (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    _run(["sphinx-build", "-q", "-b", "latex", "src", "latex"], work)
    _run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        work / "latex",
        timeout=400,
    )
    return work / "latex" / "doc.pdf"


def build_chromium(src: str, work: Path) -> Path:
    (work / "doc.html").write_text(src, encoding="utf-8")
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
    _run([*cmd, f"--print-to-pdf={work / 'doc.pdf'}", (work / "doc.html").as_uri()], work)
    return work / "doc.pdf"


def build_libreoffice(src: str, work: Path) -> Path:
    (work / "doc.html").write_text(src, encoding="utf-8")
    profile = (work / "lo-profile").as_uri()
    cmd = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--infilter=HTML (StarWriter)"]
    _run([*cmd, "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work), "doc.html"], work)
    return work / "doc.pdf"


def build_groff(src: str, work: Path, macros: str = "man") -> Path:
    """A man page (or, with ``macros="ms"``, an ms document) typeset by groff."""
    name = f"doc.{macros}"
    (work / name).write_text(src, encoding="utf-8")
    try:
        proc = subprocess.run(
            ["groff", "-t", f"-{macros}", "-Tpdf", "-P-pa4", name],
            cwd=work,
            capture_output=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise BuildError("groff timed out") from None
    if proc.returncode != 0 or not proc.stdout.startswith(b"%PDF"):
        raise BuildError(f"groff exited {proc.returncode}: {proc.stderr[-400:]!r}")
    (work / "doc.pdf").write_bytes(proc.stdout)
    return work / "doc.pdf"


@dataclass(frozen=True)
class Producer:
    name: str  # the producer chain, as reported
    variant: str  # the layout
    tools: tuple[str, ...]
    layout: Layout
    render: Callable[[list[Block]], str]
    build: Callable[[str, Path], Path]

    @property
    def doc(self) -> str:
        return f"{self.name}-{self.variant}"

    def missing(self) -> list[str]:
        return [t for t in self.tools if shutil.which(t) is None]


def _tex(
    engine: str, twocolumn: bool, font: str
) -> tuple[Callable[[list[Block]], str], Callable[[str, Path], Path]]:
    style = TexStyle(engine, twocolumn, font)
    return (lambda b: render_latex(b, style)), (lambda s, w: build_latex(s, w, engine))


PRODUCERS: tuple[Producer, ...] = (
    Producer("pdflatex", "1col-margin", ("pdflatex",), Layout(margin_notes=True), *_tex("pdflatex", False, "mono")),
    Producer("pdflatex", "2col", ("pdflatex",), Layout(beside=True), *_tex("pdflatex", True, "prop")),
    Producer(
        "pdflatex", "2col-prose", ("pdflatex",), Layout(displays=False, sections=24), *_tex("pdflatex", True, "mono")
    ),
    Producer("xelatex", "1col-margin", ("xelatex",), Layout(margin_notes=True, beside=True), *_tex("xelatex", False, "prop")),
    Producer("lualatex", "2col", ("lualatex",), Layout(beside=True), *_tex("lualatex", True, "mono")),
    Producer("texinfo", "manual", ("texi2pdf", "pdftex"), Layout(), render_texinfo, build_texinfo),
    Producer("pandoc", "article", ("pandoc", "pdflatex"), Layout(), render_markdown, build_pandoc),
    Producer("sphinx", "manual", ("sphinx-build", "latexmk", "pdflatex"), Layout(), render_rst, build_sphinx),
    Producer(
        "chromium", "1col-aside", ("chromium",), Layout(margin_notes=True, beside=True),
        lambda b: render_html(b, False), build_chromium,
    ),
    Producer("chromium", "2col", ("chromium",), Layout(beside=True), lambda b: render_html(b, True), build_chromium),
    Producer(
        "libreoffice", "writer", ("soffice",), Layout(), lambda b: render_html(b, False, margin_float=False),
        build_libreoffice,
    ),
)  # fmt: skip
GROFF = ("groff",)
