"""A non-editable install must carry everything the source tree has: modules, the rules' data, the schema, the
built-in rule pack's entry point. (An editable install reads the source tree and cannot catch a gap.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

setuptools = pytest.importorskip("setuptools")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    if int(setuptools.__version__.split(".")[0]) < 77:
        pytest.skip("building needs setuptools >= 77 (PEP 639 license field)")
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy without build/ leftovers, which would hide a file missing from the package data.
    src = tmp_path_factory.mktemp("src") / "errata"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__", "reports"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("errata-*.whl")
    return zipfile.ZipFile(built)


def _expected(folder: str, package: str) -> set[str]:
    base = ROOT / folder
    return {
        f"{package}/{p.relative_to(base).as_posix()}"
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix in {".py", ".txt", ".json", ".typed"}
    }


def test_wheel_has_every_module_and_data_file(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    missing = (_expected("errata", "errata") | _expected("rules", "errata_rules")) - names
    assert not missing, sorted(missing)
    assert "errata_rules/lexicon.py" in names  # the rules' shared English word facts


def test_wheel_declares_the_builtin_rule_pack(wheel: zipfile.ZipFile) -> None:
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "[errata.rules]\nbuiltin = errata_rules" in text
    assert "errata = errata.cli:main" in text


def test_no_top_level_rules_package(wheel: zipfile.ZipFile) -> None:
    assert not any(Path(n).parts[0] == "rules" for n in wheel.namelist())
