"""The package's shape: imports go one way between layers, no module imports itself back, no module is huge,
every subpackage ships, and ``errata.scan`` is a function however often it is called."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "errata"

# Lowest first. A module may import its own layer's modules and any lower layer's; layers of one rank are
# independent of each other (extraction knows nothing of rules, settings nothing of equations or of
# SyncTeX).
LAYERS: tuple[tuple[str, int], ...] = (
    ("errata.errors", 0),
    ("errata.util", 1),
    ("errata.model", 2),
    ("errata.extract", 3),
    ("errata.lint", 3),
    ("errata.project", 4),
    ("errata.sources", 4),
    ("errata.verify", 4),
    ("errata.pipeline", 5),
    ("errata.catalogue", 5),
    ("errata.batch", 6),  # many books: pipeline and catalogue over local processes or a cluster
    ("errata.output", 7),
    ("errata.cli", 8),
    ("errata.__main__", 9),
)
MAX_LINES = 450


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> tuple[str, int] | None:
    for prefix, rank in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return prefix, rank
    return None


def _imports(path: Path) -> set[str]:
    """Every errata module ``path`` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            out.add(module)
            # ``from errata.x import y`` may name a submodule y.
            out |= {f"{module}.{a.name}" for a in node.names if _is_module(f"{module}.{a.name}")}
    return {m for m in out if m == "errata" or m.startswith("errata.")}


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    assert [p for p in MODULES if _module_name(p) != "errata" and _layer(_module_name(p)) is None] == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_down_the_layers(path: Path) -> None:
    me = _module_name(path)
    if me == "errata":
        return  # the public API: lazy attributes over the pipeline
    mine = _layer(me)
    assert mine is not None
    for target in sorted(_imports(path)):
        if target == "errata":
            continue  # __version__
        theirs = _layer(target)
        assert theirs is not None, f"{me} imports {target}, which has no layer"
        same = theirs[0] == mine[0]
        assert same or theirs[1] < mine[1], f"{me} (layer {mine}) imports {target} (layer {theirs})"


def test_no_import_cycles() -> None:
    graph = {_module_name(p): {t for t in _imports(p) if _is_module(t)} for p in MODULES}
    # A package's __init__ importing its own submodules is how a package exposes them, not a cycle.
    for name, targets in graph.items():
        targets.discard(name)
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if seen.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_huge(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_every_subpackage_is_shipped() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {_module_name(p.parent) for p in PACKAGE.rglob("__init__.py")}
    assert found - listed == set()


def test_scan_twice_and_the_public_api(tmp_path: Path) -> None:
    import errata
    from tests.conftest import FIXTURES

    pdf = str(FIXTURES / "clean.pdf")
    first = errata.scan(pdf)
    second = errata.scan(pdf, errata.ScanOptions(backend="pdfium"))
    assert callable(errata.scan) and first.findings == second.findings == []
    reports, text = errata.baseline([pdf])
    assert [r.path for r in reports] == [pdf] and '"clean.pdf": []' in text
    _, new = errata.diff(pdf, pdf)
    assert new.baseline is not None and new.baseline.source == pdf
