"""`errata scan --verify`: the numbered equations found in the PDF, the claims that check them, their status."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests.conftest import FIXTURES, ROOT, run_cli

LABELS = ROOT / "examples" / "chapter10-labels.toml"


def test_without_verify_the_report_lists_the_equations() -> None:
    proc = run_cli("scan", str(FIXTURES / "chapter10.pdf"), "-o", "-", "--fail-on", "never")
    section = proc.stdout.split("## Equations", 1)[1]
    assert "(10.1) p. 2" in section and "(10.10) p. 5" in section
    assert "Run `errata scan --verify`" in section


def test_verify_adds_each_equation_claim_and_status() -> None:
    pytest.importorskip("torch")
    args = ["scan", str(FIXTURES / "chapter10.pdf"), "--verify", "--verify-labels", str(LABELS)]
    args += ["--verify-samples", "500", "--fail-on", "never", "-o", "-"]
    md = run_cli(*args).stdout.split("## Equations", 1)[1]
    assert "| (10.2) | 2 | `attention.causal-mask` | verified |" in md
    assert "| (10.8) | 3 | `layernorm.standardises` | verified |" in md
    assert "| (10.9) | 3 | – | no claim |" in md
    data = json.loads(run_cli(*args, "--format", "json").stdout)
    jsonschema.validate(data, json.loads((ROOT / "errata" / "schema" / "report.schema.json").read_text()))
    assert data["schema_version"] == "1.2"
    by_label = {e["label"]: [(c["claim"], c["status"]) for c in e["claims"]] for e in data["equations"]}
    assert by_label["10.10"] == [("lmhead.tied-distribution", "verified")]
    assert by_label["10.9"] == []


def test_verify_with_a_missing_labels_file_is_one_line_exit_2() -> None:
    pytest.importorskip("torch")
    proc = run_cli("scan", str(FIXTURES / "clean.pdf"), "--verify", "--verify-labels", "nope.toml", "-o", "-")
    assert proc.returncode == 2
    assert proc.stderr.startswith("errata: error: --verify:") and len(proc.stderr.splitlines()) == 1


def test_verify_tex_adds_every_step_of_the_source() -> None:
    """`scan --verify --tex`: the derivations of the chapter's source, each with its verdict and source line."""
    pytest.importorskip("torch")
    tex = ROOT / "tests" / "fixtures" / "derivations" / "logsumexp-wrong.tex"
    args = ["scan", str(FIXTURES / "clean.pdf"), "--verify", "--verify-samples", "200", "--tex", str(tex)]
    data = json.loads(run_cli(*args, "--fail-on", "never", "--format", "json", "-o", "-").stdout)
    jsonschema.validate(data, json.loads((ROOT / "errata" / "schema" / "report.schema.json").read_text()))
    verdicts = [
        (d["file"].rsplit("/", 1)[-1], d["line"], d["kind"], d["verdict"]) for d in data["derivations"]
    ]
    assert verdicts == [
        ("logsumexp-wrong.tex", 3, "chain", "verified"),
        ("logsumexp-wrong.tex", 4, "chain", "refuted"),  # the planted mistake
    ]
    md = run_cli(*args, "--fail-on", "never", "-o", "-").stdout
    assert "## Derivations" in md and "**refuted**" in md
    assert run_cli("scan", str(FIXTURES / "clean.pdf"), "--tex", str(tex), "-o", "-").returncode == 2
