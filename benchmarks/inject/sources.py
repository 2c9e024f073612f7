"""Real source text for the injected corpus, read from the manual pages that Debian installs.

Nothing here is committed text: every run reads the troff sources under /usr/share/man (GPL, BSD and similar
licences of the packages that ship them) and takes from them

- the man pages themselves, for the groff producer (errata are planted straight into the troff source);
- prose paragraphs, example blocks (no-fill regions) and option/description pairs (.TP), which the other
  producers' documents are built from.

The troff reader is deliberately small: it understands the macros that carry prose in man(7) pages and strips
the inline escapes, which is enough to know the words a paragraph prints.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

MAN_ROOT = Path("/usr/share/man")

# Pages read for the groff producer (the first ones present are used) and for the prose pool of the others.
GROFF_PAGES = ("man1/grep.1", "man1/man.1", "man1/gzip.1", "man7/regex.7", "man1/make.1", "man8/apt-get.8")
POOL_PAGES = (
    "man1/find.1",
    "man1/less.1",
    "man1/xz.1",
    "man1/tar.1",
    "man1/dpkg.1",
    "man1/git.1",
    "man5/sources.list.5",
    "man1/python3.11.1",
    "man7/man.7",
    "man1/perl.1",
    "man5/deb-control.5",
    "man1/bash.1",
)

_PARA_MACROS = {"PP", "LP", "P", "sp", "IP", "TP", "HP", "RS", "RE", "SH", "SS", "TQ", "br", "in", "ti", "PD"}
_FONT_MACROS = {"B", "I", "SM", "SB"}
# Requests and macros that print nothing; any other macro inside a paragraph may print words this reader does
# not know, so such a paragraph is marked impure and never used as prose.
_SILENT = {
    "IX",
    "PD",
    "ne",
    "in",
    "ti",
    "ft",
    "ps",
    "ad",
    "na",
    "hy",
    "nh",
    "ll",
    "ta",
    "ds",
    "nr",
    "TH",
    "UC",
}
_SILENT |= {"ns", "hw", "bp", "ss", "cs", "ev", "tr", "ul", "cu", "fam", "lf", "mso", "rm"}
_ALT_MACROS = {"BR", "RB", "IR", "RI", "BI", "IB"}
_SPECIAL = {
    "em": "\u2014",
    "en": "\u2013",
    "aq": "'",
    "dq": '"',
    "lq": "\u201c",
    "rq": "\u201d",
    "oq": "\u2018",
    "cq": "\u2019",
    "bu": "\u2022",
    "co": "\u00a9",
    "hy": "-",
    "ti": "~",
    "ha": "^",
    "rs": "\\",
    "mi": "-",
    "pl": "+",
    "eq": "=",
    "lh": "",
    "rh": "",
}
_ESCAPE = re.compile(
    r"\\(?:f(?:\[[^\]]*\]|\(..|.)|\((..)|\[([^\]]*)\]|\*(?:\[[^\]]*\]|\(..|.)|s[+-]?\d+|[&c|^%:]|e|-|\s|\"|.)"
)


def read_man(rel: str) -> str | None:
    """The troff source of a man page (e.g. 'man1/grep.1'), or None if it is not installed."""
    for path in (MAN_ROOT / f"{rel}.gz", MAN_ROOT / rel):
        if path.exists():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            text = data.decode("utf-8", errors="replace")
            # pages that only include another one (".so man1/x.1") are of no use here
            if text.lstrip().startswith(".so "):
                return None
            # mdoc(7) pages (.Dd, .Sh, .Nm) are another macro language: this reader knows man(7) only
            if re.search(r"^\.(?:Dd|Sh|Nm)\b", text, re.M):
                return None
            return text
    return None


def strip_escapes(line: str) -> str:
    """The printed text of one troff text line (fonts dropped, special characters mapped)."""

    def repl(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok.startswith('\\"'):
            return "\x00"  # comment: cut the rest of the line
        if m.group(1) is not None:
            return _SPECIAL.get(m.group(1), "")
        if m.group(2) is not None:
            return _SPECIAL.get(m.group(2), "")
        if tok in ("\\-", "\\e"):
            return "-" if tok == "\\-" else "\\"
        if len(tok) == 2 and tok[1].isspace():
            return " "
        return ""

    return _ESCAPE.sub(repl, line).split("\x00", 1)[0]


def _macro_args(rest: str) -> list[str]:
    args: list[str] = []
    for m in re.finditer(r'"((?:[^"]|"")*)"|(\S+)', rest):
        args.append(m.group(1).replace('""', '"') if m.group(1) is not None else m.group(2))
    return args


@dataclass
class ManBlock:
    """A run of a man page: a prose paragraph, a no-fill example, a heading or a .TP tag."""

    kind: str  # "para", "example", "heading", "tag"
    lines: list[int] = field(default_factory=list)  # source line indices that print this block's text
    texts: list[str] = field(default_factory=list)  # printed text of each of those lines
    impure: bool = False  # holds a macro whose output is not known here

    @property
    def text(self) -> str:
        return " ".join(t.strip() for t in self.texts if t.strip())


def parse_man(src: str) -> list[ManBlock]:
    """Split a man page into blocks. Prose paragraphs end at any paragraph, section or indentation macro."""
    lines = src.split("\n")
    blocks: list[ManBlock] = []
    cur: ManBlock | None = None
    nofill = False
    skip_until: str | None = None
    pending_tag = False
    pending_heading = False

    def close() -> None:
        nonlocal cur
        if cur is not None and cur.texts:
            blocks.append(cur)
        cur = None

    for i, raw in enumerate(lines):
        if skip_until is not None:
            if raw.startswith(skip_until):
                skip_until = None
            continue
        if raw.startswith((".", "'")):
            m = re.match(r"[.'][ \t]*([A-Za-z]+)[ \t]*(.*)", raw)
            if not m:
                continue
            name, rest = m.group(1), m.group(2)
            if name in ("de", "ig", "am"):
                close()
                skip_until = ".."
                continue
            if name in ("nf", "EX"):
                close()
                nofill = True
                cur = ManBlock("example")
                continue
            if name in ("fi", "EE"):
                close()
                nofill = False
                continue
            if name in ("SH", "SS"):
                close()
                if rest.strip():
                    blocks.append(ManBlock("heading", [i], [strip_escapes(" ".join(_macro_args(rest)))]))
                else:
                    pending_heading = True
                continue
            if name in ("TP", "TQ"):
                close()
                pending_tag = True
                continue
            if name == "IP":
                close()
                args = _macro_args(rest)
                if args:
                    blocks.append(ManBlock("tag", [i], [strip_escapes(args[0])]))
                continue
            if name in _PARA_MACROS:
                close()
                continue
            if name in _FONT_MACROS or name in _ALT_MACROS:
                args = _macro_args(rest)
                joiner = "" if name in _ALT_MACROS else " "
                text = strip_escapes(joiner.join(args))
                if pending_tag or pending_heading:
                    blocks.append(ManBlock("heading" if pending_heading else "tag", [i], [text]))
                    pending_tag = pending_heading = False
                    continue
                if cur is None:
                    cur = ManBlock("example" if nofill else "para")
                cur.texts.append(text)
                cur.lines.append(-1)  # a macro line: printed, but never planted into
                continue
            if name not in _SILENT and cur is not None:
                cur.impure = True
            continue
        text = strip_escapes(raw)
        if pending_tag or pending_heading:
            blocks.append(ManBlock("heading" if pending_heading else "tag", [i], [text]))
            pending_tag = pending_heading = False
            continue
        if not nofill and not raw.strip():
            close()
            continue
        if cur is None:
            cur = ManBlock("example" if nofill else "para")
        cur.texts.append(text)
        cur.lines.append(i)
    close()
    return blocks


_WORD = re.compile(r"^[A-Za-z][a-z]*[,.;:]?$")


def is_prose(text: str, min_words: int = 20) -> bool:
    """A paragraph of ordinary sentences: long enough, mostly plain words, with a sentence end."""
    words = text.split()
    if not min_words <= len(words) <= 250:
        return False
    plain = sum(1 for w in words if _WORD.match(w))
    return plain / len(words) >= 0.8 and "." in text


@dataclass
class Pool:
    """Material for generated documents: prose paragraphs, example blocks and (term, description) pairs."""

    paragraphs: list[str]
    examples: list[list[str]]
    options: list[tuple[str, str]]
    origin: list[str]


def prose_pool() -> Pool:
    paragraphs: list[str] = []
    examples: list[list[str]] = []
    options: list[tuple[str, str]] = []
    origin: list[str] = []
    for rel in POOL_PAGES:
        src = read_man(rel)
        if src is None:
            continue
        origin.append(rel)
        blocks = parse_man(src)
        for k, b in enumerate(blocks):
            if b.kind == "para" and not b.impure and is_prose(b.text):
                paragraphs.append(b.text)
            elif b.kind == "example":
                code = [t.rstrip() for t in b.texts if t.strip()]
                if 2 <= len(code) <= 14 and all(len(c) <= 60 for c in code):
                    examples.append(code)
            elif b.kind == "tag" and k + 1 < len(blocks) and blocks[k + 1].kind == "para":
                term = b.text.strip()
                desc = blocks[k + 1].text
                first = re.split(r"(?<=\.)\s", desc, maxsplit=1)[0]
                if 0 < len(term) <= 24 and 4 <= len(first.split()) <= 30:
                    options.append((term, first))
    # the same paragraph can appear in two pages (shared boilerplate): keep one
    seen: set[str] = set()
    unique = []
    for p in paragraphs:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return Pool(unique, examples, options, origin)


def groff_pages() -> list[tuple[str, str]]:
    """(name, troff source) of the man pages the groff producer prints."""
    out = []
    for rel in GROFF_PAGES:
        src = read_man(rel)
        if src is not None:
            out.append((rel, src))
    return out
