"""`--format sarif` validates against the official SARIF 2.1.0 schema and carries what code scanning needs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import FIXTURES, ROOT, run_cli

# The OASIS SARIF 2.1.0 schema (errata01), committed unchanged: a JSON Schema draft-04 document.
SARIF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "schemas" / "sarif-schema-2.1.0.json").read_text())
VALIDATOR = jsonschema.Draft4Validator(SARIF_SCHEMA)


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    (tmp_path / "book").mkdir()
    for name in ("draft_v1", "draft_v2"):
        shutil.copy(FIXTURES / f"{name}.pdf", tmp_path / "book" / f"{name}.pdf")
    return tmp_path


def test_schema_is_the_official_one_and_bites() -> None:
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    assert SARIF_SCHEMA["id"] == (
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    )
    bad = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {}, "level": "fatal"}]}],
    }
    assert not VALIDATOR.is_valid(bad)


def test_sarif_validates_with_rules_results_and_properties(drafts: Path) -> None:
    args = ("scan", "book/draft_v1.pdf", "--ignore", "grammar", "--format", "sarif", "-o", "-")
    a = run_cli(*args, cwd=drafts)
    b = run_cli(*args, cwd=drafts)
    assert a.returncode == 1, a.stderr
    assert a.stdout == b.stdout
    data = json.loads(a.stdout)
    VALIDATOR.validate(data)
    (run,) = data["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [(r["id"], r["name"], r["defaultConfiguration"]["level"]) for r in rules] == [
        ("punctuation", "Punctuation", "warning"),
        ("repeated-word", "RepeatedWord", "error"),
        ("unresolved-reference", "UnresolvedReference", "error"),
    ]
    assert rules[1]["shortDescription"]["text"] == "A word is printed twice in a row"
    assert rules[1]["fullDescription"]["text"].startswith(
        "Flags a word immediately followed by the same word"
    )
    assert "## Why is this bad?" in rules[1]["help"]["markdown"]
    assert run["artifacts"][0]["location"]["uri"] == "book/draft_v1.pdf"
    results = run["results"]
    assert [
        (
            r["ruleId"],
            r["ruleIndex"],
            r["level"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in results
    ] == [
        ("repeated-word", 1, "error", 10),
        ("unresolved-reference", 2, "error", 19),
        ("unresolved-reference", 2, "error", 2),
    ]
    first = results[0]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "book/draft_v1.pdf"
    assert first["message"]["text"] == "Repeated word ‘the’ (p. 1, line 10: “the the”). Suggestion: “the”"
    props = first["properties"]
    assert (props["page"], props["page_label"], props["match"], len(props["bbox"])) == (1, "1", "the the", 1)
    assert len(first["partialFingerprints"]["errata/v1"]) == 20
    assert all("baselineState" not in r and "suppressions" not in r for r in results)


def test_sarif_keeps_baselined_results_marked(drafts: Path) -> None:
    assert run_cli("baseline", "book/draft_v1.pdf", "--ignore", "grammar", cwd=drafts).returncode == 0
    proc = run_cli(
        "scan", "book/draft_v2.pdf", "--ignore", "grammar", "--format", "sarif", "--baseline",
        "errata-baseline.json", "-o", "out/errata.sarif", cwd=drafts,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    data = json.loads((drafts / "out" / "errata.sarif").read_text())
    VALIDATOR.validate(data)
    results = data["runs"][0]["results"]
    assert [(r["properties"]["match"], r["baselineState"], r.get("suppressions")) for r in results] == [
        ("the the", "unchanged", [{"kind": "external", "justification": "accepted in the errata baseline"}]),
        ("page ??", "unchanged", [{"kind": "external", "justification": "accepted in the errata baseline"}]),
        ("just just", "new", None),
        (
            "Section ??",
            "unchanged",
            [{"kind": "external", "justification": "accepted in the errata baseline"}],
        ),
    ]


def test_sarif_level_follows_configured_severity(drafts: Path) -> None:
    (drafts / "errata.toml").write_text(
        'select = ["reference"]\n[rules.unresolved-reference]\nseverity = "info"\n'
    )
    proc = run_cli("scan", "book/draft_v1.pdf", "--format", "sarif", "-o", "-", cwd=drafts)
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    VALIDATOR.validate(data)
    assert [r["level"] for r in data["runs"][0]["results"]] == ["note", "note"]
    assert [r["id"] for r in data["runs"][0]["tool"]["driver"]["rules"]] == ["unresolved-reference"]
