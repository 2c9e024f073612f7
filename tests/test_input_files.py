"""Every file errata reads is input: a config, pyproject table, allow-words list, baseline, claims file, label
file or rule directory that is garbage, of the wrong type or encoding, huge, a directory or a symlink loop ends
the command with one line on stderr and exit status 2, never a traceback."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.support.fuzz import HAZARDS, INPUT_KINDS, contract_broken, run_cli, write_hazard

DATA_FILES = ["config", "pyproject", "allow-words", "baseline", "labels-json", "labels-toml"]
# Claims files and rule packs are Python that errata runs by design: a huge one or one in Latin-1 may be
# valid Python; the others must fail with one line.
ALWAYS_BAD = {"garbage", "utf-16", "deep-nesting", "directory", "symlink-loop", "dangling-symlink"}
CASES = [
    pytest.param(kind, hazard, id=f"{kind}-{hazard}")
    for kind in INPUT_KINDS
    for hazard in HAZARDS
    if not (kind == "labels-toml" and hazard == "empty")  # an empty TOML file is an empty mapping
    if not (kind == "rules-dir" and hazard == "empty")  # an empty module defines no rules: nothing to load
]


def _needs_torch(kind: str) -> None:
    if kind.startswith(("labels", "claims")):
        pytest.importorskip("torch")


@pytest.mark.parametrize(("kind", "hazard"), CASES)
def test_a_bad_input_file_is_one_line_and_exit_2(kind: str, hazard: str, tmp_path: Path) -> None:
    _needs_torch(kind)
    argv = write_hazard(kind, hazard, str(tmp_path), random.Random(f"{kind}-{hazard}"))
    code, _, err = run_cli(argv)
    assert contract_broken(code, err) is None
    plain_text = kind == "allow-words" and hazard == "deep-nesting"  # "((((" is a list of one phrase
    if (hazard in ALWAYS_BAD and not plain_text) or (kind in DATA_FILES and hazard in {"latin-1", "huge"}):
        assert code == 2, err


@pytest.mark.parametrize("kind", list(INPUT_KINDS))
def test_the_valid_example_of_each_kind_is_accepted(kind: str, tmp_path: Path) -> None:
    _needs_torch(kind)
    name, valid, argv = INPUT_KINDS[kind]
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(valid)
    if kind == "allow-words":
        (tmp_path / "errata.toml").write_text('allow-words = "words.txt"\n')
    code, _, err = run_cli(argv(str(path), str(tmp_path)))
    assert code == 0, err


@pytest.mark.parametrize(
    ("hazard", "message"),
    [
        ("utf-16", "the file is UTF-16; save it as UTF-8"),
        ("latin-1", "not UTF-8 text (byte 0xf6 on line 1); save it as UTF-8"),
        ("deep-nesting", "not JSON (nested too deeply)"),
        ("huge", "too large (40 MB; at most 32 MB)"),
        ("directory", "is a directory, not a file"),
        ("symlink-loop", "cannot read: Too many levels of symbolic links"),
    ],
)
def test_a_bad_baseline_says_what_is_wrong(hazard: str, message: str, tmp_path: Path) -> None:
    argv = write_hazard("baseline", hazard, str(tmp_path), random.Random(0))
    if hazard == "latin-1":
        (tmp_path / "errata-baseline.json").write_bytes('{"x": "Gödel"}'.encode("latin-1"))
    code, _, err = run_cli(argv)
    assert (code, err) == (2, f"errata: error: baseline {tmp_path / 'errata-baseline.json'}: {message}\n")


def test_a_config_that_names_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "words.txt")
    (tmp_path / "errata.toml").write_text('allow-words = "words.txt"\n')
    code, _, err = run_cli(
        ["scan", "tests/fixtures/tex/clean.pdf", "--config", str(tmp_path / "errata.toml"), "-o", "-"]
    )
    assert code == 2 and err.endswith("words.txt: not a regular file\n"), err


@pytest.mark.parametrize("seed", range(16))
def test_a_randomly_damaged_input_file_keeps_the_contract(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    kind = rng.choice([k for k in INPUT_KINDS if not k.startswith(("labels", "claims"))])
    argv = write_hazard(kind, rng.choice(["mutated", "wrong-type"]), str(tmp_path), rng)
    code, _, err = run_cli(argv)
    assert contract_broken(code, err) is None


def test_the_long_fuzz_run_runs() -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    proc = subprocess.run(
        [sys.executable, "tools/fuzz_pdfs.py", "--cases", "8", "--seed", "2", "--page-timeout", "10"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1].endswith("traceback 0, hang 0, lost-pages 0, contract 0, cache 0")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("file", "is a file, not a directory"),
        ("loop", ": a symlink loop"),
        ("dangling", "does not exist"),
    ],
)
def test_a_rule_directory_that_is_not_one_is_one_line(setup: str, message: str, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    if setup == "file":
        rules.write_text("RULES = []\n")
    elif setup == "loop":
        os.symlink(tmp_path / "other", rules)
        os.symlink(rules, tmp_path / "other")
    else:
        os.symlink(tmp_path / "nowhere", rules)
    code, _, err = run_cli(["rules", "--rules-dir", str(rules)])
    assert (code, err) == (
        2,
        f"errata: error: rule directory {rules}{'' if setup == 'loop' else ' '}{message}\n",
    )


def test_a_baseline_page_number_too_large_for_an_integer_is_one_line(tmp_path: Path) -> None:
    baseline = tmp_path / "errata-baseline.json"
    baseline.write_text(
        '{"errata_baseline": 1, "documents": {"clean.pdf": [{"fingerprint": "0", "rule": "r", "match": "m",'
        ' "page": 1e999}]}}'
    )
    code, _, err = run_cli(
        ["scan", "tests/fixtures/tex/clean.pdf", "--no-config", "--baseline", str(baseline)]
    )
    assert code == 2
    assert (
        err.startswith(f"errata: error: baseline {baseline}: malformed entry (OverflowError: ")
        and err.count("\n") == 1
    )
