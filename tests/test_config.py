"""Configuration through the real CLI: discovery, every key's effect, CLI overrides, and errors as exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    for name in ("draft_v1", "draft_v2"):
        shutil.copy(FIXTURES / f"{name}.pdf", tmp_path / f"{name}.pdf")
    return tmp_path


def scan_json(cwd: Path, pdf: str, *args: str) -> tuple[int, list[tuple[str, str, str, int]], dict]:
    proc = run_cli("scan", pdf, "--format", "json", "-o", "-", *args, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(proc.stdout)
    found = [(f["rule"], f["severity"], f["match"], f["page"]) for f in data["findings"]]
    return proc.returncode, found, data


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('fail_on = "warning"\n', "errata.toml: unknown key 'fail_on' (did you mean 'fail-on'?)"),
        ('fail-on = "fatal"\n', "errata.toml: fail-on: 'fatal' is not one of error, warning, info, never"),
        ("skip-pages = 3\n", 'errata.toml: skip-pages: expected a page range string such as "1-6,300-"'),
        ('skip-pages = "6-1"\n', "errata.toml: skip-pages: '6-1' is not a valid range"),
        (
            "single-chapter = 1\n",
            "errata.toml: single-chapter: expected true, false or a list of globs, got 1",
        ),
        ("allow = [1]\n", "errata.toml: allow: expected a list of strings, got [1]"),
        (
            "[rules.repeated-word]\nallowed = []\n",
            "errata.toml: rules.repeated-word: unknown key 'allowed' (did you mean 'allow'?)",
        ),
        (
            '[rules.repeated-word]\nseverity = "fatal"\n',
            "errata.toml: rules.repeated-word.severity: 'fatal' is not one of",
        ),
        (
            '[rules.repeated-words]\nseverity = "info"\n',
            "errata.toml: [rules.repeated-words]: unknown rule 'repeated-words' (did you mean 'repeated-word'?)",
        ),
        (
            '[[suppress]]\nrule = "repeated-word"\ntext = "the the"\n',
            "errata.toml: suppress[0]: every suppress entry needs a reason",
        ),
        (
            '[[suppress]]\nrule = "repeat-word"\ntext = "x"\nreason = "y"\n',
            "errata.toml: suppress[0].rule: unknown rule 'repeat-word' (did you mean 'repeated-word'?)",
        ),
        ('select = ["refrence"]\n', "unknown rule or category 'refrence' (did you mean 'reference'?)"),
        ("select = [\n", "errata.toml: invalid TOML: Invalid value (at end of document)"),
    ],
)
def test_config_errors_name_the_key_and_exit_2(drafts: Path, toml: str, message: str) -> None:
    (drafts / "errata.toml").write_text(toml)
    proc = run_cli("scan", "draft_v1.pdf", "-o", "-", cwd=drafts)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("errata: error: ")
    assert message in proc.stderr, proc.stderr
    assert len(proc.stderr.splitlines()) == 1


def test_pyproject_is_found_walking_up_and_cli_overrides(drafts: Path) -> None:
    (drafts / "pyproject.toml").write_text(
        '[project]\nname = "book"\n\n[tool.errata]\nselect = ["reference"]\nfail-on = "never"\n'
    )
    sub = drafts / "build" / "pdf"
    sub.mkdir(parents=True)
    shutil.copy(drafts / "draft_v1.pdf", sub / "draft_v1.pdf")
    code, found, _ = scan_json(sub, "draft_v1.pdf")
    assert code == 0
    assert found == [
        ("unresolved-reference", "error", "page ??", 1),
        ("unresolved-reference", "error", "Section ??", 2),
    ]
    code, found, _ = scan_json(sub, "draft_v1.pdf", "--select", "typo", "--fail-on", "error")
    assert code == 1
    assert found == [("repeated-word", "error", "the the", 1)]
    code, found, _ = scan_json(sub, "draft_v1.pdf", "--no-config", "--ignore", "grammar")
    assert (code, len(found)) == (1, 3)
    # an errata.toml named with --config wins over the pyproject found by walking up
    (drafts / "other.toml").write_text('ignore = ["reference", "grammar"]\n')
    code, found, _ = scan_json(sub, "draft_v1.pdf", "--config", "../../other.toml")
    assert found == [("repeated-word", "error", "the the", 1)]


def test_allow_lists_drop_findings(drafts: Path) -> None:
    (drafts / "errata.toml").write_text(
        'ignore = ["grammar"]\nallow = ["THE  the"]\nallow-words = "words.txt"\n'
        '[rules.repeated-word]\nallow = ["just just"]\n'
    )
    (drafts / "words.txt").write_text("# accepted in this book\nSection ??\n")
    _, found, _ = scan_json(drafts, "draft_v2.pdf")
    assert found == [("unresolved-reference", "error", "page ??", 2)]


def test_skip_pages_are_not_read(drafts: Path) -> None:
    (drafts / "errata.toml").write_text('skip-pages = "2-"\nignore = ["grammar"]\n')
    _, found, data = scan_json(drafts, "draft_v2.pdf")
    assert found == [("repeated-word", "error", "the the", 1)]
    assert data["scan"]["pages_scanned"] == 1
    (drafts / "errata.toml").write_text('skip-pages = "1,2"\n')
    proc = run_cli("scan", "draft_v2.pdf", cwd=drafts)
    assert proc.returncode == 2
    assert "skip-pages '1,2' leaves no page of draft_v2.pdf to scan" in proc.stderr


@pytest.mark.parametrize(
    ("setting", "severity", "code"),
    [
        ("single-chapter = true", "warning", 0),
        ('single-chapter = true\nsingle-chapter-severity = "info"', "info", 0),
        ('single-chapter = ["draft_v*.pdf"]', "warning", 0),
        ('single-chapter = ["chapters/*.pdf"]', "error", 1),
        ("single-chapter = false", "error", 1),
    ],
)
def test_single_chapter_downgrades_unresolved_references(
    drafts: Path, setting: str, severity: str, code: int
) -> None:
    (drafts / "errata.toml").write_text(f'select = ["reference"]\n{setting}\n')
    got, found, _ = scan_json(drafts, "draft_v1.pdf")
    assert got == code
    assert found == [
        ("unresolved-reference", severity, "page ??", 1),
        ("unresolved-reference", severity, "Section ??", 2),
    ]


def test_per_rule_severity(drafts: Path) -> None:
    (drafts / "errata.toml").write_text(
        '[rules.adjective-for-adverb]\nseverity = "error"\n[rules.repeated-word]\nseverity = "info"\n'
        '[rules.unresolved-reference]\nseverity = "warning"\n'
    )
    code, found, _ = scan_json(drafts, "draft_v1.pdf")
    assert code == 1
    assert found == [
        ("repeated-word", "info", "the the", 1),
        ("unresolved-reference", "warning", "page ??", 1),
        ("adjective-for-adverb", "error", "clear shown", 1),
        ("unresolved-reference", "warning", "Section ??", 2),
    ]
    code, _, _ = scan_json(drafts, "draft_v1.pdf", "--ignore", "grammar")
    assert code == 0
    code, _, _ = scan_json(drafts, "draft_v1.pdf", "--ignore", "grammar", "--fail-on", "warning")
    assert code == 1
    code, _, _ = scan_json(drafts, "draft_v1.pdf", "--ignore", "grammar", "--fail-on", "info", "--exit-zero")
    assert code == 0


def test_suppress_entries_and_unused_ones(drafts: Path) -> None:
    (drafts / "errata.toml").write_text(
        'ignore = ["grammar"]\n'
        '[[suppress]]\nrule = "unresolved-reference"\ntext = "section ??"\nreason = "section 4 comes later"\n'
        '[[suppress]]\ntext = "Bora Bora"\nreason = "a place"\n'
    )
    proc = run_cli("scan", "draft_v1.pdf", "--format", "json", "-o", "-", cwd=drafts)
    data = json.loads(proc.stdout)
    assert [f["match"] for f in data["findings"]] == ["the the", "page ??"]
    assert data["problems"] == [
        {
            "kind": "unused-suppression",
            "message": "suppress entry (any rule, text 'Bora Bora') matched nothing",
            "page": None,
        }
    ]
    assert "errata: warning: suppress entry (any rule, text 'Bora Bora') matched nothing" in proc.stderr
    # the array-of-tables form [[ignore]] works too when `ignore` names no rules
    (drafts / "errata.toml").write_text(
        '[[ignore]]\nrule = "repeated-word"\ntext = "the the"\nreason = "r"\n'
    )
    _, found, _ = scan_json(drafts, "draft_v1.pdf", "--ignore", "grammar")
    assert [m for _, _, m, _ in found] == ["page ??", "Section ??"]


def test_config_show(drafts: Path) -> None:
    (drafts / "pyproject.toml").write_text(
        '[tool.errata]\nselect = ["typo"]\nskip-pages = "1-6,300-"\nallow = ["had had"]\n'
        '[tool.errata.rules.repeated-word]\nallow = ["Bora Bora"]\nseverity = "warning"\n'
        '[[tool.errata.suppress]]\ntext = "page ??"\nreason = "cross-chapter"\n'
    )
    proc = run_cli("config", "--show", cwd=drafts)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        f"# config file: {drafts.resolve() / 'pyproject.toml'}\n"
        "[tool.errata]\n"
        'select = ["typo"]\n'
        "ignore = []\n"
        'fail-on = "error"\n'
        "# baseline is not set\n"
        'skip-pages = "1-6,300-"\n'
        "single-chapter = false\n"
        'single-chapter-severity = "warning"\n'
        'allow = ["had had"]\n'
        "# allow-words is not set\n"
        "rule-paths = []\n"
        "\n"
        "[tool.errata.rules.repeated-word]\n"
        'severity = "warning"\n'
        'allow = ["Bora Bora"]\n'
        "\n"
        "[[tool.errata.suppress]]\n"
        'text = "page ??"\n'
        'reason = "cross-chapter"\n'
    )
    plain = run_cli("config", "--show", "--no-config", cwd=drafts)
    assert plain.stdout.startswith("# config file: none (defaults)\n[tool.errata]\n")


def test_rule_paths_load_local_rules(drafts: Path) -> None:
    (drafts / "local_rules").mkdir()
    (drafts / "local_rules" / "drafts.py").write_text(
        "from errata.lint.rule import Examples, Hit, Option, Rule, Severity\n"
        "def check(flow, ctx):\n"
        "    word = ctx.options['word']\n"
        "    i = flow.text.find(word)\n"
        "    if i >= 0:\n"
        "        yield Hit(i, i + len(word), f'found {word}')\n"
        "RULE = Rule(id='local-word', summary='A local word', severity=Severity.WARNING, check=check,\n"
        "            examples=Examples(bad=(), good=()),\n"
        "            options=(Option('word', str, 'checker', 'the word to find'),))\n"
    )
    (drafts / "errata.toml").write_text(
        'rule-paths = ["local_rules"]\nselect = ["local-word"]\n[rules.local-word.options]\nword = "Proofreading"\n'
    )
    code, found, _ = scan_json(drafts, "draft_v1.pdf")
    assert (code, found) == (0, [("local-word", "warning", "Proofreading", 1)])
    # Options are checked against the rule's declaration: a misspelt name or a wrong type is exit 2.
    for table, message in (
        ('wrod = "x"', "errata.toml: rules.local-word.options: rule local-word has no option 'wrod'"
         " (did you mean 'word'?) (options: allow, word)"),
        ("word = 3", "errata.toml: rules.local-word.options.word: expected str, got int 3"),
    ):  # fmt: skip
        (drafts / "errata.toml").write_text(
            f'rule-paths = ["local_rules"]\nselect = ["local-word"]\n[rules.local-word.options]\n{table}\n'
        )
        proc = run_cli("scan", "draft_v1.pdf", "-o", "-", cwd=drafts)
        assert (proc.returncode, proc.stderr) == (2, f"errata: error: {message}\n")


def test_docs_show_every_key_as_defined() -> None:
    """docs/ci.md's example is generated from the key definitions, and their defaults are Config's."""
    from errata.project.config import Config
    from errata.project.keys import KEYS, example_toml

    docs = (Path(__file__).resolve().parent.parent / "docs" / "ci.md").read_text()
    assert f"```toml\n{example_toml()}```" in docs
    assert {k.attr: k.default for k in KEYS} == {k.attr: getattr(Config(), k.attr) for k in KEYS}
