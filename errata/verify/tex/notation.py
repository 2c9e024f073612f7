"""The notation file of ``errata verify --tex``: symbol domains, index letters, sizes, function definitions."""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

DOMAINS = ("real", "positive", "probability", "nonzero")


class NotationError(ValueError):
    """A notation file that cannot be used."""


@dataclasses.dataclass(frozen=True)
class Function:
    """A function the chapter uses as ``f(x)``: its parameters and its body in LaTeX."""

    args: tuple[str, ...]
    body: str


@dataclasses.dataclass(frozen=True)
class Notation:
    log_base: str = "e"
    index_letters: frozenset[str] = frozenset()
    max_size: int = 6
    at_most: Mapping[str, str] = dataclasses.field(default_factory=dict)
    domains: Mapping[str, str] = dataclasses.field(default_factory=dict)
    functions: Mapping[str, Function] = dataclasses.field(default_factory=dict)

    def merged(self, data: Mapping[str, Any], where: str) -> Notation:
        """This notation with the keys of a parsed notation file laid over it."""
        known = {"log_base", "index_letters", "sizes", "domains", "functions"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise NotationError(
                f"{where}: unknown key(s) {', '.join(unknown)} (expected {', '.join(sorted(known))})"
            )
        log_base = str(data.get("log_base", self.log_base))
        if log_base not in ("e", "10", "2"):
            raise NotationError(f'{where}: log_base must be "e", "10" or "2"')
        letters = data.get("index_letters", sorted(self.index_letters))
        if not isinstance(letters, list) or not all(isinstance(x, str) for x in letters):
            raise NotationError(f"{where}: index_letters must be a list of strings")
        sizes = data.get("sizes", {})
        if not isinstance(sizes, dict):
            raise NotationError(f"{where}: [sizes] must be a table")
        max_size = sizes.get("max", self.max_size)
        if not isinstance(max_size, int) or not 1 <= max_size <= 64:
            raise NotationError(f"{where}: sizes.max must be an integer from 1 to 64")
        at_most = {**self.at_most, **{str(k): str(v) for k, v in sizes.get("at_most", {}).items()}}
        domains = dict(self.domains)
        for name, dom in data.get("domains", {}).items():
            if dom not in DOMAINS:
                raise NotationError(f"{where}: domain of {name!r} must be one of {', '.join(DOMAINS)}")
            domains[str(name)] = dom
        functions = dict(self.functions)
        for name, spec in data.get("functions", {}).items():
            if not isinstance(spec, dict) or not isinstance(spec.get("body"), str):
                raise NotationError(f'{where}: function {name!r} needs body = "LaTeX" (and args = [...])')
            args = spec.get("args", ["x"])
            if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
                raise NotationError(f"{where}: args of function {name!r} must be a list of names")
            functions[str(name).lstrip("\\")] = Function(tuple(args), spec["body"])
        return Notation(log_base, frozenset(letters), max_size, at_most, domains, functions)


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise NotationError(f"{where}: {exc}") from None


def default_notation() -> Notation:
    """The notation shipped with errata (``errata/verify/tex/notation.toml``)."""
    text = resources.files(__package__).joinpath("notation.toml").read_text(encoding="utf-8")
    return Notation().merged(_parse(text, "notation.toml"), "notation.toml")


def load_notation(path: str | Path | None = None) -> Notation:
    """The default notation, with a chapter's notation file laid over it when ``path`` is given."""
    base = default_notation()
    if path is None:
        return base
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NotationError(f"{p}: cannot read ({exc})") from None
    return base.merged(_parse(text, str(p)), str(p))
