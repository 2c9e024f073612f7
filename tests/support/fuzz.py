"""Mutations of errata's inputs for robustness testing: PDFs (bit flips, truncations, duplicated chunks) and
every other file errata reads (configs, baselines, claims, labels, rule packs) made wrong in every usual way.

Used by the test suite (a bounded, seeded run) and by ``tools/fuzz_pdfs.py`` (a long run). The contract under
test: every mutated PDF either fails to open with one :class:`~errata.errors.InputError`, or yields a report in
which unreadable pages are ``page-unreadable`` problems; nothing else escapes, and nothing hangs past the page
timeout. Every other bad file ends the command with one line on stderr and exit status 2.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
from typing import Any


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One random mutation of ``data``: its kind and the mutated bytes."""
    kind = rng.choice(["flip", "flip", "truncate", "duplicate", "zero", "splice"])
    buf = bytearray(data)
    if kind == "flip":
        for _ in range(rng.randint(1, 40)):
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        del buf[rng.randrange(1, len(buf)) :]
    elif kind == "duplicate":
        a = rng.randrange(len(buf))
        b = min(len(buf), a + rng.randint(1, 4096))
        at = rng.randrange(len(buf))
        buf[at:at] = buf[a:b]
    elif kind == "zero":
        a = rng.randrange(len(buf))
        buf[a : a + rng.randint(1, 2048)] = bytes(min(2048, len(buf) - a))
    else:  # splice: a chunk of the file moved elsewhere
        a = rng.randrange(len(buf))
        chunk = buf[a : a + rng.randint(1, 1024)]
        del buf[a : a + len(chunk)]
        at = rng.randrange(len(buf) + 1)
        buf[at:at] = chunk
    return kind, bytes(buf)


# -- every other input file ----------------------------------------------------------------------------------
# Each kind of file errata reads: the file's name, a valid example, and the command line that reads it (given
# the file's path and the folder it is in). The contract for any content: exit 0 or 1 with nothing on stderr
# but errata's own notes, or exit 2 with exactly one line "errata: error: ..."; never a traceback.

CLEAN_PDF = "tests/fixtures/tex/clean.pdf"

VALID_CONFIG = b"""\
select = ["spelling", "repeated-word"]
ignore = ["style"]
fail-on = "warning"
skip-pages = "1-2,300-"
allow = ["et al."]
allow-words = "words.txt"

[rules.repeated-word]
severity = "info"
allow = ["that that"]

[[suppress]]
rule = "repeated-word"
text = "the the"
reason = "quoted on purpose"
"""

VALID_BASELINE = b"""\
{"errata_baseline": 1, "documents": {"clean.pdf": [
  {"fingerprint": "0123456789abcdef", "rule": "repeated-word", "match": "the the", "context": "of the the",
   "page": 1, "page_label": "1", "line": 3}]}}
"""

VALID_LABELS_JSON = b'{"softmax.max-subtracted-stable": ["9.9", "9.10"], "attention.matrix-form": "9.1"}\n'
VALID_LABELS_TOML = (
    b'[labels]\n"softmax.max-subtracted-stable" = ["9.9", "9.10"]\n"attention.matrix-form" = "9.1"\n'
)

VALID_CLAIMS = b"""\
from errata.verify import Evidence, claim


def mean_true(x):
    return x.sum(-1) / x.shape[-1]


@claim(id="ch2.mean", equation="2.1", summary="the chapter's mean", wrong=mean_true)
def mean(ctx, m=mean_true):
    x = ctx.randn(ctx.n, 5)
    return Evidence(ctx.mismatch(m(x), x.mean(-1)), {"x": x})
"""

VALID_RULE = b'''\
"""Flags the word 'foo'."""
import re
from errata.lint.rule import Bad, Examples, Hit, Rule, Severity

def check(flow, ctx):
    for m in re.finditer(r"\\bfoo\\b", flow.masked):
        yield Hit(m.start(), m.end(), "foo", "bar")

RULE = Rule(id="no-foo", summary="foo", severity=Severity.WARNING, check=check,
            examples=Examples(bad=(Bad("a [[foo]] b", fix="bar"),), good=("a bar b",)))
'''

INPUT_KINDS: dict[str, tuple[str, bytes, Any]] = {
    "config": ("errata.toml", VALID_CONFIG, lambda p, d: ["config", "--show", "--config", p]),
    "pyproject": (
        "pyproject.toml",
        b"[project]\nname = 'book'\n\n[tool.errata]\n"
        + VALID_CONFIG.replace(b"[rules.", b"[tool.errata.rules.").replace(
            b"[[suppress]]", b"[[tool.errata.suppress]]"
        ),
        lambda p, d: ["config", "--show", "--config", p],
    ),
    "allow-words": (
        "words.txt",
        b"et al.\nTeX\n# a comment\n",
        lambda p, d: [
            "scan",
            CLEAN_PDF,
            "--config",
            os.path.join(d, "errata.toml"),
            "-o",
            "-",
            "--jobs",
            "1",
        ],
    ),
    "baseline": (
        "errata-baseline.json",
        VALID_BASELINE,
        lambda p, d: ["scan", CLEAN_PDF, "--no-config", "--baseline", p, "-o", "-", "--jobs", "1"],
    ),
    "labels-json": ("labels.json", VALID_LABELS_JSON, lambda p, d: ["verify", "--list", "--labels", p]),
    "labels-toml": ("labels.toml", VALID_LABELS_TOML, lambda p, d: ["verify", "--list", "--labels", p]),
    "claims": ("claims.py", VALID_CLAIMS, lambda p, d: ["verify", "--list", "--claims", p]),
    "rules-dir": ("rules/foo_rule.py", VALID_RULE, lambda p, d: ["rules", "--rules-dir", os.path.dirname(p)]),
}


