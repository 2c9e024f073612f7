"""The summary of a directory scan (``errata scan books/``): per book its pages and findings, totals, the
worst pages. Rendered from :func:`errata.catalogue.summary_dict`, in markdown, HTML or JSON."""

from __future__ import annotations

import json
from html import escape as html_escape
from typing import Any

from errata.output.reporters.markdown import escape


def render_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"


def _rules(by_rule: dict[str, int]) -> str:
    return ", ".join(f"{rule} {n}" for rule, n in by_rule.items()) or "–"


def render_markdown(summary: dict[str, Any]) -> str:
    t = summary["totals"]
    lines = [
        "# errata summary",
        "",
        f"{t['books']} books · {t['pages']} pages scanned"
        + (f" · {t['pages_failed']} unreadable" if t["pages_failed"] else "")
        + f" · {t['findings']} findings · errata {summary['tool']['version']}",
        "",
        "| Book | Pages | Findings | By rule | Baseline (unchanged / fixed) | Report |",
        "|---|---|---|---|---|---|",
    ]
    for b in summary["books"]:
        note = " (unchanged since the last run)" if b["skipped"] else ""
        lines.append(
            f"| {escape(b['name'])}{note} | {b['pages_scanned']} | {b['new']} | {escape(_rules(b['by_rule']))} |"
            f" {b['unchanged']} / {b['fixed']} | {escape(b['report'])} |"
        )
    lines += [
        f"| **Total** | **{t['pages']}** | **{t['findings']}** | {escape(_rules(t['by_rule']))} |"
        f" {t['unchanged']} / {t['fixed']} | |"
    ]
    if summary["worst_pages"]:
        lines += ["", "## Worst pages", "", "| Book | Page | Findings |", "|---|---|---|"]
        lines += [f"| {escape(w['book'])} | {w['page']} | {w['findings']} |" for w in summary["worst_pages"]]
    if summary.get("failed"):
        lines += ["", "## Books not scanned", "", "| Book | Why |", "|---|---|"]
        lines += [f"| {escape(f['book'])} | {escape(f['error'])} |" for f in summary["failed"]]
    return "\n".join(lines) + "\n"


def render_html(summary: dict[str, Any]) -> str:
    def e(text: object) -> str:
        return html_escape(str(text), quote=True)

    t = summary["totals"]
    rows = "".join(
        f"<tr><td>{e(b['name'])}</td><td class=n>{b['pages_scanned']}</td><td class=n>{b['new']}</td>"
        f"<td>{e(_rules(b['by_rule']))}</td><td class=n>{b['unchanged']} / {b['fixed']}</td>"
        f"<td>{e(b['report'])}</td></tr>"
        for b in summary["books"]
    )
    worst = "".join(
        f"<tr><td>{e(w['book'])}</td><td class=n>{w['page']}</td><td class=n>{w['findings']}</td></tr>"
        for w in summary["worst_pages"]
    )
    failed = "".join(
        f"<tr><td>{e(f['book'])}</td><td>{e(f['error'])}</td></tr>" for f in summary.get("failed", ())
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        "<title>errata summary</title><style>body{font:15px/1.4 system-ui,sans-serif;margin:1rem 2rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem}.n{text-align:right}"
        "</style></head><body><h1>errata summary</h1>"
        f"<p>{t['books']} books · {t['pages']} pages scanned · {t['findings']} findings ·"
        f" errata {e(summary['tool']['version'])}</p>"
        "<table><tr><th>Book</th><th>Pages</th><th>Findings</th><th>By rule</th>"
        f"<th>Baseline (unchanged / fixed)</th><th>Report</th></tr>{rows}"
        f"<tr><th>Total</th><th class=n>{t['pages']}</th><th class=n>{t['findings']}</th>"
        f"<td>{e(_rules(t['by_rule']))}</td><td class=n>{t['unchanged']} / {t['fixed']}</td><td></td></tr>"
        "</table>"
        + (
            f"<h2>Worst pages</h2><table><tr><th>Book</th><th>Page</th><th>Findings</th></tr>{worst}</table>"
            if worst
            else ""
        )
        + (
            f"<h2>Books not scanned</h2><table><tr><th>Book</th><th>Why</th></tr>{failed}</table>"
            if failed
            else ""
        )
        + "</body></html>\n"
    )
