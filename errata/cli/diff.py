"""``errata diff OLD NEW``: which findings are new in the newer draft, which were fixed, which remain."""

from __future__ import annotations

import sys
from typing import Any

import click

from errata.cli.common import config_options, emit, exit_code, fail_on_option, rule_options, scan_options


@click.command()
@click.argument("old", type=click.Path(dir_okay=True, path_type=str))
@click.argument("new", type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="Report path, or - for stdout.")
@rule_options
@fail_on_option("Lowest severity of a new finding that fails.")
@config_options
def diff(**params: Any) -> None:
    """Compare two drafts: which findings are new in NEW, which were fixed, which remain."""
    from errata.output.reporters.diff import render_json, render_markdown
    from errata.pipeline import diff as compare
    from errata.util.atomic import write_atomic

    old, new, fmt, output = params.pop("old"), params.pop("new"), params.pop("fmt"), params.pop("output")
    fail_on = params.pop("fail_on")
    options = scan_options(params)
    before, after = compare(old, new, options)
    text = (render_json if fmt == "json" else render_markdown)(before, after)
    if output == "-":
        emit(text)
    else:
        write_atomic(output, text)
    s = after.summary()
    click.echo(f"errata: {s.new} new, {s.fixed} fixed, {s.unchanged} remaining ({old} -> {new})", err=True)
    sys.exit(exit_code(after.new_findings, fail_on or options.config.fail_on))
