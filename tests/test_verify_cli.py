"""``errata verify`` through click's CliRunner and as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from click.testing import CliRunner  # noqa: E402

from errata.verify import cli as verify_cli  # noqa: E402
from errata.verify.core import TorchMissingError  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
verify = verify_cli.verify

FALSE_CLAIM = """
from errata.verify import Evidence, claim

def mean_wrong(x):
    return x.sum(-1) / (x.shape[-1] - 1)

def mean_true(x):
    return x.sum(-1) / x.shape[-1]

@claim(id="ch2.mean", equation="2.1", summary="the chapter's mean", wrong=mean_true)
def mean(ctx, m=mean_wrong):
    x = ctx.randn(ctx.n, 5)
    return Evidence(ctx.mismatch(m(x), x.mean(-1)), {"x": x})
"""


def test_json_report_exit_0(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    res = CliRunner().invoke(
        verify, ["--samples", "300", "--format", "json", "-o", str(out), "-k", "softmax.*", "--device", "cpu"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    ids = {r["id"] for r in data["results"]}
    assert "softmax.not-invertible" in ids and all(i.startswith("softmax.") for i in ids)
    assert all(r["ok"] for r in data["results"])


def test_markdown_to_stdout_with_wrong_variants() -> None:
    res = CliRunner().invoke(verify, ["--samples", "200", "-k", "topp.*", "--wrong", "--no-timings"])
    assert res.exit_code == 0, res.output
    assert "topp.smallest-prefix~drop-crossing-token" in res.output and "refuted" in res.output


def test_refuted_claim_exits_1(tmp_path: Path) -> None:
    f = tmp_path / "c.py"
    f.write_text(FALSE_CLAIM)
    res = CliRunner().invoke(verify, ["--claims", str(f), "--samples", "100", "--format", "json"])
    assert res.exit_code == 1
    assert '"status": "refuted"' in res.output and "counterexample" in res.output


def test_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    assert runner.invoke(verify, ["--dtype", "float8"]).exit_code == 2
    assert runner.invoke(verify, ["--claims", str(tmp_path / "missing.py")]).exit_code == 2
    assert runner.invoke(verify, ["-k", "no-such-claim"]).exit_code == 2
    if not torch.cuda.is_available():
        res = runner.invoke(verify, ["--device", "cuda", "--samples", "10"])
        assert res.exit_code == 2
        assert res.stderr.strip().count("\n") == 0 and "CUDA" in res.stderr

    def missing() -> None:
        raise TorchMissingError(verify_cli.INSTALL_HINT)

    monkeypatch.setattr(verify_cli, "import_torch", missing)
    res = runner.invoke(verify, ["--samples", "10"])
    assert res.exit_code == 2
    assert "pip install 'errata[equations]'" in res.stderr and res.stderr.strip().count("\n") == 0


def test_list_and_labels_file(tmp_path: Path) -> None:
    labels = tmp_path / "labels.toml"
    labels.write_text('[labels]\n"attention.matrix-form" = ["9.9", "9.10"]\n')
    res = CliRunner().invoke(verify, ["--list", "--labels", str(labels), "-k", "attention.*"])
    assert res.exit_code == 0
    assert "attention.matrix-form\t9.9, 9.10\t" in res.output


def test_subprocess() -> None:
    code = "from errata.verify.cli import verify; verify()"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "--samples",
            "100",
            "--format",
            "json",
            "--device",
            "cpu",
            "-k",
            "logit.*",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["results"][0]["id"] == "logit.inverts-sigmoid"
    assert data["results"][0]["status"] == "verified"
