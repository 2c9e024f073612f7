"""The command line: parse options, call the library, pick a reporter, set the exit code. Nothing else.

Exit codes: 0 no findings at or above ``--fail-on``; 1 findings at or above it; 2 usage, configuration, rule
pack or input error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from errata import __version__
from errata.errors import ErrataError
from errata.output import write_atomic

FAIL_ON = ("error", "warning", "info", "never")


def _fail(message: str) -> NoReturn:
    click.echo(f"errata: error: {message}", err=True)
    sys.exit(2)


def _progress() -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A progress bar on stderr for long scans, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return (lambda done, total: None), (lambda: None)
    state: dict[str, Any] = {"done": 0}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if total < 20:
                state["bar"] = None
                return
            bar = click.progressbar(length=total, label="Scanning pages", file=sys.stderr)
            bar.__enter__()
            state["bar"] = bar
        if state["bar"] is not None:
            state["bar"].update(done - state["done"])  # parallel workers report a run of pages at once
        state["done"] = done

    def close() -> None:
        if state.get("bar") is not None:
            state["bar"].__exit__(None, None, None)

    return update, close


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="errata")
def cli() -> None:
    """errata: find the errata in a textbook PDF before its readers do."""


def _config_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--no-config", is_flag=True, help="Ignore errata.toml and [tool.errata].")(f)
    f = click.option(
        "--config", "config_path", help="Config file (default: nearest errata.toml or pyproject.toml)."
    )(f)
    return f


def _rule_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--password", help="Password of an encrypted PDF.")(f)
    f = click.option("--rules-dir", multiple=True, help="Also load rules from this directory (repeatable).")(
        f
    )
    f = click.option("--ignore", multiple=True, help="Skip these rules or categories, besides the config's.")(
        f
    )
    f = click.option(
        "--select", multiple=True, help="Only these rules or categories (replaces the config's)."
    )(f)
    f = click.option("--pages", help="Pages to scan, 1-based, e.g. 3-9,12.")(f)
    f = click.option(
        "--page-timeout",
        type=click.FloatRange(min=0),
        default=10.0,
        show_default=True,
        help="Seconds one page may take before it is reported unreadable and skipped (0: no limit).",
    )(f)
    f = click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=None,
        help="Processes that extract pages in parallel (default: the number of CPUs).",
    )(f)
    f = click.option(
        "--backend",
        type=click.Choice(["pdfplumber", "pdfium"]),
        default="pdfplumber",
        show_default=True,
        help="PDF library: pdfplumber (the reference) or pdfium (several times faster).",
    )(f)
    f = click.option("--no-cache", is_flag=True, help="Do not read or write the extraction cache.")(f)
    f = click.option(
        "--page-memory",
        type=click.IntRange(min=0),
        default=2048,
        show_default=True,
        expose_value=False,
        callback=lambda ctx, param, value: ctx.meta.__setitem__("errata.page_memory", value),
        help="Megabytes one page's reader may grow by before the page is reported unreadable (0: no limit).",
    )(f)
    return f


def _extract_options(jobs: int | None, backend: str, no_cache: bool, page_timeout: float) -> dict[str, Any]:
    return {
        "jobs": jobs or os.cpu_count() or 1,
        "backend": backend,
        "use_cache": not no_cache,
        "page_timeout": page_timeout or None,
        "page_memory": click.get_current_context().meta.get("errata.page_memory", 2048) or None,
    }


def _load_config(config_path: str | None, no_config: bool) -> Any:
    from errata.config import load_config

    if no_config and config_path:
        _fail("--config and --no-config exclude each other")
    return load_config(config_path, discover=not no_config)


@cli.command()
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
@_rule_options
@click.option(
    "--fail-on", type=click.Choice(FAIL_ON), help="Lowest severity that fails (default: config, else error)."
)
@click.option("--exit-zero", is_flag=True, help="Always exit 0 on findings (report-only jobs).")
@click.option("--baseline", "baseline_path", help="Fail only on findings not in this baseline file.")
@click.option("--no-baseline", is_flag=True, help="Ignore the config's baseline.")
@_config_options
def scan(
    pdfs: tuple[str, ...],
    fmt: str,
    output: str | None,
    no_images: bool,
    verify_equations: bool,
    verify_labels: str | None,
    verify_samples: int,
    annotate_path: str | None,
    pages: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    rules_dir: tuple[str, ...],
    password: str | None,
    jobs: int | None,
    backend: str,
    no_cache: bool,
    page_timeout: float,
    fail_on: str | None,
    exit_zero: bool,
    baseline_path: str | None,
    no_baseline: bool,
    config_path: str | None,
    no_config: bool,
) -> None:
    """Scan each PDF for errata and write a report (markdown by default, into reports/<stem>.md).

    With several PDFs, -o names a folder unless it is - (stdout: markdown or github only).
    """
    from errata.reporters import EXTENSIONS, RenderContext, get_renderer
    from errata.scan import scan_configured
    from errata.suppress import load_baseline, triage

    config = _load_config(config_path, no_config)
    if len(pdfs) > 1 and output == "-" and fmt in ("json", "sarif"):
        _fail(f"one PDF per {fmt} report on stdout; give a folder with -o")
    if annotate_path is not None:
        _check_annotate(pdfs, annotate_path)
    if baseline_path is None and config.baseline and not no_baseline:
        baseline_path = config.resolve(config.baseline)
    rules = _rule_metadata(config, rules_dir) if fmt == "sarif" else {}
    code = 0
    for pdf in pdfs:
        target = output if output is not None else ("-" if fmt == "github" else "reports")
        if target != "-" and (len(pdfs) > 1 or output is None):
            target = os.path.join(target, f"{Path(pdf).stem}.{EXTENSIONS[fmt]}")
        if target != "-" and os.path.exists(pdf) and Path(target).resolve() == Path(pdf).resolve():
            _fail(f"the report would overwrite the input {pdf}")
        entries = load_baseline(baseline_path, pdf) if baseline_path else None
        update, close = _progress()
        try:
            report = scan_configured(
                pdf,
                config,
                pages=pages,
                select=select,
                ignore=ignore,
                rule_dirs=rules_dir,
                password=password,
                progress=update,
                **_extract_options(jobs, backend, no_cache, page_timeout),
            )
        finally:
            close()
        if verify_equations:
            from errata.equations import verify_equations as check_equations

            check_equations(report, labels_file=verify_labels, samples=verify_samples)
        result = triage(report.findings, entries, baseline_path) if entries is not None else None
        ctx = RenderContext(triage=result, rules=rules, cwd=os.getcwd())
        if fmt in ("md", "html"):
            text = _render_with_images(fmt, report, ctx, target, password, images=not no_images)
        else:
            text = get_renderer(fmt)(report, ctx)
        if target == "-":
            click.echo(text, nl=False)
        else:
            write_atomic(target, text)
            click.echo(f"{len(report.findings)} findings in {pdf}: report written to {target}", err=True)
        if result is not None:
            click.echo(f"errata: {result.counts()} (baseline {baseline_path})", err=True)
        if annotate_path is not None:
            from errata.annotate import annotate

            live_findings = result.new if result is not None else report.findings
            added = annotate(pdf, live_findings, annotate_path, password=password)
            click.echo(f"{added} highlights written to {annotate_path}", err=True)
        for problem in report.problems:
            click.echo(f"errata: warning: {problem.message}", err=True)
        live = result.new if result is not None else report.findings
        code = max(code, exit_code(live, "never" if exit_zero else fail_on or config.fail_on))
    sys.exit(code)


def _check_annotate(pdfs: tuple[str, ...], out: str) -> None:
    """``--annotate`` takes one PDF and never its own input as the output."""
    if len(pdfs) > 1:
        _fail("--annotate takes one PDF")
    pdf = pdfs[0]
    if Path(out).resolve() == Path(pdf).resolve() or (
        os.path.exists(out) and os.path.exists(pdf) and os.path.samefile(out, pdf)
    ):
        _fail(f"the annotated copy would overwrite the input {pdf}")


def _render_with_images(
    fmt: str, report: Any, ctx: Any, target: str, password: str | None, *, images: bool
) -> str:
    """A markdown or HTML report with a crop of the page beside each finding.

    Markdown links PNG files stored in ``<report stem>_files/`` beside the report (none on stdout); HTML
    inlines them. A PDF that cannot be rendered gives a report without crops and a warning.
    """
    from errata.reporters.html import render as render_html
    from errata.reporters.markdown import render as render_markdown

    listed = ctx.triage.new if ctx.triage is not None else report.findings
    crops: dict[str, Any] = {}
    if images and listed and not (fmt == "md" and target == "-"):
        from errata.visual import render_crops

        try:
            crops = render_crops(report.path, listed, password=password)
        except Exception as exc:
            click.echo(f"errata: warning: no page crops: {type(exc).__name__}: {exc}", err=True)
    if fmt == "html":
        return render_html(report, ctx, images={fp: [c.png for c in v] for fp, v in crops.items()})
    if target == "-":
        return render_markdown(report, ctx)
    from errata.visual import write_crops

    report_path = Path(target)
    written = write_crops(crops, str(report_path.with_name(f"{report_path.stem}_files")))
    here = report_path.parent.resolve()
    relative = {
        fp: [Path(p).resolve().relative_to(here).as_posix() for p in paths] for fp, paths in written.items()
    }
    return render_markdown(report, ctx, images=relative)


def _rule_metadata(config: Any, rules_dir: tuple[str, ...]) -> dict[str, Any]:
    from errata.registry import load_rules

    return load_rules([*rules_dir, *(config.resolve(p) for p in config.rule_paths)])


@cli.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@click.option(
    "-o", "--output", help="Baseline file (default: the config's baseline, else errata-baseline.json)."
)
@_rule_options
@_config_options
def baseline(
    pdfs: tuple[str, ...],
    output: str | None,
    pages: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    rules_dir: tuple[str, ...],
    password: str | None,
    jobs: int | None,
    backend: str,
    no_cache: bool,
    page_timeout: float,
    config_path: str | None,
    no_config: bool,
) -> None:
    """Record the current findings of PDFS as accepted, so that scans fail only on new ones."""
    from errata.scan import scan_configured
    from errata.suppress import baseline_text, read_baseline_file

    config = _load_config(config_path, no_config)
    if output is None:
        output = config.resolve(config.baseline) if config.baseline else "errata-baseline.json"
    if any(os.path.exists(p) and Path(output).resolve() == Path(p).resolve() for p in pdfs):
        _fail(f"the baseline would overwrite the input {output}")
    existing = read_baseline_file(output, missing_ok=True)
    reports = [
        scan_configured(
            p,
            config,
            pages=pages,
            select=select,
            ignore=ignore,
            rule_dirs=rules_dir,
            password=password,
            **_extract_options(jobs, backend, no_cache, page_timeout),
        )
        for p in pdfs
    ]
    write_atomic(output, baseline_text(reports, existing))
    for report in reports:
        click.echo(f"{len(report.findings)} findings of {report.path} recorded in {output}", err=True)


@cli.command()
@click.argument("old", type=click.Path(dir_okay=True, path_type=str))
@click.argument("new", type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="Report path, or - for stdout.")
@_rule_options
@click.option("--fail-on", type=click.Choice(FAIL_ON), help="Lowest severity of a new finding that fails.")
@_config_options
def diff(
    old: str,
    new: str,
    fmt: str,
    output: str,
    pages: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    rules_dir: tuple[str, ...],
    password: str | None,
    jobs: int | None,
    backend: str,
    no_cache: bool,
    page_timeout: float,
    fail_on: str | None,
    config_path: str | None,
    no_config: bool,
) -> None:
    """Compare two drafts: which findings are new in NEW, which were fixed, which remain."""
    from errata.reporters.diff import render_json, render_markdown
    from errata.scan import scan_configured
    from errata.suppress import diff as diff_reports

    config = _load_config(config_path, no_config)
    before, after = (
        scan_configured(
            p,
            config,
            pages=pages,
            select=select,
            ignore=ignore,
            rule_dirs=rules_dir,
            password=password,
            **_extract_options(jobs, backend, no_cache, page_timeout),
        )
        for p in (old, new)
    )
    result = diff_reports(before, after)
    text = (render_json if fmt == "json" else render_markdown)(before, after, result)
    if output == "-":
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
    click.echo(
        f"errata: {len(result.new)} new, {len(result.fixed)} fixed, {len(result.unchanged)} remaining"
        f" ({old} -> {new})",
        err=True,
    )
    sys.exit(exit_code(result.new, fail_on or config.fail_on))


@cli.command("config")
@click.option("--show", is_flag=True, help="Print the effective configuration as TOML.")
@_config_options
def config_command(show: bool, config_path: str | None, no_config: bool) -> None:
    """Show the configuration errata would use here (errata.toml or [tool.errata] in pyproject.toml)."""
    from errata.config import show as show_config

    config = _load_config(config_path, no_config)
    if not show:
        click.echo(str(config.path) if config.path else "no configuration file found (defaults)")
        return
    click.echo(show_config(config), nl=False)


def exit_code(findings: list[Any], fail_on: str) -> int:
    if fail_on == "never":
        return 0
    from errata.rule import Severity

    threshold = Severity(fail_on).rank
    return 1 if any(f.severity.rank >= threshold for f in findings) else 0


@cli.command("rules")
@click.option("--rules-dir", multiple=True, help="Also load rules from this directory (repeatable).")
def list_rules(rules_dir: tuple[str, ...]) -> None:
    """List the available rules with their summaries."""
    from errata.registry import load_rules

    rules = load_rules(rules_dir)
    width = max((len(r) for r in rules), default=10)
    for rule in rules.values():
        click.echo(f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.category:<9}  {rule.summary}")


@cli.command()
@click.argument("rule")
@click.option("--rules-dir", multiple=True, help="Also load rules from this directory (repeatable).")
def explain(rule: str, rules_dir: tuple[str, ...]) -> None:
    """Show a rule's documentation and examples."""
    from errata.registry import load_rules
    from errata.scan import select_rules

    (found,) = select_rules(load_rules(rules_dir), [rule]) if rule in load_rules(rules_dir) else (None,)
    if found is None:
        select_rules(load_rules(rules_dir), [rule])  # raises with a "did you mean"
        _fail(f"{rule!r} is a category, not a rule; see 'errata rules'")
    click.echo(f"{found.id} ({found.severity.value}, {found.category}, {found.status.value})")
    click.echo(f"{found.summary}\n")
    click.echo(found.doc.strip())
    click.echo("\n## Flagged")
    for bad in found.examples.bad:
        fix = f"  ->  {bad.fix}" if bad.fix else ""
        click.echo(f"- {bad.text}{fix}")
    click.echo("\n## Not flagged")
    for good in found.examples.good:
        click.echo(f"- {good}")


