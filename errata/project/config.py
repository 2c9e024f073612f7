"""Project configuration: ``[tool.errata]`` in pyproject.toml or the top level of ``errata.toml``.

The file is found by walking up from the current directory (``errata.toml`` wins over ``pyproject.toml`` in
the same folder; a pyproject.toml without ``[tool.errata]`` is passed over), or named with ``--config``.
Every key is checked: an unknown key or a bad value is an :class:`~errata.errors.ErrataError` naming the key,
with a "did you mean" for misspellings. Paths in the file are relative to the file's folder. Rule ids are
checked later, against the rules actually loaded (:func:`check_rules`).
"""

from __future__ import annotations

import contextlib
import fnmatch
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from errata.errors import ErrataError
from errata.model.findings import SEVERITIES
from errata.project.keys import KEYS, RULE_KEYS, SUPPRESS_KEYS, TOP_KEYS, choice, string, strings
from errata.util.inputs import parse_toml, read_text
from errata.util.ranges import Range, parse_ranges
from errata.util.text import did_you_mean

CONFIG_NAMES = ("errata.toml", "pyproject.toml")
_RULE_KEY_NAMES = tuple(name for name, _, _ in RULE_KEYS)
_SUPPRESS_KEY_NAMES = tuple(name for name, _, _ in SUPPRESS_KEYS)


@dataclass(frozen=True, slots=True)
class IgnoreEntry:
    """One ``[[tool.errata.suppress]]`` entry: findings of ``rule`` whose match is ``text`` (or ``fingerprint``).

    TOML cannot hold ``ignore = [...]`` and ``[[tool.errata.ignore]]`` in one table, so the entries are named
    ``suppress``; ``[[tool.errata.ignore]]`` is accepted too when ``ignore`` names no rules.
    """

    reason: str
    rule: str | None = None
    text: str | None = None
    fingerprint: str | None = None

    def label(self) -> str:
        what = f"text {self.text!r}" if self.text is not None else f"fingerprint {self.fingerprint}"
        return f"{self.rule or 'any rule'}, {what}"


@dataclass(frozen=True, slots=True)
class RuleConfig:
    severity: str | None = None
    allow: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Config:
    """The effective configuration. ``path`` is the file it came from (None: defaults only)."""

    path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    baseline: str | None = None
    skip_pages: str | None = None
    single_chapter: bool | tuple[str, ...] = False
    single_chapter_severity: str = "warning"
    allow: tuple[str, ...] = ()
    allow_words: str | None = None
    rule_paths: tuple[str, ...] = ()
    rules: Mapping[str, RuleConfig] = field(default_factory=dict)
    ignores: tuple[IgnoreEntry, ...] = ()

    @property
    def root(self) -> Path:
        return self.path.parent if self.path is not None else Path.cwd()

    def resolve(self, relative: str) -> str:
        """A path from the config file, relative to the file's folder."""
        p = Path(relative)
        return str(p if p.is_absolute() else self.root / p)

    def is_single_chapter(self, pdf: str) -> bool:
        """Whether ``pdf`` is built alone (``single-chapter = true`` or a glob that matches its path)."""
        if isinstance(self.single_chapter, bool):
            return self.single_chapter
        candidates = {PurePath(pdf).as_posix(), PurePath(pdf).name}
        with contextlib.suppress(ValueError):
            candidates.add(Path(pdf).resolve().relative_to(self.root.resolve()).as_posix())
        return any(fnmatch.fnmatchcase(c, g) for g in self.single_chapter for c in candidates)

    def phrases(self) -> tuple[str, ...]:
        """Phrases accepted by every rule: ``allow`` plus the lines of the ``allow-words`` file."""
        if self.allow_words is None:
            return self.allow
        path = Path(self.resolve(self.allow_words))
        lines = read_text(path, f"{self._where('allow-words')}: {path}").splitlines()
        extra = tuple(s for s in (line.split("#", 1)[0].strip() for line in lines) if s)
        return self.allow + extra

    def rule_options(self) -> dict[str, dict[str, Any]]:
        """Options handed to each rule through ``RuleContext.options`` (``allow`` and ``options``)."""
        out: dict[str, dict[str, Any]] = {}
        for rule_id, rc in self.rules.items():
            opts: dict[str, Any] = dict(rc.options)
            if rc.allow:
                opts["allow"] = list(rc.allow)
            if opts:
                out[rule_id] = opts
        return out

    def _where(self, key: str) -> str:
        return f"{self.path.name if self.path else 'config'}: {key}"


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``errata.toml`` or ``pyproject.toml`` with ``[tool.errata]``, from ``start`` upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "errata.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "errata" in _read_toml(candidate).get("tool", {}):
            return candidate
    return None


