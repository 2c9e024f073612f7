"""The claims checker: every true form is accepted and every deliberately wrong variant rejected."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")

from errata.verify import (  # noqa: E402
    DEFAULT_LABELS,
    Claim,
    Context,
    Evidence,
    builtin_claims,
    claim,
    claims_for_labels,
    load_claims_file,
    render_json,
    render_markdown,
    run_claim,
    run_claims,
)
from errata.verify.claims.numerics import check_naive, check_stable  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CLAIMS = {c.id: c for c in builtin_claims()}
SAMPLES = {"float64": 1500, "float32": 1500, "bfloat16": 600}
cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")


@pytest.fixture(scope="module", autouse=True)
def _threads() -> None:
    torch.set_num_threads(2)


def test_builtin_claims_cover_the_chapter() -> None:
    assert len(CLAIMS) >= 15
    for c in CLAIMS.values():
        assert c.equations, c.id
        assert c.wrong, f"{c.id} has no wrong variant"
        assert c.equations == DEFAULT_LABELS[c.id]


@pytest.mark.parametrize("dtype", ["float64", "float32", "bfloat16"])
@pytest.mark.parametrize("claim_id", sorted(CLAIMS))
def test_true_form_verified_and_every_wrong_variant_refuted(claim_id: str, dtype: str) -> None:
    c = CLAIMS[claim_id]
    good = run_claim(c, samples=SAMPLES[dtype], dtype=dtype, seed=3)
    assert good.status == "verified", (good.max_error, good.tolerance, good.notes)
    assert good.ok
    assert good.max_error is not None and good.max_error <= good.tolerance
    if c.quantifier == "all":
        assert good.counterexample is None and good.failures == 0
    else:
        assert good.counterexample is not None and good.failures > 0
    for variant in c.wrong_variants():
        bad = run_claim(variant, samples=SAMPLES[dtype], dtype=dtype, seed=3)
        assert bad.status == "refuted", (variant.id, bad.max_error, bad.tolerance, bad.notes)
        assert bad.ok and bad.expect == "fail"
        if c.quantifier == "all":
            assert bad.counterexample is not None
            json.dumps(bad.counterexample, allow_nan=False)


def test_tolerances_depend_on_dtype() -> None:
    c = CLAIMS["softmax.recover-logits"]
    tols = [run_claim(c, samples=50, dtype=d).tolerance for d in ("float64", "float32", "bfloat16")]
    assert tols[0] < tols[1] < tols[2]


def _drawn_inputs(seed: int) -> list[float]:
    """The values a check draws for ``seed``: what a seed determines, independent of any float kernel."""
    seen: list[float] = []

    def identity(x: Any) -> Any:
        return x

    @claim(id="probe.inputs", equation="0.1", summary="records its inputs", wrong=identity)
    def probe(ctx: Context, form: Any = identity) -> Evidence:
        x = ctx.rand(ctx.n)
        seen.extend(x.tolist())
        return Evidence(form(x) * 0, {"x": x})

    run_claim(probe, samples=8, seed=seed)
    return seen


def test_deterministic_for_a_seed() -> None:
    # Same seed: the same inputs and byte for byte the same report.
    cs = [CLAIMS["attention.causal-mask"], CLAIMS["topp.smallest-prefix"]]
    a = run_claims(cs, device="cpu", samples=700, seed=5, include_wrong=True)
    b = run_claims(cs, device="cpu", samples=700, seed=5, include_wrong=True)
    assert render_json(a, timings=False) == render_json(b, timings=False)
    assert _drawn_inputs(5) == _drawn_inputs(5)
    # Another seed: other inputs. (Not other errors: on some CPUs both seeds' errors round to the same
    # few ulps, so errors say nothing about the inputs.)
    assert _drawn_inputs(5) != _drawn_inputs(6)
    c = run_claims(cs, device="cpu", samples=700, seed=6, include_wrong=True)
    refuted = [(x, y) for x, y in zip(a, c, strict=True) if x.status == y.status == "refuted"]
    assert refuted and all(
        x.counterexample is not None
        and y.counterexample is not None
        and x.counterexample["inputs"] != y.counterexample["inputs"]
        for x, y in refuted
    )


def test_chunking_covers_every_sample() -> None:
    c = CLAIMS["attention.matrix-form"]
    whole = run_claim(c, samples=1000, chunk_bytes=10**9)
    chunked = run_claim(c, samples=1000, chunk_bytes=c.sample_bytes * 64)
    assert whole.samples == chunked.samples == 1000
    assert chunked.status == "verified"
    bad = run_claim(c.wrong_variant("no-sqrt-dk"), samples=1000, chunk_bytes=c.sample_bytes * 64)
    assert bad.status == "refuted" and bad.failures > 0


def test_naive_softmax_breakdown_range_is_reported() -> None:
    r = run_claim(check_naive, samples=200)
    assert r.status == "verified" and r.counterexample is not None
    text = " ".join(r.notes)
    assert "float32" in text and "float16" in text and "float64" in text
    # e^z overflows float32 just below ln(FLT_MAX) = 88.72 (the sum of 16 terms overflows first).
    f32 = next(n for n in r.notes if n.startswith("float32"))
    threshold = float(f32.split("≥ ")[1].split()[0])
    assert 87.0 < threshold <= math.log(torch.finfo(torch.float32).max)
    assert run_claim(check_stable, samples=200).status == "verified"


def test_check_that_cannot_fail_is_detected() -> None:
    @claim(id="vacuous", summary="always passes", wrong=lambda z: z * 0)
    def vacuous(ctx: Context, f: Any = lambda z: z) -> Evidence:
        z = ctx.randn(ctx.n, 4)
        return Evidence(torch.zeros(ctx.n, dtype=ctx.acc), {"z": z})

    results = run_claims([vacuous], device="cpu", samples=100, include_wrong=True)
    assert [r.status for r in results] == ["verified", "verified"]
    assert not results[1].ok  # the wrong variant was not rejected


def test_broken_check_is_an_error_not_a_crash() -> None:
    @claim(id="broken", summary="raises", wrong=abs)
    def broken(ctx: Context, f: Any = abs) -> Evidence:
        raise RuntimeError("boom")

    (r,) = run_claims([broken], device="cpu", samples=10)
    assert r.status == "error" and "boom" in r.notes[-1] and not r.ok


def test_labels_are_data() -> None:
    rs = run_claims(
        [CLAIMS["temperature.limits"]], device="cpu", samples=50, labels={"temperature.limits": ["9.4"]}
    )
    assert rs[0].equations == ["9.4"]
    cov = claims_for_labels({"10.9", "99.1"})
    assert [c.claim_id for c in cov["10.9"]] == ["attention.matrix-form"]
    assert cov["99.1"] == []
    cov = claims_for_labels(["10.9"], results=run_claims([CLAIMS["attention.matrix-form"]], samples=50))
    assert cov["10.9"][0].status == "verified"


def test_renderers() -> None:
    rs = run_claims(
        [CLAIMS["softmax.not-invertible"], CLAIMS["layernorm.standardises"]], samples=100, include_wrong=True
    )
    data = json.loads(render_json(rs))
    assert data["summary"]["unexpected"] == 0
    first = data["results"][0]
    for key in (
        "id",
        "equations",
        "summary",
        "status",
        "max_error",
        "tolerance",
        "dtype",
        "device",
        "samples",
        "seconds",
        "counterexample",
        "notes",
    ):
        assert key in first
    md = render_markdown(rs)
    assert (
        "| `layernorm.standardises~unbiased-variance` |" in md and "Counterexample" in md and "Witness" in md
    )


USER_CLAIMS = """
from errata.verify import Evidence, claim

