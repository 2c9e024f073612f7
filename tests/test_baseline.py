"""Baselines on the draft fixtures: a paragraph inserted on page 1 moves every later finding, yet only the
finding added in the second draft is new, and the one it fixed is reported as fixed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli

NO_NLP = ("--ignore", "adjective-for-adverb")  # keeps the spaCy model out of tests that do not need it


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    for name in ("draft_v1", "draft_v2"):
        shutil.copy(FIXTURES / f"{name}.pdf", tmp_path / f"{name}.pdf")
    shutil.copy(FIXTURES / "draft_v1.pdf", tmp_path / "draft.pdf")
    return tmp_path


def _entries(path: Path) -> list[tuple[str, str, int, int]]:
    data = json.loads(path.read_text())
    (entries,) = data["documents"].values()
    return [(e["rule"], e["match"], e["page"], e["line"]) for e in entries]


def test_baseline_holds_across_an_inserted_paragraph(drafts: Path) -> None:
    proc = run_cli("baseline", "draft.pdf", "-o", "errata-baseline.json", cwd=drafts)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "4 findings of draft.pdf recorded in errata-baseline.json\n"
    baseline = drafts / "errata-baseline.json"
    assert _entries(baseline) == [
        ("repeated-word", "the the", 1, 10),
        ("unresolved-reference", "page ??", 1, 19),
        ("adjective-for-adverb", "clear shown", 1, 20),
        ("unresolved-reference", "Section ??", 2, 2),
    ]
    assert list(json.loads(baseline.read_text())["documents"]) == ["draft.pdf"]

    shutil.copy(drafts / "draft_v2.pdf", drafts / "draft.pdf")  # the next build of the same book
    proc = run_cli("scan", "draft.pdf", "--baseline", "errata-baseline.json", "-o", "report.md", cwd=drafts)
    assert proc.returncode == 1, proc.stderr
    assert "errata: 1 new, 3 in the baseline, 1 fixed (baseline errata-baseline.json)" in proc.stderr
    report = (drafts / "report.md").read_text()
    assert "Baseline: **1 new**, 3 unchanged, 1 fixed." in report
    new = report.split("## New findings", 1)[1].split("## Baseline", 1)[0]
    assert "**repeated-word** (error), line 8: Repeated word ‘just’" in new
    assert "the the" not in new and "??" not in new
    assert report.split("### In the baseline (not listed above)\n\n", 1)[1].split("\n\n", 1)[
        0
    ].splitlines() == [
        "- p. 1, line 19: **repeated-word** “the the”",
        "- p. 2, line 1: **unresolved-reference** “page ??”",
        "- p. 2, line 9: **unresolved-reference** “Section ??”",
    ]
    assert "- was p. 1, line 20: **adjective-for-adverb** “clear shown”" in report


def test_json_under_a_baseline_lists_only_new_findings(drafts: Path) -> None:
    assert run_cli("baseline", "draft_v1.pdf", *NO_NLP, cwd=drafts).returncode == 0
    assert (drafts / "errata-baseline.json").exists()
    proc = run_cli(
        "scan", "draft_v2.pdf", *NO_NLP, "--baseline", "errata-baseline.json", "--format", "json", "-o", "-",
        cwd=drafts,
    )  # fmt: skip
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert [(f["rule"], f["match"], f["page"], f["line"]) for f in data["findings"]] == [
        ("repeated-word", "just just", 2, 8)
    ]
    assert data["summary"]["total"] == 1
    # a baseline of one document applies to a PDF of another name
    assert "errata: 1 new, 3 in the baseline, 0 fixed" in proc.stderr


def test_exit_code_counts_only_new_findings(drafts: Path) -> None:
    assert run_cli("baseline", "draft.pdf", "-o", "b.json", *NO_NLP, cwd=drafts).returncode == 0
    proc = run_cli("scan", "draft.pdf", "--baseline", "b.json", *NO_NLP, "-o", "-", cwd=drafts)
    assert proc.returncode == 0, proc.stderr
    assert "errata: 0 new, 3 in the baseline, 0 fixed" in proc.stderr
    assert "No new errata." in proc.stdout


def test_baseline_from_config_and_no_baseline(drafts: Path) -> None:
    (drafts / "errata.toml").write_text('baseline = "ci/errata-baseline.json"\n')
    (drafts / "ci").mkdir()
    proc = run_cli("baseline", "draft.pdf", *NO_NLP, cwd=drafts)
    assert proc.returncode == 0, proc.stderr
    assert (drafts / "ci" / "errata-baseline.json").exists()
    sub = drafts / "chapters"
    sub.mkdir()
    shutil.copy(drafts / "draft.pdf", sub / "draft.pdf")
    # found by walking up from chapters/; the baseline path is relative to the config file
    assert run_cli("scan", "draft.pdf", *NO_NLP, "-o", "-", cwd=sub).returncode == 0
    assert run_cli("scan", "draft.pdf", *NO_NLP, "-o", "-", "--no-baseline", cwd=sub).returncode == 1


def test_baseline_bytes_are_deterministic_and_keep_other_documents(drafts: Path) -> None:
    run_cli("baseline", "draft_v1.pdf", "-o", "a.json", *NO_NLP, cwd=drafts)
    run_cli("baseline", "draft_v1.pdf", "-o", "b.json", *NO_NLP, cwd=drafts)
    assert (drafts / "a.json").read_bytes() == (drafts / "b.json").read_bytes()
    run_cli("baseline", "draft_v2.pdf", "-o", "a.json", *NO_NLP, cwd=drafts)
    docs = json.loads((drafts / "a.json").read_text())["documents"]
    assert {k: len(v) for k, v in docs.items()} == {"draft_v1.pdf": 3, "draft_v2.pdf": 4}
    # with several documents, entries are looked up by file name
    proc = run_cli("scan", "draft_v2.pdf", "--baseline", "a.json", *NO_NLP, "-o", "-", cwd=drafts)
    assert proc.returncode == 0
    assert "errata: 0 new, 4 in the baseline, 0 fixed" in proc.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline missing.json does not exist (write it with 'errata baseline PDF -o missing.json')"),
        ("{", "baseline missing.json: not JSON"),
        ('{"documents": {}}', "baseline missing.json: not an errata baseline"),
    ],
)
def test_bad_baseline_is_exit_2(drafts: Path, content: str | None, message: str) -> None:
    if content is not None:
        (drafts / "missing.json").write_text(content)
    proc = run_cli("scan", "draft.pdf", "--baseline", "missing.json", cwd=drafts)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"errata: error: {message}")
    assert len(proc.stderr.splitlines()) == 1


def test_fingerprint_fallback_matches_an_edited_sentence() -> None:
    """A finding whose own sentence was reworded a little still matches its entry (same rule and match)."""
    from errata.lint.rule import Severity
    from errata.model.findings import BaselineEntry, BaselineState, Finding, Report, fingerprint
    from errata.project.baseline import apply_baseline

    def finding(context: str) -> Finding:
        fp = fingerprint("repeated-word", "the the", context, 0)
        return Finding("repeated-word", Severity.ERROR, "m", "the the", context, (0, 7), (), fingerprint=fp)

    old = finding("and the the reader who finds it later is rarely the one who can fix it.")
    edited = finding("and the the reader who finds it later is seldom the one who can fix it.")
    elsewhere = finding("the the end.")
    report = Report("draft.pdf", "0" * 64, 1, [1], [edited, elsewhere])
    t = apply_baseline(report, [BaselineEntry.of(old)], "errata-baseline.json")
    assert old.fingerprint != edited.fingerprint
    assert [f.context for f in t.unchanged_findings] == [edited.context]
    assert [f.context for f in t.new_findings] == [elsewhere.context]
    assert t.baseline is not None and t.baseline.fixed == ()
    # The entry matched with an edited sentence: SARIF's "updated", not "unchanged".
    assert [f.baseline for f in t.findings] == [BaselineState.UPDATED, BaselineState.NEW]
