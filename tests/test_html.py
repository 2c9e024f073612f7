"""The HTML report: self-contained, escaped, and its filters work in a real browser (headless chromium)."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from errata.model.findings import Report
from errata.output.crops import render_crops
from errata.output.reporters.context import RenderContext
from errata.output.reporters.html import render


def _images(report: Report) -> dict[str, list[bytes]]:
    return {fp: [c.png for c in crops] for fp, crops in render_crops(report.path, report.findings).items()}


@pytest.fixture(scope="module")
def chapter10_html(fixture_reports: dict[str, Report]) -> str:
    report = fixture_reports["chapter10"]
    return render(report, RenderContext(images=_images(report)))


def test_html_is_self_contained_and_deterministic(
    fixture_reports: dict[str, Report], chapter10_html: str
) -> None:
    report = fixture_reports["chapter10"]
    assert chapter10_html == render(report, RenderContext(images=_images(report)))
    assert chapter10_html.startswith("<!DOCTYPE html>")
    # Nothing is fetched: no external URLs in src/href, only inline data images, and a policy that forbids it.
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!data:)""", chapter10_html)
    assert "default-src 'none'" in chapter10_html
    assert chapter10_html.count('src="data:image/png;base64,') == sum(
        len(f.locations) for f in report.findings
    )
    assert chapter10_html.count('<article class="finding') == len(report.findings) == 22
    assert "is <mark>usual representing</mark> the following token" in chapter10_html


def test_html_escapes_pdf_text(fixture_reports: dict[str, Report]) -> None:
    report = fixture_reports["chapter10"]
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    f = replace(
        report.findings[0],
        message=evil,
        match=evil,
        context=f"before {evil} after",
        context_span=(7, 7 + len(evil)),
        suggestion=evil,
    )
    hostile = replace(report, path=f"/tmp/{evil}.pdf", findings=[f], page_labels={1: evil})
    text = render(hostile, RenderContext(images={f.fingerprint: [b"\x89PNG"]}))
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert text.count("<script>") == 1  # the report's own filter script


def test_html_without_findings(fixture_reports: dict[str, Report]) -> None:
    text = render(fixture_reports["clean"], None)
    assert "No errata found." in text
    assert "<article" not in text


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser_page(chapter10_html: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    executable = _chromium()
    if executable is None:
        pytest.skip("no chromium binary found (install the distribution's chromium package)")
    path = tmp_path_factory.mktemp("html") / "chapter10.html"
    path.write_text(chapter10_html, encoding="utf-8")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=BROWSER_ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            yield page, errors, requests
        finally:
            browser.close()


def _visible(page: Any) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        ".finding",
        "els => els.filter(e => e.offsetParent !== null).map(e => [e.dataset.rule, e.dataset.severity])",
    )


def test_browser_loads_without_errors_or_requests(browser_page: Any) -> None:
    page, errors, requests = browser_page
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert len(_visible(page)) == 22
    assert page.text_content("#shown") == "22 of 22 findings shown"
    # Every crop decoded into a real image.
    sizes = page.eval_on_selector_all(".crops img", "els => els.map(e => [e.complete, e.naturalWidth])")
    assert sizes and all(done and width > 100 for done, width in sizes)


def test_browser_filters_hide_and_show(browser_page: Any) -> None:
    page, errors, _ = browser_page
    rule = 'input[data-filter="rule"][value="repeated-word"]'
    page.uncheck(rule)
    shown = _visible(page)
    assert len(shown) == 16 and all(r != "repeated-word" for r, _ in shown)
    assert page.text_content("#shown") == "16 of 22 findings shown"
    page.uncheck('input[data-filter="severity"][value="error"]')
    shown = _visible(page)
    assert shown and all(s == "warning" for _, s in shown)
    assert len(shown) == 4
    # A page whose findings are all hidden hides its heading too.
    hidden_pages = page.eval_on_selector_all(
        ".page", "els => els.filter(e => e.hidden).map(e => e.dataset.page)"
    )
    assert hidden_pages == ["1", "5"]
    page.check(rule)
    page.check('input[data-filter="severity"][value="error"]')
    assert len(_visible(page)) == 22
    assert errors == []