@cli.group()
def cache() -> None:
    """The page cache (ERRATA_CACHE_DIR, default ~/.cache/errata; bounded by ERRATA_CACHE_MAX_MB, default 500)."""


@cache.command("info")
def cache_info_command() -> None:
    """Where the page cache is and what it holds."""
    from errata.extract.cache import cache_info

    info = cache_info()
    click.echo(f"path:      {info['path']}")
    click.echo(f"documents: {info['documents']}")
    click.echo(f"pages:     {info['pages']}")
    click.echo(
        f"size:      {info['bytes'] / (1 << 20):.1f} MB of at most {info['max_bytes'] / (1 << 20):.0f} MB"
    )


@cache.command("clear")
def cache_clear_command() -> None:
    """Remove every cached page."""
    from errata.extract.cache import cache_clear, default_cache_dir

    freed = cache_clear()
    click.echo(f"removed {freed / (1 << 20):.1f} MB from {default_cache_dir()}")


def _register_optional_commands() -> None:
    try:
        from errata.verify.cli import verify
    except ImportError:
        return
    cli.add_command(verify)


_register_optional_commands()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: every ErrataError becomes one line on stderr and exit code 2."""
    try:
        cli.main(args=argv, prog_name="errata", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("errata: interrupted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("errata: interrupted", err=True)
        sys.exit(130)
    except ErrataError as exc:
        _fail(str(exc))
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("ERRATA_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set ERRATA_DEBUG=1 for a traceback)")
