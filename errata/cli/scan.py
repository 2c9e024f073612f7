"""``errata scan``: scan PDFs, write each one's report, exit 1 on new findings at or above ``--fail-on``."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from errata.cli.common import (
    config_options,
    emit,
    exit_code,
    fail,
    fail_on_option,
    progress_bar,
    rule_options,
    scan_options,
)


@click.command()
@click.argument(
    "pdfs", metavar="PDF...", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str)
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "sarif", "github", "html"]),
    default="md",
    show_default=True,
)
@click.option(
    "-o", "--output", help="Report path, or - for stdout. Default: reports/<pdf stem>.<ext> (github: -)."
)
@click.option("--no-images", is_flag=True, help="No page crops in markdown and HTML reports.")
@click.option(
    "--verify", "verify_equations", is_flag=True, help="Check the numbered equations' claims with torch."
)
@click.option("--verify-labels", help="Claim-id -> equation-label mapping (TOML or JSON) for --verify.")
@click.option("--verify-samples", type=click.IntRange(min=1), default=20_000, show_default=True)
@click.option(
    "--annotate",
    "annotate_path",
    metavar="OUT.pdf",
    help="Also write a copy of the PDF with every finding highlighted and noted (one PDF only).",
)
@rule_options
@fail_on_option("Lowest severity that fails (default: config, else error).")
@click.option("--exit-zero", is_flag=True, help="Always exit 0 on findings (report-only jobs).")
@click.option("--baseline", "baseline_path", help="Fail only on findings not in this baseline file.")
@click.option("--no-baseline", is_flag=True, help="Ignore the config's baseline.")
@config_options
def scan(**params: Any) -> None:
    """Scan each PDF for errata and write a report (markdown by default, into reports/<stem>.md).

    With several PDFs, -o names a folder unless it is - (stdout: markdown or github only).
    """
    from errata.output.render import render_report
    from errata.output.reporters import EXTENSIONS
    from errata.pipeline import overwrites, plan
    from errata.pipeline import scan as scan_pdf
    from errata.project.baseline import counts
    from errata.util.atomic import write_atomic

    pdfs: tuple[str, ...] = params.pop("pdfs")
    fmt, output, annotate_path = params.pop("fmt"), params.pop("output"), params.pop("annotate_path")
    fail_on, exit_zero, images = params.pop("fail_on"), params.pop("exit_zero"), not params.pop("no_images")
    options = scan_options(
        params,
        baseline=params.pop("baseline_path"),
        no_baseline=params.pop("no_baseline"),
        verify=params.pop("verify_equations"),
        verify_labels=params.pop("verify_labels"),
        verify_samples=params.pop("verify_samples"),
    )
    if len(pdfs) > 1 and output == "-" and fmt in ("json", "sarif"):
        fail(f"one PDF per {fmt} report on stdout; give a folder with -o")
    if annotate_path is not None:
        if len(pdfs) > 1:
            fail("--annotate takes one PDF")
        if overwrites(annotate_path, pdfs):
            fail(f"the annotated copy would overwrite the input {pdfs[0]}")
    run = plan(options)
    code = 0
    for pdf in pdfs:
        target = output if output is not None else ("-" if fmt == "github" else "reports")
        if target != "-" and (len(pdfs) > 1 or output is None):
            target = os.path.join(target, f"{Path(pdf).stem}.{EXTENSIONS[fmt]}")
        if target != "-" and overwrites(target, [pdf]):
            fail(f"the report would overwrite the input {pdf}")
        update, close = progress_bar()
        try:
            report = scan_pdf(pdf, prepared=replace(run, options=replace(run.options, progress=update)))
        finally:
            close()
        text = render_report(
            report,
            fmt,
            target,
            cwd=os.getcwd(),
            password=options.password,
            images=images,
            warn=lambda message: click.echo(f"errata: warning: {message}", err=True),
        )
        if target == "-":
            emit(text)
        else:
            write_atomic(target, text)
            click.echo(f"{len(report.findings)} findings in {pdf}: report written to {target}", err=True)
        if report.baseline is not None:
            click.echo(f"errata: {counts(report)} (baseline {report.baseline.source})", err=True)
        if annotate_path is not None:
            from errata.output.annotate import annotate

            added = annotate(pdf, report.new_findings, annotate_path, password=options.password)
            click.echo(f"{added} highlights written to {annotate_path}", err=True)
        for problem in report.problems:
            click.echo(f"errata: warning: {problem.message}", err=True)
        threshold = "never" if exit_zero else fail_on or options.config.fail_on
        code = max(code, exit_code(report.new_findings, threshold))
    sys.exit(code)
