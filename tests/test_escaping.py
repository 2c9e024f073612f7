"""Hostile text: a real PDF full of markup characters (pipes, backticks, brackets, a leading #, HTML tags, %, &)
around planted errata. Every output format must carry that text without letting it act as markup."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import jsonschema

from tests.conftest import FIXTURES, ROOT, run_cli

PDF = str(FIXTURES / "hostile.pdf")
CONTEXTS = {
    "the the": "# Heading | with | pipes and the the `backticks` around it.",
    "are are": "Brackets [like](this) and <b>bold</b> tags are are printed as text, with 100% of *stars* and "
    "_under_scores_.",
    "a a": 'A tag <script>alert("x")</script> sits near a a repeat, as do %0A, %25 and a & b.',
}


def _out(fmt: str) -> str:
    proc = run_cli("scan", PDF, "--format", fmt, "-o", "-", "--no-images", "--fail-on", "never")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_json_carries_the_text_verbatim() -> None:
    data = json.loads(_out("json"))
    got = {f["match"]: f["context"] for f in data["findings"] if f["rule"] == "repeated-word"}
    assert got == CONTEXTS
    assert [(f["rule"], f["match"]) for f in data["findings"] if f["rule"] != "repeated-word"] == [
        ("unresolved-reference", "Section ??"),
        ("unresolved-reference", "[?]"),
    ]


def test_markdown_escapes_every_markup_character() -> None:
    md = _out("md")
    assert "> \\# Heading \\| with \\| pipes and **the the** \\`backticks\\` around it.  " in md
    assert "\\[like\\]\\(this\\) and \\<b\\>bold\\</b\\> tags **are are**" in md
    assert "\\*stars\\* and \\_under\\_scores\\_" in md
    assert "\\<script\\>alert" in md and "<script>" not in md
    headings = [ln for ln in md.splitlines() if ln.startswith("#")]
    assert all(h.startswith(("# errata report", "## ", "### Page")) for h in headings), headings


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_shows_the_tags_as_text() -> None:
    html = _out("html")
    parser = _Tags()
    parser.feed(html)
    assert "b" not in parser.tags  # <b>bold</b> from the PDF is text, not a tag
    assert parser.tags.count("script") == 1  # the report's own filter script only
    assert 'A tag <script>alert("x")</script> sits near' in "".join(parser.text)


def test_sarif_validates_with_the_hostile_text() -> None:
    schema = json.loads((ROOT / "tests" / "fixtures" / "schemas" / "sarif-schema-2.1.0.json").read_text())
    data = json.loads(_out("sarif"))
    jsonschema.Draft4Validator(schema).validate(data)
    messages = [r["message"]["text"] for r in data["runs"][0]["results"]]
    assert any("the the" in m for m in messages)


def test_github_lines_stay_one_command_each() -> None:
    lines = _out("github").splitlines()
    assert len(lines) == 5
    assert all(ln.startswith("::error file=") for ln in lines)
    assert lines[0].endswith('::p.1 l.1 "the the" → "the": Repeated word ‘the’')