def _wrong_type(data: bytes, rng: random.Random) -> bytes:
    """A value of a TOML or JSON file swapped for one of another type."""
    text = data.decode("utf-8")
    values = [m for m in re.finditer(r'(?<=[=:\[,] )("[^"\n]*"|\[[^\]\n]*\]|\d+)', text)]
    if not values:
        return data
    m = rng.choice(values)
    other = rng.choice(
        [
            "42",
            '"a string"',
            "[1, 2]",
            "true",
            "{}" if text.lstrip().startswith("{") else "{a = 1}",
            '""',
            "-1",
            "1e999",
            '["x", 3]',
        ]
    )
    return (text[: m.start()] + other + text[m.end() :]).encode("utf-8")


HAZARDS = (
    "garbage",
    "empty",
    "nul-bytes",
    "utf-16",
    "latin-1",
    "wrong-type",
    "deep-nesting",
    "huge",
    "directory",
    "symlink-loop",
    "dangling-symlink",
    "mutated",
)


def write_hazard(kind: str, hazard: str, folder: str, rng: random.Random) -> list[str]:
    """Write the files of one case (``kind`` made bad by ``hazard``) into ``folder``; the command line."""
    name, valid, argv = INPUT_KINDS[kind]
    path = os.path.join(folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if kind == "allow-words":
        with open(os.path.join(folder, "errata.toml"), "wb") as fh:
            fh.write(b'allow-words = "words.txt"\n')
    if hazard == "directory":
        os.makedirs(path, exist_ok=True)
        return argv(path, folder)
    if hazard in ("symlink-loop", "dangling-symlink"):
        other = path + ".other"
        os.symlink(other, path)
        if hazard == "symlink-loop":
            os.symlink(path, other)
        return argv(path, folder)
    text = valid.decode("utf-8").replace("et al.", "Gödel's café")
    if hazard == "garbage":
        data = rng.randbytes(rng.randint(1, 4096))
    elif hazard == "empty":
        data = b""
    elif hazard == "nul-bytes":
        data = valid[: len(valid) // 2] + b"\0" * rng.randint(1, 64) + valid[len(valid) // 2 :]
    elif hazard == "utf-16":
        data = text.encode("utf-16")
    elif hazard == "latin-1":
        data = (text if not text.isascii() else text.replace('"', '"é', 1)).encode("latin-1", "replace")
    elif hazard == "wrong-type":
        data = _wrong_type(valid, rng)
    elif hazard == "deep-nesting":
        depth = rng.choice([1000, 100_000])
        data = {
            ".json": b"[" * depth + b"]" * depth,
            ".toml": b"x = " + b"[" * depth + b"]" * depth + b"\n",
            ".py": b"x = " + b"(" * depth + b")" * depth + b"\n",
        }.get(os.path.splitext(name)[1], b"(" * depth)
    elif hazard == "huge":
        data = valid + (b" " * 10 if name.endswith(".json") else b"\n# padding") * ((40 << 20) // 10)
    else:
        data = mutate(valid, rng)[1]
    with open(path, "wb") as fh:
        fh.write(data)
    return argv(path, folder)


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """Run errata's CLI in this process: its exit status, stdout and stderr."""
    from errata.cli import main

    out, err = io.StringIO(), io.StringIO()
    code: int | str | None = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as exc:
            code = exc.code
    return (code if isinstance(code, int) else 1 if code else 0), out.getvalue(), err.getvalue()


def contract_broken(code: int, stderr: str) -> str | None:
    """What is wrong with a CLI run over a bad input file, or None if it kept the contract."""
    lines = [ln for ln in stderr.splitlines() if not ln.startswith("errata: note:")]
    if "Traceback" in stderr or "internal error" in stderr:
        return f"a crash: {stderr.strip()[-300:]}"
    if code == 2:
        if len(lines) != 1 or not lines[0].startswith(("errata: error: ", "errata verify: ")):
            return f"exit 2 without exactly one error line: {stderr.strip()[:300]!r}"
        return None
    if code in (0, 1):
        bad = [ln for ln in lines if ln.startswith("errata: error") or "Error" in ln]
        return f"exit {code} with an error on stderr: {bad[0]!r}" if bad else None
    return f"exit status {code}: {stderr.strip()[:300]!r}"
