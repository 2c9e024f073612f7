"""Real PDFs compiled from LaTeX (tests/fixtures/tex): every planted erratum is found on its page, and no
planted trap is flagged. The expected lines are reviewed like code; see tests/fixtures/tex/build.sh."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES

# TeX fixtures (tests/fixtures/tex) and other producers (tests/fixtures/other): troff, a browser's print to PDF
# and a word processor's (LibreOffice printing a .docx).
NAMES = [
    "chapter10",
    "twocol",
    "clean",
    "tables",
    "beside",
    "other/troff",
    "other/browser",
    "other/beside",
    "other/wordproc",
    "other/widths",
]


def _dir(name: str) -> Path:
    return FIXTURES.parent / "other" if name.startswith("other/") else FIXTURES


def _stem(name: str) -> str:
    return name.removeprefix("other/")


def lines(report: object) -> list[str]:
    return [f'p{f.page} {f.rule} "{f.match}"' for f in report.findings]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", NAMES)
def test_expected_findings_exactly(name: str, fixture_reports: dict[str, object]) -> None:
    expected = [
        ln.strip() for ln in (_dir(name) / f"{_stem(name)}.expected").read_text().splitlines() if ln.strip()
    ]
    assert sorted(lines(fixture_reports[name])) == sorted(expected)


@pytest.mark.parametrize("name", NAMES)
def test_negatives_are_not_flagged(name: str, fixture_reports: dict[str, object]) -> None:
    negatives = [
        ln.strip() for ln in (_dir(name) / f"{_stem(name)}.negatives").read_text().splitlines() if ln.strip()
    ]
    for f in fixture_reports[name].findings:  # type: ignore[attr-defined]
        for phrase in negatives:
            assert phrase.lower() not in f.match.lower(), f"trap {phrase!r} flagged: {f}"


def test_chapter10_has_no_problems(fixture_reports: dict[str, object]) -> None:
    assert fixture_reports["chapter10"].problems == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", NAMES)
def test_pdfium_backend_gives_identical_findings(name: str, fixture_reports: dict[str, object]) -> None:
    from errata.pipeline import ScanOptions, scan

    def key(report: object) -> list[tuple[str, str, tuple[int, ...], tuple[int, ...]]]:
        return [
            (f.rule, f.match, tuple(loc.page for loc in f.locations), tuple(loc.line for loc in f.locations))
            for f in report.findings  # type: ignore[attr-defined]
        ]

    fast = scan(str(_dir(name) / f"{_stem(name)}.pdf"), ScanOptions(backend="pdfium"))
    assert key(fast) == key(fixture_reports[name])
