"""`errata diff OLD NEW` on the two drafts: one erratum fixed, one added, three moved but unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    for name in ("draft_v1", "draft_v2"):
        shutil.copy(FIXTURES / f"{name}.pdf", tmp_path / f"{name}.pdf")
    return tmp_path


def test_diff_markdown(drafts: Path) -> None:
    proc = run_cli("diff", "draft_v1.pdf", "draft_v2.pdf", cwd=drafts)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == "errata: 1 new, 1 fixed, 3 remaining (draft_v1.pdf -> draft_v2.pdf)\n"
    out = proc.stdout
    assert out.startswith("# errata diff: draft\\_v1.pdf → draft\\_v2.pdf\n")
    assert "| New | Fixed | Remaining |\n|---|---|---|\n| 1 | 1 | 3 |\n" in out
    new, rest = out.split("## New\n\n", 1)[1].split("## Fixed\n\n", 1)
    fixed, remaining = rest.split("## Remaining\n\n", 1)
    assert new.startswith("1. **repeated-word** (error), p. 2, line 8: Repeated word ‘just’  \n")
    assert "which is **just just** plain text" in new
    assert fixed.startswith(
        "- **adjective-for-adverb** “clear shown”, was p. 1, line 20: The benefit of joining"
    )
    assert remaining.splitlines() == [
        "- **repeated-word** “the the”, p. 1, line 19 (was p. 1, line 10)",
        "- **unresolved-reference** “page ??”, p. 2, line 1 (was p. 1, line 19)",
        "- **unresolved-reference** “Section ??”, p. 2, line 9 (was p. 2, line 2)",
    ]


def test_diff_json_sets(drafts: Path) -> None:
    proc = run_cli("diff", "draft_v1.pdf", "draft_v2.pdf", "--format", "json", "-o", "diff.json", cwd=drafts)
    assert proc.returncode == 1
    assert proc.stdout == ""
    data = json.loads((drafts / "diff.json").read_text())
    assert data["summary"] == {"new": 1, "fixed": 1, "remaining": 3}
    found = data["findings"]
    assert [(f["rule"], f["match"], f["page"], f["line"]) for f in found["new"]] == [
        ("repeated-word", "just just", 2, 8)
    ]
    assert [(f["rule"], f["match"], f["page"], f["line"]) for f in found["fixed"]] == [
        ("adjective-for-adverb", "clear shown", 1, 20)
    ]
    assert [
        (f["match"], f["page"], f["line"], f["was"]["page"], f["was"]["line"]) for f in found["remaining"]
    ] == [
        ("the the", 1, 19, 1, 10),
        ("page ??", 2, 1, 1, 19),
        ("Section ??", 2, 9, 2, 2),
    ]


@pytest.mark.parametrize(
    ("args", "code", "counts"),
    [
        (
            ["draft_v1.pdf", "draft_v2.pdf", "--ignore", "grammar", "--fail-on", "never"],
            0,
            "1 new, 0 fixed, 3 remaining",
        ),
        (["draft_v2.pdf", "draft_v2.pdf", "--ignore", "grammar"], 0, "0 new, 0 fixed, 4 remaining"),
        (["draft_v1.pdf", "draft_v2.pdf", "--select", "reference"], 0, "0 new, 0 fixed, 2 remaining"),
    ],
)
def test_diff_exit_codes(drafts: Path, args: list[str], code: int, counts: str) -> None:
    proc = run_cli("diff", *args, "--format", "json", cwd=drafts)
    assert proc.returncode == code, proc.stderr
    assert proc.stderr.startswith(f"errata: {counts} (")
