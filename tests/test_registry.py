"""Rule packs: directories and entry points load the same way; bad packs fail with one clear line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from errata.errors import RulePackError
from errata.lint.registry import load_directory, load_rules
from tests.conftest import ROOT, run_cli

LOCAL_RULE = '''
"""Flags the word 'foo'."""
import re
from errata.lint.rule import Bad, Examples, Hit, Rule, Severity

def check(flow, ctx):
    for m in re.finditer(r"\\bfoo\\b", flow.masked):
        yield Hit(m.start(), m.end(), "foo", "bar")

RULE = Rule(id="no-foo", summary="foo", severity=Severity.WARNING, check=check,
            examples=Examples(bad=(Bad("a [[foo]] b", fix="bar"),), good=("a bar b",)))
'''


def test_rule_directory_is_loaded(tmp_path: Path) -> None:
    (tmp_path / "foo_rule.py").write_text(LOCAL_RULE)
    rules = load_rules([tmp_path])
    assert "no-foo" in rules and "repeated-word" in rules


def test_duplicate_rule_ids_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(LOCAL_RULE)
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.py").write_text(LOCAL_RULE)
    with pytest.raises(RulePackError, match="two rule packs define the rule 'no-foo'"):
        load_rules([tmp_path, other])


def test_broken_rule_pack_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("import does_not_exist\n")
    with pytest.raises(RulePackError, match="failed to load"):
        load_directory(tmp_path)
    proc = run_cli("rules", "--rules-dir", str(tmp_path))
    assert proc.returncode == 2
    assert "failed to load: ModuleNotFoundError" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_rule_id_is_refused(tmp_path: Path) -> None:
    (tmp_path / "r.py").write_text(LOCAL_RULE.replace('id="no-foo"', 'id="No_Foo"'))
    with pytest.raises(RulePackError, match="not kebab-case"):
        load_rules([tmp_path])


FORBIDDEN = {
    "pdfplumber",
    "pdfminer",
    "pypdfium2",
    "click",
    "errata.output.reporters",
    "errata.extract",
    "errata.cli",
}


@pytest.mark.parametrize("path", sorted((ROOT / "rules").glob("*.py")), ids=lambda p: p.name)
def test_rules_know_nothing_of_pdfs_or_output(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert not any(name == f or name.startswith(f + ".") for f in FORBIDDEN), (
                f"{path.name} imports {name}"
            )
