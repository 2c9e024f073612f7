"""Document-level rules: one check over the whole Document, hits located like any other rule's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, run_cli

# A rule that reads every flow at once: each "softmax" after the document's first one, wherever it is printed
# (body, caption, footnote), so it needs the whole document, not one flow.
DOC_RULE = r"""
import regex
from errata.lint.rule import Bad, Examples, Hit, Option, Rule, Scope, Severity


def check(doc, ctx):
    word = ctx.options["word"]
    seen = []
    for region, flow in sorted(doc.flows.items()):
        seen += [(region, m) for m in regex.finditer(rf"\b{word}\b", flow.masked)]
    for region, m in seen[1:]:
        yield Hit(m.start(), m.end(), f"{word} again ({len(seen)} in the document)", region=region)


RULE = Rule(
    id="word-again",
    summary="A word that the document prints more than once",
    severity=Severity.INFO,
    check=check,
    scope=Scope.DOCUMENT,
    options=(Option("word", str, "softmax", "the word to look for"),),
    examples=Examples(bad=(Bad("a softmax and a [[softmax]]"),), good=("one softmax",)),
)
"""


def test_document_rule_is_located_and_reported(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "word_again.py").write_text(DOC_RULE)
    shutil.copy(FIXTURES / "chapter10.pdf", tmp_path / "chapter10.pdf")
    proc = run_cli(
        "scan", "chapter10.pdf", "--rules-dir", "rules", "--select", "word-again", "--format", "json", "-o", "-",
        "--no-cache", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    found = [(f["rule"], f["match"], f["page"], f["line"], f["region"], f["message"]) for f in findings]
    assert found == [("word-again", "softmax", 5, 14, "body", "softmax again (2 in the document)")]
    assert len(findings[0]["bbox"]) == 1


def test_document_rule_examples_run_on_a_one_flow_document() -> None:
    from errata.lint.engine import check_text
    from errata.lint.registry import load_directory

    rules_dir = Path(__file__).resolve().parent / "_doc_rule_examples"
    rules_dir.mkdir(exist_ok=True)
    try:
        (rules_dir / "word_again.py").write_text(DOC_RULE)
        (rule,) = load_directory(rules_dir)
        bad = rule.examples.bad[0]
        assert [(h.start, h.end) for h in check_text(rule, bad.plain)] == [bad.span]
        assert check_text(rule, rule.examples.good[0]) == []
    finally:
        shutil.rmtree(rules_dir)
