"""``errata baseline``: accept today's findings, so that scans fail only on new ones."""

from __future__ import annotations

from typing import Any

import click

from errata.cli.common import config_options, fail, rule_options, scan_options


@click.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@click.option(
    "-o", "--output", help="Baseline file (default: the config's baseline, else errata-baseline.json)."
)
@rule_options
@config_options
def baseline(**params: Any) -> None:
    """Record the current findings of PDFS as accepted, so that scans fail only on new ones."""
    from errata.pipeline import baseline as record
    from errata.pipeline import overwrites
    from errata.util.atomic import write_atomic

    pdfs: tuple[str, ...] = params.pop("pdfs")
    output: str | None = params.pop("output")
    options = scan_options(params)
    config = options.config
    if output is None:
        output = config.resolve(config.baseline) if config.baseline else "errata-baseline.json"
    if overwrites(output, pdfs):
        fail(f"the baseline would overwrite the input {output}")
    reports, text = record(pdfs, options, existing=output)
    write_atomic(output, text)
    for report in reports:
        click.echo(f"{len(report.findings)} findings of {report.path} recorded in {output}", err=True)
