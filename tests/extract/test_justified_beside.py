"""Prose set beside a listing or a table, on real PDFs.

- ``tests/fixtures/other/beside.pdf`` (headless Chromium, ``beside.html``): narrow paragraphs set justified in
  flex boxes beside listings, inside CSS columns. Justification stretches their word spaces past an em, and a
  line of two or three words then has a "table gap" by its own geometry. The column shows what it is: every line
  starts at one left edge, most end at one right edge.
- ``tests/fixtures/tex/beside.tex`` (pdfLaTeX, two columns): a listing in small type beside a justified
  minipage, and a table beside a paragraph, each at another pitch than the prose beside it, so that their lines
  interleave and no horizontal gap separates the rows.
"""

from __future__ import annotations

import re

import pytest

from errata.extract import extract
from errata.model.document import Region
from tests.conftest import FIXTURES

BROWSER = FIXTURES.parent / "other" / "beside.pdf"
TEX = FIXTURES / "beside.pdf"


def _words(text: str) -> str:
    return " ".join(re.sub(r"-\n", "", text).split())


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_a_justified_paragraph_beside_a_listing_is_body_text(backend: str) -> None:
    doc = extract(str(BROWSER), backend=backend, use_cache=False)
    body = _words(doc.flows[Region.BODY].text)
    assert "Each time this parameter is referenced, it expands to the number of seconds" in body
    assert "The approximate total size of the installed files of the package" in body
    assert "Indicates a commit or tag object name. A command that takes a commit argument" in body
    table = _words(doc.flows[Region.TABLE].text) if Region.TABLE in doc.flows else ""
    for phrase in ("Each time this", "The approximate", "Indicates a commit", "object but"):
        assert phrase not in table


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_a_listing_and_a_table_at_another_pitch_are_columns_of_their_own(backend: str) -> None:
    doc = extract(str(TEX), backend=backend, use_cache=False)
    body = _words(doc.flows[Region.BODY].text)
    # The paragraph beside the listing reads in order, never interleaved with the listing's lines.
    assert (
        "The types field names the kinds of archive to use. Each URI is tried in turn, and the the suite names"
        in body
    )
    assert "Suites:" not in body and "keyrings" not in body
    # So does the paragraph beside the table, whose rows are not joined with its lines.
    assert "A size is a number followed by one of the suffixes in the table. Without a suffix" in body
    assert "kilobytes" not in body.split("A size is a number")[1].split("The last suffix")[0]
