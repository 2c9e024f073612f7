"""``errata scan``: scan PDFs, write each one's report, exit 1 on new findings at or above ``--fail-on``."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from errata.cli.common import (
    book_progress,
    config_options,
    emit,
    exit_code,
    fail,
    fail_on_option,
    progress_bar,
    rule_options,
    scan_options,
    source_options,
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
    "--glob",
    "pattern",
    default="*.pdf",
    show_default=True,
    help="Which files a folder argument scans (recursively).",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Scan on a Dask cluster: its scheduler's address (tcp://host:8786) or scheduler file (docs/cluster.md).",
)
@click.option(
    "--connect-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds to wait for the --cluster scheduler and a worker.",
)
@click.option(
    "--range-pages",
    type=click.IntRange(min=1),
    default=32,
    show_default=True,
    help="Folders and --cluster: a book of more pages is read in runs of this many pages, one task each.",
)
@click.option(
    "--verify", "verify_equations", is_flag=True, help="Check the numbered equations' claims with torch."
)
@click.option("--verify-labels", help="Claim-id -> equation-label mapping (TOML or JSON) for --verify.")
@click.option("--verify-samples", type=click.IntRange(min=1), default=20_000, show_default=True)
@click.option(
    "--tex",
    "verify_tex",
    type=click.Path(dir_okay=False, path_type=str),
    help="With --verify: also check every step of this LaTeX source's display math.",
)
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
@source_options
@config_options
def scan(**params: Any) -> None:
    """Scan each PDF for errata and write a report (markdown by default, into reports/<stem>.md).

    With several PDFs, -o names a folder unless it is - (stdout: markdown or github only).
    """
    from errata.output.reporters import EXTENSIONS
    from errata.pipeline import overwrites, plan

    pdfs: tuple[str, ...] = params.pop("pdfs")
    fmt, output, annotate_path = params.pop("fmt"), params.pop("output"), params.pop("annotate_path")
    fail_on, exit_zero, images = params.pop("fail_on"), params.pop("exit_zero"), not params.pop("no_images")
    pattern = params.pop("pattern")
    cluster, connect_timeout = params.pop("cluster"), params.pop("connect_timeout")
    range_pages = params.pop("range_pages")
    options = scan_options(
        params,
        baseline=params.pop("baseline_path"),
        no_baseline=params.pop("no_baseline"),
        verify=params.pop("verify_equations"),
        verify_labels=params.pop("verify_labels"),
        verify_samples=params.pop("verify_samples"),
        verify_tex=params.pop("verify_tex"),
    )
    if options.verify_tex is not None and not options.verify:
        fail("--tex needs --verify")
    folders = cluster is not None or any(Path(p).is_dir() for p in pdfs)
    if (len(pdfs) > 1 or folders) and output == "-" and fmt in ("json", "sarif"):
        fail(f"one PDF per {fmt} report on stdout; give a folder with -o")
    if options.synctex is not None and (len(pdfs) > 1 or folders):
        fail("--synctex takes one PDF (several find theirs beside them)")
    if annotate_path is not None:
        if len(pdfs) > 1 or folders:
            fail("--annotate takes one PDF")
        if overwrites(annotate_path, pdfs):
            fail(f"the annotated copy would overwrite the input {pdfs[0]}")
    run = plan(options)
    threshold = "never" if exit_zero else fail_on or options.config.fail_on
    if folders:
        if output == "-":
            fail("a folder's reports go to a folder: give one with -o, not -")
        code = _scan_folders(
            pdfs, pattern, run, fmt, output or "reports", threshold, images, cluster, connect_timeout,
            range_pages,
        )  # fmt: skip
        sys.exit(code)
    code = 0
    for pdf in pdfs:
        target = output if output is not None else ("-" if fmt == "github" else "reports")
        if target != "-" and (len(pdfs) > 1 or output is None):
            target = os.path.join(target, f"{Path(pdf).stem}.{EXTENSIONS[fmt]}")
        report = _scan_one(pdf, target, run, fmt, images)
        if annotate_path is not None:
            from errata.output.annotate import annotate

            added = annotate(pdf, report.new_findings, annotate_path, password=options.password)
            click.echo(f"{added} highlights written to {annotate_path}", err=True)
        code = max(code, exit_code(report.new_findings, threshold))
    sys.exit(code)


def _scan_one(pdf: str, target: str, run: Any, fmt: str, images: bool) -> Any:
    """Scan one PDF, write its report to ``target`` (- for stdout) and say so on stderr."""
    from errata.output.render import render_report
    from errata.pipeline import overwrites
    from errata.pipeline import scan as scan_pdf
    from errata.project.baseline import counts
    from errata.util.atomic import write_atomic

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
        password=run.options.password,
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
    for problem in report.problems:
        click.echo(f"errata: warning: {problem.message}", err=True)
    return report


def _scan_folders(
    paths: tuple[str, ...], pattern: str, run: Any, fmt: str, folder: str, threshold: str, images: bool,
    cluster: str | None, connect_timeout: float, range_pages: int,
) -> int:  # fmt: skip
    """Every book below the given folders, on this machine's cores or a Dask cluster (errata.batch)."""
    from errata.batch import Event, scan_catalogue
    from errata.output.render import catalogue_output

    prefix = {"failed": "errata: error: ", "warning": "errata: warning: ", "baseline": "errata: "}
    update, close = book_progress()  # books read here one by one (not in a pool or on a cluster) show a bar

    def tell(event: Event) -> None:
        close()
        click.echo(prefix.get(event.kind, "") + event.text, err=True)

    runner = None
    if cluster is not None:
        from errata.batch.cluster import connect

        runner = connect(cluster, timeout=connect_timeout)
    output = catalogue_output(
        fmt,
        images=images,
        password=run.options.password,
        cwd=os.getcwd(),
        warn=lambda message: click.echo(f"errata: warning: {message}", err=True),
    )
    run = replace(run, options=replace(run.options, progress=update))
    try:
        done = scan_catalogue(
            paths, run, output, folder=folder, pattern=pattern, threshold=threshold, jobs=run.options.jobs,
            runner=runner, range_pages=range_pages, events=tell,
        )  # fmt: skip
    finally:
        close()
        if runner is not None:
            runner.close()
    return done.code