def load_config(path: str | Path | None = None, *, discover: bool = True) -> Config:
    """The configuration in ``path``, else the one found from the current directory, else the defaults."""
    if path is None:
        found = find_config() if discover else None
        if found is None:
            return Config()
        path = found
    path = Path(path)
    if not path.is_file():
        kind = "is a directory, not a file" if path.is_dir() else "no such file"
        raise ErrataError(f"--config: {kind} {path}")
    data = _read_toml(path)
    if path.name == "pyproject.toml" or "tool" in data:
        table = data.get("tool", {}).get("errata")
        if table is None:
            raise ErrataError(f"{path}: no [tool.errata] table")
        prefix = "tool.errata"
    else:
        table = data
        prefix = ""
    return parse_config(table, path, prefix)


def _read_toml(path: Path) -> dict[str, Any]:
    return parse_toml(read_text(path, str(path)), str(path))


def _unknown(key: str, known: Sequence[str], where: str) -> ErrataError:
    return ErrataError(f"{where}: unknown key {key!r}{did_you_mean(key, known)}")


def parse_config(table: Mapping[str, Any], path: Path | None = None, prefix: str = "tool.errata") -> Config:
    """Check and convert a ``[tool.errata]`` table. Every error names the file and the dotted key."""
    name = path.name if path else "config"

    def where(key: str) -> str:
        return f"{name}: {'.'.join(p for p in (prefix, key) if p)}"

    if not isinstance(table, Mapping):
        raise ErrataError(f"{name}: {prefix or 'the file'} must be a table")
    rules_table = table.get("rules", {})
    ignore_value = table.get("ignore", ())
    # `ignore` is a list of selectors; `[[ignore]]` entries (a list of tables) are suppressions.
    ignore_tables = isinstance(ignore_value, list) and any(isinstance(v, Mapping) for v in ignore_value)
    for key in table:
        if key not in TOP_KEYS:
            raise _unknown(key, TOP_KEYS, f"{name}: [{prefix}]" if prefix else name)
    entries: list[IgnoreEntry] = []
    values: dict[str, Any] = {
        k.attr: k.parse(table[k.name], where(k.name)) for k in KEYS if k.name in table and k.name != "ignore"
    }
    if ignore_tables:
        if not all(isinstance(v, Mapping) for v in ignore_value):
            raise ErrataError(f"{where('ignore')}: mix of rule ids and [[ignore]] entries; use [[suppress]]")
        entries += [_ignore_entry(v, f"{where('ignore')}[{i}]") for i, v in enumerate(ignore_value)]
    else:
        values["ignore"] = strings(ignore_value, where("ignore"))
    suppress = table.get("suppress", [])
    if not isinstance(suppress, list) or not all(isinstance(v, Mapping) for v in suppress):
        raise ErrataError(f"{where('suppress')}: expected [[suppress]] tables (rule, text, reason)")
    entries += [_ignore_entry(v, f"{where('suppress')}[{i}]") for i, v in enumerate(suppress)]
    if not isinstance(rules_table, Mapping):
        raise ErrataError(f"{where('rules')}: expected a table of rule ids")
    rules = {rid: _rule_config(rc, where(f"rules.{rid}")) for rid, rc in sorted(rules_table.items())}
    return Config(path=path, rules=rules, ignores=tuple(entries), **values)


