"""Finding rules: built-in, installed rule packs (entry points) and rule directories.

The built-in rules are an ordinary rule pack: installed, they are the ``errata_rules`` package behind the
``builtin`` entry point of the ``errata.rules`` group; from a source checkout, the ``rules/`` folder is loaded
by path exactly like a user's rule directory. Rule packs are code: errata loads them only from the built-in
rules, installed entry points, and directories the user names (``--rules-dir`` or ``rule-paths`` in config).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from errata.errors import ErrataError, RulePackError
from errata.lint.rule import RULE_ID_RE, Rule, Status
from errata.util.imports import import_path
from errata.util.text import did_you_mean

GROUP = "errata.rules"
_SOURCE_RULES = Path(__file__).resolve().parent.parent / "rules"


def _rules_of(obj: Any, origin: str) -> list[Rule]:
    if isinstance(obj, Rule):
        return [obj]
    if isinstance(obj, ModuleType):
        if hasattr(obj, "RULES"):
            return _rules_of(tuple(obj.RULES), origin)
        if hasattr(obj, "RULE"):
            return _rules_of(obj.RULE, origin)
        raise RulePackError(f"rule pack {origin} defines neither RULES nor RULE")
    if isinstance(obj, list | tuple):
        out: list[Rule] = []
        for item in obj:
            out.extend(_rules_of(item, origin))
        return out
    raise RulePackError(f"rule pack {origin} exposes {type(obj).__name__}, not rules")


def load_directory(path: str | Path) -> list[Rule]:
    """Load a rule directory: a package (``__init__.py`` with RULES) or loose ``*.py`` files with RULE."""
    try:
        root = Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise RulePackError(f"rule directory {path}: a symlink loop") from None
    if not root.is_dir():
        what = "is a file, not a directory" if root.exists() else "does not exist"
        raise RulePackError(f"rule directory {path} {what}")
    tag = hashlib.sha1(str(root).encode()).hexdigest()[:10]
    init = root / "__init__.py"
    try:
        if init.exists():
            name = f"_errata_rulepack_{tag}"
            module = import_path(name, init, package_dir=root)
            return _rules_of(module, str(path))
        rules: list[Rule] = []
        for file in sorted(root.glob("*.py")):
            module = import_path(f"_errata_rulefile_{tag}_{file.stem}", file)
            if hasattr(module, "RULE") or hasattr(module, "RULES"):
                rules.extend(_rules_of(module, str(file)))
        return rules
    except RulePackError:
        raise
    except Exception as exc:
        raise RulePackError(f"rule pack {path} failed to load: {type(exc).__name__}: {exc}") from None


def _entry_point_rules() -> tuple[list[Rule], bool]:
    rules: list[Rule] = []
    builtin_found = False
    for ep in sorted(entry_points(group=GROUP), key=lambda e: (e.name != "builtin", e.name)):
        try:
            obj = ep.load()
        except Exception as exc:
            if ep.name == "builtin" and _SOURCE_RULES.is_dir():
                continue  # a stale install beside a source checkout: the folder below serves
            raise RulePackError(f"rule pack {ep.name} failed to load: {type(exc).__name__}: {exc}") from None
        rules.extend(_rules_of(obj, ep.name))
        builtin_found = builtin_found or ep.name == "builtin"
    return rules, builtin_found


def load_rules(directories: Sequence[str | Path] = ()) -> dict[str, Rule]:
    """Every available rule by id, validated: well-formed ids, no duplicates across packs."""
    rules, builtin_found = _entry_point_rules()
    if not builtin_found:
        rules = load_directory(_SOURCE_RULES) + rules
    for directory in directories:
        rules.extend(load_directory(directory))
    return _validate(rules)


def _validate(rules: Iterable[Rule]) -> dict[str, Rule]:
    out: dict[str, Rule] = {}
    for rule in rules:
        if not RULE_ID_RE.match(rule.id):
            raise RulePackError(f"rule id {rule.id!r} is not kebab-case")
        if rule.id in out and out[rule.id] is not rule:
            raise RulePackError(f"two rule packs define the rule {rule.id!r}")
        out[rule.id] = rule
    return dict(sorted(out.items()))


def select_rules(
    available: Mapping[str, Rule],
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    *,
    preview: bool = False,
) -> list[Rule]:
    """Rules to run: ``select`` (ids or categories; default all stable) minus ``ignore``.

    A preview rule runs when selected by its id, or with ``preview``; selecting its category is not enough
    (as in ruff), so that a new rule never starts failing a project's CI by itself.
    """

    def expand(selector: str, everything: bool = False) -> set[str]:
        if selector in available:
            return {selector}  # a rule named by its id runs, preview or not
        in_category = {r.id for r in available.values() if r.category == selector or selector == "all"}
        if not in_category:
            categories = sorted({r.category for r in available.values()})
            hint = did_you_mean(selector, [*available, *categories])
            raise ErrataError(f"unknown rule or category {selector!r}{hint}; see 'errata rules'")
        # A category (or "all") brings its stable rules; its preview rules only with ``preview``.
        return {i for i in in_category if everything or preview or available[i].status is Status.STABLE}

    if select:
        chosen: set[str] = set().union(*(expand(s) for s in select))
    else:
        chosen = {r.id for r in available.values() if preview or r.status is Status.STABLE}
    for selector in ignore:
        chosen -= expand(selector, everything=True)
    return [available[i] for i in sorted(chosen)]


def check_options(rule: Rule, options: Mapping[str, object], where: str) -> None:
    """The options configured for ``rule`` must be ones it declares, of the declared type."""
    declared = {o.name: o for o in rule.options}
    for name, value in options.items():
        if name == "allow":
            continue
        option = declared.get(name)
        if option is None:
            known = ", ".join(rule.option_names())
            hint = did_you_mean(name, rule.option_names())
            raise ErrataError(f"{where}: rule {rule.id} has no option {name!r}{hint} (options: {known})")
        if not isinstance(value, option.type) or (option.type is not bool and isinstance(value, bool)):
            raise ErrataError(
                f"{where}.{name}: expected {option.type.__name__}, got {type(value).__name__} {value!r}"
            )
