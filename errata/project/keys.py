"""Every configuration key, defined once: its name, type, default, an example and its documentation.

Validation (:func:`errata.project.config.parse_config`), ``errata config --show`` and the example in
docs/ci.md (checked by a test) are all made from :data:`KEYS`, so a new key cannot be documented in one
place and forgotten in another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from errata.errors import ErrataError
from errata.model.findings import FAIL_ON, SEVERITIES
from errata.util.ranges import parse_ranges
from errata.util.text import did_you_mean


def string(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ErrataError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def strings(value: Any, where: str, expected: str = "a list of strings") -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v for v in value):
        raise ErrataError(f"{where}: expected {expected}, got {value!r}")
    return tuple(value)


def choice(choices: tuple[str, ...]) -> Callable[[Any, str], str]:
    def parse(value: Any, where: str) -> str:
        if value not in choices:
            hint = did_you_mean(str(value), choices)
            raise ErrataError(f"{where}: {value!r} is not one of {', '.join(choices)}{hint}")
        return str(value)

    return parse


def page_ranges(value: Any, where: str) -> str:
    if isinstance(value, list):
        value = ",".join(str(p) for p in value)
    if not isinstance(value, str):
        raise ErrataError(f'{where}: expected a page range string such as "1-6,300-"')
    parse_ranges(value, where, '"1-6,300-"')
    return value


def bool_or_globs(value: Any, where: str) -> bool | tuple[str, ...]:
    if isinstance(value, bool):
        return value
    return strings(value, where, "true, false or a list of globs")


@dataclass(frozen=True, slots=True)
class Key:
    """One top-level setting. ``attr`` is its field on :class:`~errata.project.config.Config`."""

    name: str
    parse: Callable[[Any, str], Any]
    default: Any
    example: str  # TOML value shown in docs/ci.md
    doc: str

    @property
    def attr(self) -> str:
        return self.name.replace("-", "_")


KEYS: tuple[Key, ...] = (
    Key("select", strings, (), '["typo", "reference"]', "rule ids or categories; default: every stable rule"),
    Key("ignore", strings, (), '["adjective-for-adverb"]', ""),
    Key("fail-on", choice(FAIL_ON), "error", '"error"', " | ".join(FAIL_ON)),
    Key("baseline", string, None, '"errata-baseline.json"', "used by `errata scan` unless --no-baseline"),
    Key(
        "skip-pages",
        page_ranges,
        None,
        '"1-6,300-"',
        "physical pages never read (front matter, bibliography)",
    ),
    Key(
        "single-chapter",
        bool_or_globs,
        False,
        '["chapters/*.pdf"]',
        "or true: unresolved references are downgraded ...",
    ),
    Key(
        "single-chapter-severity",
        choice(SEVERITIES),
        "warning",
        '"warning"',
        "... to this severity (warning or info)",
    ),
    Key(
        "allow",
        strings,
        (),
        '["had had", "Bora Bora"]',
        "a finding whose match is one of these (any case) is dropped",
    ),
    Key(
        "allow-words", string, None, '"errata-words.txt"', "more such phrases, one a line, # starts a comment"
    ),
    Key("rule-paths", strings, (), '["local_rules"]', "folders of local rules, like --rules-dir"),
)
"""The plain top-level keys, in the order ``config --show`` and the docs list them."""

TABLE_KEYS = ("rules", "suppress")
"""Top-level keys holding tables: ``[rules.<id>]`` and ``[[suppress]]`` entries."""

RULE_KEYS: tuple[tuple[str, str, str], ...] = (
    ("severity", '"warning"', " | ".join(SEVERITIES)),
    ("allow", '["that that"]', 'handed to the rule as options["allow"]'),
    ("options", "{ }", "the rule's own options (`errata explain ID` lists them)"),
)
"""The keys of a ``[rules.<id>]`` table: name, example, documentation."""

SUPPRESS_KEYS: tuple[tuple[str, str, str], ...] = (
    ("rule", '"unresolved-reference"', "optional: any rule"),
    ("text", '"Section ??"', "the finding's match (any case), or ..."),
    ("fingerprint", '"8f1db3b3b2cf3821ad61"', "... its fingerprint (JSON or SARIF report)"),
    ("reason", '"points into chapter 4, built separately"', ""),
)
"""The keys of a ``[[suppress]]`` entry."""

TOP_KEYS: tuple[str, ...] = (*(k.name for k in KEYS), *TABLE_KEYS)


def _line(key: str, example: str, doc: str, width: int = 38) -> str:
    text = f"{key} = {example}"
    return f"{text:<{width}}# {doc}".rstrip() if doc else text


def example_toml() -> str:
    """The annotated example of every key, as docs/ci.md shows it."""
    lines = ["[tool.errata]"]
    lines += [_line(k.name, k.example, k.doc) for k in KEYS]
    lines += ["", "[tool.errata.rules.repeated-word]"]
    lines += [_line(name, example, doc) for name, example, doc in RULE_KEYS]
    lines += ["", "[[tool.errata.suppress]]              # one accepted finding, with its reason"]
    for name, example, doc in SUPPRESS_KEYS:
        prefix = "# " if name == "fingerprint" else ""
        lines.append(
            prefix + _line(name, example, doc, 38 - len(prefix)).replace("# ", "  # ", 1 if prefix else 0)
        )
    return "\n".join(lines) + "\n"
