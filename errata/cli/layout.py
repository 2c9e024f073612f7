"""``errata layout``: how errata read a page: every printed line boxed in its role's colour, in reading order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from errata.cli.common import config_options, emit, fail, rule_options, scan_options


@click.command()
@click.argument("pdf", type=click.Path(dir_okay=True, path_type=str))
@click.option("--page", "page_spec", required=True, help="The pages to show, 1-based, e.g. 15 or 3-5.")
@click.option(
    "--format", "fmt", type=click.Choice(["png", "json"]), default=None, help="Default: from -o, else png."
)
@click.option(
    "-o", "--output", help="Output file (PNG: one page, or a folder of page-N.png; - for JSON on stdout)."
)
@rule_options
@config_options
def layout(**params: Any) -> None:
    """Show the layout errata read from PDF: lines, their roles (body, heading, caption, footnote, margin note,
    math, code, table, running furniture) and the reading order.

    The whole document is read (running heads need the other pages); only the chosen pages are shown.
    """
    from errata.extract import count_pages, parse_pages
    from errata.output.layout import render_json, render_png
    from errata.pipeline import overwrites, read
    from errata.util.atomic import write_atomic

    pdf, page_spec, fmt, output = (
        params.pop("pdf"),
        params.pop("page_spec"),
        params.pop("fmt"),
        params.pop("output"),
    )
    options = scan_options(params)
    shown = parse_pages(page_spec, count_pages(pdf, options.password))
    fmt = fmt or ("json" if output is not None and (output == "-" or output.endswith(".json")) else "png")
    doc = read(pdf, options)
    if fmt == "json":
        text = render_json(doc, shown)
        if output in (None, "-"):
            emit(text)
        else:
            write_atomic(output, text)
        return
    if output is None or output == "-":
        output = f"{Path(pdf).stem}-page{shown[0]}.png" if len(shown) == 1 else f"{Path(pdf).stem}-layout"
    for page in shown:
        target = output if len(shown) == 1 else str(Path(output) / f"page-{page}.png")
        if overwrites(target, [pdf]):
            fail(f"the picture would overwrite the input {pdf}")
        write_atomic(target, render_png(doc, page, password=options.password))
        click.echo(f"page {page}: {target}", err=True)