def sigmoid(z):
    return 1 / (1 + (-z).exp())

def sigmoid_wrong(z):
    return 1 / (2 + (-z).exp())

@claim(id="ch3.sigmoid-symmetry", equation="3.7", summary="σ(−z) = 1 − σ(z)", wrong=sigmoid_wrong)
def symmetry(ctx, sigma=sigmoid):
    z = ctx.randn(ctx.n) * 5
    return Evidence(ctx.mismatch(sigma(-z), 1 - sigma(z)), {"z": z})
"""


def test_claims_file(tmp_path: Path) -> None:
    f = tmp_path / "my_claims.py"
    f.write_text(USER_CLAIMS)
    (c,) = load_claims_file(f)
    assert isinstance(c, Claim) and c.equations == ("3.7",)
    rs = run_claims([c], device="cpu", samples=500, include_wrong=True)
    assert [r.status for r in rs] == ["verified", "refuted"]


def test_import_does_not_import_torch() -> None:
    code = "import sys, errata.verify, errata.verify.cli; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, env={"PYTHONPATH": str(REPO)})


@pytest.mark.cuda
@cuda
def test_cuda_verifies_and_rejects() -> None:
    results = run_claims(device="cuda", samples=20_000, include_wrong=True)
    assert all(r.ok for r in results), [(r.id, r.status) for r in results if not r.ok]
    assert all(r.device.startswith("cuda") for r in results)
    again = run_claims(device="cuda", samples=20_000)
    assert [r.max_error for r in again] == [r.max_error for r in results if r.expect == "hold"]


def _verify_import_graph(root: Path = REPO) -> dict[str, set[str]]:
    """Module -> the errata.verify modules it imports (anywhere in the file, lazily or not)."""
    import ast

    imports: dict[str, set[tuple[str, str]]] = {}
    for path in (root / "errata" / "verify").rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        package = parts if path.name == "__init__.py" else parts[:-1]
        pairs: set[tuple[str, str]] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = node.module or ""
                if node.level:
                    anchor = package[: len(package) - node.level + 1]
                    target = ".".join([*anchor, *([node.module] if node.module else [])])
                pairs.update((target, f"{target}.{a.name}") for a in node.names)
            elif isinstance(node, ast.Import):
                pairs.update((a.name, a.name) for a in node.names)
        imports[".".join(parts)] = pairs
    # `from pkg import name` depends on the submodule pkg.name when there is one, else on pkg itself.
    modules = set(imports)
    return {
        m: {sub if sub in modules else target for target, sub in pairs} & (modules - {m})
        for m, pairs in imports.items()
    }


def test_verify_has_no_import_cycles() -> None:
    graph = _verify_import_graph()
    assert "errata.verify.claims.attention" in graph
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError("import cycle: " + " -> ".join([*path[path.index(module) :], module]))
        if module in done:
            return
        for dep in sorted(graph[module]):
            visit(dep, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_with_form_runs_a_builtin_check_on_another_form() -> None:
    c = CLAIMS["softmax.shift-invariance"]

    def my_softmax(z: Any) -> Any:
        return z.softmax(-1)

    def wrong_softmax(z: Any) -> Any:
        return z.exp() / (z.exp().sum(-1, keepdim=True) + 1)

    mine = run_claim(c.with_form(my_softmax), samples=300)
    assert mine.id == "softmax.shift-invariance" and mine.status == "verified"
    bad = run_claim(c.with_form(wrong_softmax, name="mine", expect="fail"), samples=300)
    assert bad.id == "softmax.shift-invariance~mine" and bad.status == "refuted" and bad.ok


def test_sizes_are_parameters() -> None:
    ln = CLAIMS["layernorm.standardises"]
    assert ln.params == {"T": 6, "D": 8}
    wide = ln.with_params(D=512)
    r = run_claim(wide, samples=50)
    assert r.status == "verified" and r.counterexample is None
    bad = run_claim(wide.wrong_variant("unbiased-variance"), samples=50)
    assert bad.status == "refuted" and len(bad.counterexample["inputs"]["x"][0]) == 512
    with pytest.raises(ValueError, match="has no size Q"):
        ln.with_params(Q=3)
    with pytest.raises(ValueError, match="positive integers"):
        ln.with_params(D=0)
    assert CLAIMS["logit.inverts-sigmoid"].params == {}


def test_exists_claims_count_witnesses_under_that_name() -> None:
    (r,) = run_claims([CLAIMS["softmax.not-invertible"]], samples=100)
    assert r.witnesses == r.failures and r.witnesses is not None and r.witnesses > 0
    assert r.beyond_tolerance is None
    (a,) = run_claims([CLAIMS["topp.smallest-prefix"].wrong_variant("ascending-order")], samples=100)
    assert a.witnesses is None and a.beyond_tolerance == a.failures and a.failures > 0
    data = json.loads(render_json([r, a]))
    assert data["schema_version"] == "1.1"
    assert data["results"][0]["witnesses"] == r.failures and data["results"][0]["beyond_tolerance"] is None
    assert (
        data["results"][1]["beyond_tolerance"] == a.failures and data["results"][1]["failures"] == a.failures
    )
