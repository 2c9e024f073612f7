"""`errata verify --tex`: every step of a LaTeX source's display math gets a verdict with its file and line.

The corpus under tests/fixtures/derivations holds the transformer chapter's identities, each written correctly
(NAME.tex) and with one planted mistake (NAME-wrong*.tex, the line marked ``% planted: ...``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("sympy")
pytest.importorskip("latex2sympy2_extended")

from click.testing import CliRunner  # noqa: E402

from errata.verify.cli import verify  # noqa: E402
from errata.verify.tex import TexReport, check_tex, load_notation, read_tex  # noqa: E402
from errata.verify.tex.render import render_tex_json  # noqa: E402
from errata.verify.tex.source import chains_of  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "fixtures" / "derivations"
CORRECT = sorted(p for p in CORPUS.glob("*.tex") if "-wrong" not in p.stem)
WRONG = sorted(p for p in CORPUS.glob("*.tex") if "-wrong" in p.stem)
#: Correct steps of the corpus that the checker cannot check (stated here, and kept at this number).
UNCHECKABLE_CORRECT_STEPS = 0


@pytest.fixture(scope="module", autouse=True)
def _threads() -> None:
    torch.set_num_threads(2)


def _check(path: Path, **kw: object) -> TexReport:
    return check_tex(path, device="cpu", samples=kw.pop("samples", 1500), **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def correct_reports() -> dict[str, TexReport]:
    return {p.name: _check(p) for p in CORRECT}


def test_corpus_covers_the_chapter_identities() -> None:
    names = {p.stem for p in CORRECT}
    assert {"logit", "softmax-logits", "softmax-temperature", "shift", "topk", "perplexity"} <= names
    assert {"logsumexp", "sigmoid-derivative", "attention-scale", "logit-premise"} <= names
    for p in CORRECT:
        assert any(w.stem.startswith(p.stem + "-wrong") for w in WRONG), p.name


def test_no_correct_step_is_refuted(correct_reports: dict[str, TexReport]) -> None:
    for name, report in correct_reports.items():
        assert report.steps, name
        refuted = [
            (s.line, s.left, s.right, s.counterexample) for s in report.steps if s.verdict == "refuted"
        ]
        assert not refuted, (name, refuted)
        assert not [s.findings for s in report.steps if s.findings], name
        for s in report.steps:
            assert s.file == str(CORPUS / name) and s.line > 0
            if s.verdict == "verified":
                assert s.max_error is not None and s.tolerance is not None and s.max_error <= s.tolerance


def test_the_suite_states_how_many_correct_steps_it_cannot_check(
    correct_reports: dict[str, TexReport],
) -> None:
    steps = [s for r in correct_reports.values() for s in r.steps]
    unchecked = [(s.location, s.reason) for s in steps if s.verdict == "not checkable"]
    assert len(steps) == 20
    assert len(unchecked) == UNCHECKABLE_CORRECT_STEPS, unchecked


@pytest.mark.parametrize("path", WRONG, ids=[p.stem for p in WRONG])
def test_every_planted_mistake_is_refuted(path: Path) -> None:
    planted = [n for n, line in enumerate(path.read_text().splitlines(), 1) if "% planted" in line]
    assert len(planted) == 1
    report = _check(path)
    at = [s for s in report.steps if s.line == planted[0]]
    assert at and all(s.verdict == "refuted" for s in at), [
        (s.line, s.verdict, s.reason) for s in report.steps
    ]
    for s in at:
        assert s.details.endswith(f"left {s.counterexample['left']}, right {s.counterexample['right']}")
        cx = s.counterexample
        assert cx is not None and {"left", "right", "sizes", "indices", "values"} <= set(cx)
        assert cx["left"] != cx["right"]
    # Steps before the planted line are correct and stay verified.
    assert all(s.verdict == "verified" for s in report.steps if s.line < planted[0])


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_narrower_dtypes_refute_every_planted_mistake_and_no_correct_step(dtype: str) -> None:
    # A sample beyond the dtype's tolerance is re-evaluated with 50 digits before it refutes a step, so the
    # rounding of float32 and bfloat16 does not refute a correct step.
    for path in CORRECT:
        report = _check(path, dtype=dtype, samples=600)
        assert [s.line for s in report.steps if s.verdict == "refuted"] == [], (path.name, dtype)
    for path in WRONG:
        planted = next(n for n, line in enumerate(path.read_text().splitlines(), 1) if "% planted" in line)
        report = _check(path, dtype=dtype, samples=600)
        assert any(s.line == planted and s.verdict == "refuted" for s in report.steps), (path.name, dtype)


def test_exact_error_tells_rounding_from_a_counterexample() -> None:
    import sympy

    from errata.verify.tex.exact import exact_error

    x = sympy.Symbol("x")
    y = 1 / (1 + sympy.exp(-x))
    point = {"sizes": {}, "indices": {}, "scalars": {x: 30.0}, "vectors": {}, "lengths": {}}
    assert exact_error(x, sympy.log(y / (1 - y)), point) < 1e-30  # float64 loses 3 digits here
    assert exact_error(x, sympy.log(y / (1 + y)), point) > 0.5
    z, j, n = sympy.IndexedBase("z"), sympy.Symbol("j"), sympy.Symbol("n")
    s = sympy.Sum(sympy.exp(z[j]), (j, 1, n))
    at = {
        "sizes": {n: 2},
        "indices": {},
        "scalars": {},
        "vectors": {z.label: [0.0, 1.0]},
        "lengths": {z.label: 2},
    }
    assert exact_error(s, 1 + sympy.E, at) < 1e-40


def test_sum_over_an_index_absent_from_its_body_is_a_finding() -> None:
    report = _check(CORPUS / "topk-wrong-index.tex")
    findings = [f for s in report.steps for f in s.findings]
    assert any(f.startswith("the sum over j has a term without j") for f in findings)
    assert "index m is free on the right side only" in findings


def test_sizes_are_small_and_the_counterexample_is_reported() -> None:
    report = _check(CORPUS / "attention-scale-wrong.tex")
    (step,) = report.steps
    assert step.verdict == "refuted" and step.failures > 0
    assert step.counterexample is not None
    assert 2 <= step.counterexample["sizes"]["d"] <= 6  # d = 1 is no counterexample: √1 = 1
    assert len(step.counterexample["values"]["q"]) == step.counterexample["sizes"]["d"]


def test_not_checkable_says_what_was_not_understood(tmp_path: Path) -> None:
    f = tmp_path / "ffn.tex"
    f.write_text(
        "\\begin{equation}\n  x + \\mathrm{FFN}(x) = \\mathrm{FFN}(x) + x\n\\end{equation}\n"
        "\\[ a \\le b \\]\n\\[ 2 x = \\frac{1}{2}} \\]\n\\[ u = v + 1 = v \\]\n"
        "\\[ \\mathrm{FFN}(x) = x + 1 \\]\n\\[ 2 a_j = b_j + 1 \\]\n"
    )
    report = _check(f)
    verdicts = [(s.line, s.verdict) for s in report.steps]
    assert verdicts == [
        (2, "not checkable"),
        (4, "not checkable"),
        (5, "not checkable"),
        (6, "refuted"),
        (8, "not checkable"),
    ]
    assert report.steps[4].reason.startswith("the sides use different values (a on the left, b on the right)")
    assert "unknown function \\mathrm{FFN}" in report.steps[0].reason == report.steps[0].details
    assert "relation \\le" in report.steps[1].reason
    assert report.steps[2].reason.startswith("cannot parse")


def test_notation_file_defines_functions_and_domains(tmp_path: Path) -> None:
    notation = tmp_path / "notation.toml"
    notation.write_text('[functions]\ng = { args = ["x"], body = "x^2 + 1" }\n[domains]\nw = "positive"\n')
    f = tmp_path / "g.tex"
    f.write_text("\\[ g(w) - 1 = w \\cdot w = e^{2 \\ln w} \\]\n")
    report = check_tex(f, notation=notation, device="cpu", samples=500)
    assert [s.verdict for s in report.steps] == ["verified", "verified"]
    assert load_notation(notation).functions["g"].args == ("x",)


def test_displays_environments_macros_and_lines(tmp_path: Path) -> None:
    f = tmp_path / "envs.tex"
    f.write_text(
        "\\newcommand{\\sq}[1]{{#1}^{2}}\n\\DeclareMathOperator{\\sm}{softmax}\n"  # lines 1-2
        "text $x = 1$ inline is not display math\n"  # 3
        "\\begin{gather*} \\sq{a} = a a \\end{gather*}\n"  # 4
        "\\begin{eqnarray} 2b &=& b+b \\nonumber \\\\ 2c &=& c+c \\end{eqnarray}\n"  # 5
        "\\begin{multline} 2d \\\\ = d+d \\end{multline}\n"  # 6
        "% \\[ commented = out \\]\n"  # 7
        "$$ 2e = e+e $$ \\[ 2f\n = f+f \\]\n"  # 8-9
        "\\begin{align*}\n 2g &= g+g \\label{x} \\\\\n &= 2 g \\tag{1}\n\\end{align*}\n"  # 10-13
    )
    source = read_tex(f)
    assert [d.env for d in source.displays] == ["gather*", "eqnarray", "multline", "$$", "\\[", "align*"]
    assert source.macros["sm"].body == "\\operatorname{softmax}"
    assert source.displays[0].rows[0].text == "{{a}^{2}} = a a"
    chains = [chains_of(d) for d in source.displays]
    assert [c.exprs for c in chains[1]] == [("2b", "b+b"), ("2c", "c+c")]
    assert chains[5][0].exprs == ("2g", "g+g", "2 g") and chains[5][0].lines == (11, 11, 12)
    assert chains[4][0].lines == (8, 9)
    report = _check(f, samples=200)
    assert [s.verdict for s in report.steps] == ["verified"] * 8


def test_same_seed_same_report() -> None:
    a = render_tex_json([_check(CORPUS / "topk-wrong-bound.tex", seed=3)])
    b = render_tex_json([_check(CORPUS / "topk-wrong-bound.tex", seed=3)])
    assert a == b
    assert json.loads(a)["schema_version"] == "1.0"


def test_cli_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(verify, ["--tex", str(CORPUS / "logit.tex"), "--device", "cpu", "--samples", "300"])
    assert ok.exit_code == 0, ok.output
    assert "| 6 | derivation | `x` = `\\ln\\frac{y}{1 - y}` | verified |" in ok.output
    bad = runner.invoke(
        verify,
        ["--tex", str(CORPUS / "logit-wrong.tex"), "--samples", "300", "--format", "json", "--device", "cpu"],
    )
    assert bad.exit_code == 1
    data = json.loads(bad.stdout)
    assert data["files"][0]["summary"]["refuted"] == 1
    assert "logit-wrong.tex:5 (refuted)" in bad.stderr
    missing = runner.invoke(verify, ["--tex", str(tmp_path / "nope.tex")])
    assert missing.exit_code == 2 and missing.stderr.count("\n") == 1
    notation = tmp_path / "n.toml"
    notation.write_text("[domains]\nx = 'imaginary'\n")
    res = runner.invoke(verify, ["--tex", str(CORPUS / "logit.tex"), "--notation", str(notation)])
    assert res.exit_code == 2 and "domain of 'x'" in res.stderr and res.stderr.count("\n") == 1
    assert runner.invoke(verify, ["--notation", str(notation)]).exit_code == 2
    res = runner.invoke(verify, ["--tex", str(CORPUS / "logit.tex"), "--wrong", "-k", "x"])
    assert res.exit_code == 2 and "does not combine with -k, --wrong" in res.stderr
    binary = tmp_path / "b.tex"
    binary.write_bytes(b"\\[ \xff\xfe = 1 \\]")
    res = runner.invoke(verify, ["--tex", str(binary)])
    assert res.exit_code == 2 and "not UTF-8" in res.stderr and res.stderr.count("\n") == 1


def test_the_chapter_sources_get_a_verdict_for_every_step() -> None:
    fixtures = sorted((REPO / "tests" / "fixtures" / "tex").glob("*.tex"))
    assert len(fixtures) >= 5
    steps = [s for p in fixtures for s in _check(p, samples=200).steps]
    assert {s.verdict for s in steps} <= {"verified", "not checkable"}
    assert all(s.line > 0 and (s.verdict != "not checkable" or s.reason) for s in steps)


LATEX_PIECES = [
    "x",
    "y_i",
    "z_{j}",
    "=",
    "=",
    "+",
    "-",
    "\\frac{",
    "}{",
    "}",
    "{",
    "(",
    ")",
    "\\left(",
    "\\right)",
    "\\sum_{j=1}^{n}",
    "\\prod_{i=1}^{N}",
    "\\max_j",
    "e^{",
    "\\ln",
    "\\log",
    "\\sqrt[3]{",
    "\\sigma(",
    "\\mathrm{FFN}(",
    "\\cdot",
    "^{2}",
    "\\\\",
    "&",
    "\\le",
    ",",
    "\\frac{d}{dx}",
    "0",
    "1",
    "\\tau",
    "k",
]


def test_no_input_makes_it_crash(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.sampled_from(LATEX_PIECES), min_size=1, max_size=14))
    def run(pieces: list[str]) -> None:
        f = tmp_path / "fuzz.tex"
        f.write_text("\\begin{align}\n" + " ".join(pieces) + "\n\\end{align}\n")
        for s in _check(f, samples=32).steps:
            assert s.verdict in ("verified", "refuted", "not checkable") and s.line == 2

    run()


def test_import_does_not_import_sympy_or_torch() -> None:
    code = (
        "import sys, errata.verify, errata.verify.tex, errata.verify.cli; "
        "assert 'torch' not in sys.modules and 'sympy' not in sys.modules, 'imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, env={"PYTHONPATH": str(REPO)})
