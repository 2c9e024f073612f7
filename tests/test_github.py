"""`--format github`: one workflow command per new finding, escaped as GitHub's toolkit escapes them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from errata.output.reporters.github import escape_data, escape_property
from tests.conftest import FIXTURES, run_cli


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    for name in ("draft_v1", "draft_v2"):
        shutil.copy(FIXTURES / f"{name}.pdf", tmp_path / f"{name}.pdf")
    return tmp_path


def test_github_lines_are_exact(drafts: Path) -> None:
    proc = run_cli("scan", "draft_v1.pdf", "--format", "github", cwd=drafts)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        '::error file=draft_v1.pdf,line=10,title=errata (repeated-word)::p.1 l.10 "the the" → "the": Repeated word ‘the’',
        '::error file=draft_v1.pdf,line=19,title=errata (unresolved-reference)::p.1 l.19 "page ??": Unresolved cross-reference ‘page ??’: LaTeX prints ?? for an undefined label',
        '::warning file=draft_v1.pdf,line=20,title=errata (adjective-for-adverb)::p.1 l.20 "clear shown" → "clearly shown": Adjective ‘clear’ used as an adverb in ‘clear shown’',
        '::error file=draft_v1.pdf,line=2,title=errata (unresolved-reference)::p.2 l.2 "Section ??": Unresolved cross-reference ‘Section ??’: LaTeX prints ?? for an undefined label',
    ]
    assert not (drafts / "reports").exists()  # github output goes to stdout by default


def test_github_annotates_only_new_findings_and_escapes_the_path(drafts: Path) -> None:
    shutil.copy(drafts / "draft_v2.pdf", drafts / "a,b:c.pdf")
    (drafts / "errata.toml").write_text('[rules.unresolved-reference]\nseverity = "info"\n')
    assert run_cli("baseline", "draft_v1.pdf", "--select", "typo", cwd=drafts).returncode == 0
    proc = run_cli(
        "scan", "a,b:c.pdf", "--format", "github", "--baseline", "errata-baseline.json", cwd=drafts
    )
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        '::notice file=a%2Cb%3Ac.pdf,line=1,title=errata (unresolved-reference)::p.2 l.1 "page ??": Unresolved cross-reference ‘page ??’: LaTeX prints ?? for an undefined label',
        '::error file=a%2Cb%3Ac.pdf,line=8,title=errata (repeated-word)::p.2 l.8 "just just" → "just": Repeated word ‘just’',
        '::notice file=a%2Cb%3Ac.pdf,line=9,title=errata (unresolved-reference)::p.2 l.9 "Section ??": Unresolved cross-reference ‘Section ??’: LaTeX prints ?? for an undefined label',
    ]


def test_escaping_follows_githubs_rules() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("dir/a,b:c%.pdf\n") == "dir/a%2Cb%3Ac%25.pdf%0A"
    assert escape_property("%3A") == "%253A"  # the percent sign first, so escapes are not escaped twice


def test_several_pdfs_as_a_pre_commit_hook_passes_them(drafts: Path) -> None:
    proc = run_cli(
        "scan", "draft_v1.pdf", "draft_v2.pdf", "--format", "github", "--select", "typo", cwd=drafts
    )
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        '::error file=draft_v1.pdf,line=10,title=errata (repeated-word)::p.1 l.10 "the the" → "the": Repeated word ‘the’',
        '::error file=draft_v2.pdf,line=19,title=errata (repeated-word)::p.1 l.19 "the the" → "the": Repeated word ‘the’',
        '::error file=draft_v2.pdf,line=8,title=errata (repeated-word)::p.2 l.8 "just just" → "just": Repeated word ‘just’',
    ]
    proc = run_cli("scan", "draft_v1.pdf", "draft_v2.pdf", "--format", "json", "-o", "-", cwd=drafts)
    assert proc.returncode == 2
    assert proc.stderr == "errata: error: one PDF per json report on stdout; give a folder with -o\n"
