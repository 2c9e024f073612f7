"""The real-page corpus's committed data stays consistent: manifest, verdicts and evidence agree."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus" / "corpus.py"


@pytest.fixture(scope="module")
def corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_script", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_script"] = module
    spec.loader.exec_module(module)
    return module


def test_manifest_rows_are_complete(corpus: ModuleType) -> None:
    rows = corpus.read_tsv(corpus.MANIFEST)
    assert len({r["id"] for r in rows}) == len(rows)
    assert sum(int(r["pages"]) for r in rows) >= 10_000
    assert {r["chain"] for r in rows} <= set(corpus.CHAINS)
    assert len({r["chain"] for r in rows}) >= 6
    for r in rows:
        assert r["kind"] in ("file", "groff-man")
        assert len(r["sha256"]) == 64 and r["package"] and r["version"] and r["path"]


def test_every_verdict_names_a_document_a_verdict_and_a_cause(corpus: ModuleType) -> None:
    docs = {r["id"] for r in corpus.read_tsv(corpus.MANIFEST)}
    verdicts = corpus.read_tsv(corpus.VERDICTS)
    assert len(verdicts) >= 300
    assert len({(v["doc"], v["fingerprint"]) for v in verdicts}) == len(verdicts)
    for v in verdicts:
        assert v["doc"] in docs
        assert v["verdict"] in ("true", "false")
        assert v["cause"], v
        assert int(v["page"]) >= 1


PREVIEW_RULES = {
    "leftover-markup",
    "punctuation",
    "repeated-phrase",
    "article",
    "misspelling",
    "dangling-reference",
    "numbering",
    "term-consistency",
}


def test_every_preview_verdict_names_a_document_a_rule_a_verdict_a_cause_and_its_sample(
    corpus: ModuleType,
) -> None:
    docs = {r["id"] for r in corpus.read_tsv(corpus.MANIFEST)}
    rows = corpus.read_tsv(corpus.PREVIEW_VERDICTS)
    assert rows and set(rows[0]) == set(corpus.PREVIEW_FIELDS)
    assert len({(v["doc"], v["fingerprint"]) for v in rows}) == len(rows)  # a finding is read once
    for v in rows:
        assert v["doc"] in docs
        assert v["rule"] in PREVIEW_RULES, v
        assert v["verdict"] in ("true", "false"), v
        assert v["cause"], v
        assert v["sample"] in ("first-s14", "fresh-s15"), v
        assert int(v["page"]) >= 1
    # every rule was read before its fixes; the fresh reading holds only findings the first one did not read
    first = {v["rule"] for v in rows if v["sample"] == "first-s14"}
    assert first == PREVIEW_RULES
    assert {v["rule"] for v in rows if v["sample"] == "fresh-s15"} <= PREVIEW_RULES


def test_classify_reads_producer_and_creator(corpus: ModuleType) -> None:
    assert corpus.classify("Apache FOP Version 2.8", "Apache FOP Version 2.8") == "fop"
    assert corpus.classify("xdvipdfmx (20211117)", "DBLaTeX-0.3.12") == "dblatex"
    assert corpus.classify("gropdf version 1.22.4", "groff version 1.22.4") == "groff"
    assert corpus.classify("LibreOffice 7.1", "Writer") == "office"
    assert corpus.classify("Acrobat Distiller 8.1.0 (Windows)", "dvips(k) 5.95a") == "dvips"
    assert corpus.classify("cairo 1.16.0 (https://cairographics.org)", "") == "html"
    assert corpus.classify("LuaHBTeX, Version 1.15.0", "LaTeX with hyperref") == "luatex"
    assert corpus.classify("pdfTeX-1.40.24", "LaTeX with hyperref") == "pdftex"


def test_prose_lines_are_told_from_code_and_index_lines(corpus: ModuleType) -> None:
    page = "\n".join(
        [
            "The simplest machines are those in which each joint is placed along one of the axes.",
            "$ git commit -a -m 'WIP' && git switch master",
            "HAL loadrt, 208   HAL loadusr, 209   HAL net, 210",
        ]
    )
    assert corpus.prose_words(page) == 16