def _rule_config(value: Any, where: str) -> RuleConfig:
    if not isinstance(value, Mapping):
        raise ErrataError(f"{where}: expected a table (severity, allow, options)")
    for key in value:
        if key not in _RULE_KEY_NAMES:
            raise _unknown(key, _RULE_KEY_NAMES, f"{where}")
    severity = value.get("severity")
    if severity is not None:
        severity = choice(SEVERITIES)(severity, f"{where}.severity")
    options = value.get("options", {})
    if not isinstance(options, Mapping):
        raise ErrataError(f"{where}.options: expected a table")
    return RuleConfig(
        severity=severity, allow=strings(value.get("allow", ()), f"{where}.allow"), options=dict(options)
    )


def _ignore_entry(value: Mapping[str, Any], where: str) -> IgnoreEntry:
    for key in value:
        if key not in _SUPPRESS_KEY_NAMES:
            raise _unknown(key, _SUPPRESS_KEY_NAMES, where)
    reason = string(value.get("reason"), f"{where}.reason")
    if reason is None:
        raise ErrataError(f"{where}: every suppress entry needs a reason")
    text = string(value.get("text"), f"{where}.text")
    fp = string(value.get("fingerprint"), f"{where}.fingerprint")
    if text is None and fp is None:
        raise ErrataError(f"{where}: give the finding's text or its fingerprint")
    return IgnoreEntry(
        reason=reason, rule=string(value.get("rule"), f"{where}.rule"), text=text, fingerprint=fp
    )


def parse_skip_pages(spec: str, where: str = "skip-pages") -> list[Range]:
    """'1-6,300-' -> [(1, 6), (300, None)]: 1-based inclusive ranges, an open end runs to the last page."""
    return parse_ranges(spec, where, '"1-6,300-"')


def check_rules(config: Config, available: Mapping[str, Any]) -> None:
    """Every rule id the config names must exist, and every rule option must be one the rule declares."""
    from errata.lint.registry import check_options

    name = config.path.name if config.path else "config"
    for rule_id, rc in config.rules.items():
        if rule_id not in available:
            hint = did_you_mean(rule_id, available)
            raise ErrataError(
                f"{name}: [rules.{rule_id}]: unknown rule {rule_id!r}{hint}; see 'errata rules'"
            )
        check_options(available[rule_id], rc.options, f"{name}: rules.{rule_id}.options")
    for i, entry in enumerate(config.ignores):
        if entry.rule is not None and entry.rule not in available:
            hint = did_you_mean(entry.rule, available)
            raise ErrataError(f"{name}: suppress[{i}].rule: unknown rule {entry.rule!r}{hint}")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_value(key)


def show(config: Config) -> str:
    """The effective configuration as TOML (``errata config --show``)."""
    source = str(config.path) if config.path else "none (defaults)"
    table = "" if config.path is not None and config.path.name != "pyproject.toml" else "tool.errata."
    lines = [f"# config file: {source}"] + (["[tool.errata]"] if table else [])
    values = [(k.name, getattr(config, k.attr)) for k in KEYS]
    for key, value in values:
        if value is None:
            lines.append(f"# {key} is not set")
        else:
            lines.append(f"{key} = {_toml_value(list(value) if isinstance(value, tuple) else value)}")
    for rule_id, rc in config.rules.items():
        lines += ["", f"[{table}rules.{rule_id}]"]
        if rc.severity is not None:
            lines.append(f"severity = {_toml_value(rc.severity)}")
        if rc.allow:
            lines.append(f"allow = {_toml_value(list(rc.allow))}")
        if rc.options:
            lines.append(f"options = {_toml_value(dict(rc.options))}")
    for entry in config.ignores:
        lines += ["", f"[[{table}suppress]]"]
        for key in _SUPPRESS_KEY_NAMES:
            value = getattr(entry, key)
            if value is not None:
                lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"
