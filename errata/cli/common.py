"""What every command shares: the options that make a :class:`~errata.pipeline.ScanOptions`, one-line errors,
the progress bar and the exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

import click

from errata.model.findings import FAIL_ON, Finding, Severity

EXIT_BROKEN_PIPE = 141


def stdout_closed() -> NoReturn:
    """Standard output went away (a pager or ``head`` quit): stop quietly with SIGPIPE's shell status, and let
    no later flush complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_BROKEN_PIPE)


def emit(text: str) -> None:
    """Write a report to standard output."""
    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_closed()


def fail(message: str) -> NoReturn:
    click.echo(f"errata: error: {message}", err=True)
    sys.exit(2)


def exit_code(findings: Iterable[Finding], fail_on: str) -> int:
    """1 when a finding is at or above ``fail_on``, else 0."""
    if fail_on == "never":
        return 0
    threshold = Severity(fail_on).rank
    return 1 if any(f.severity.rank >= threshold for f in findings) else 0


def fail_on_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--fail-on", type=click.Choice(FAIL_ON), help=help)


def progress_bar() -> tuple[Callable[[int, int], None], Callable[[], None]]:
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


def book_progress() -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """:func:`progress_bar` for a folder of books read one after another: a fresh bar for each book (its
    pages start again from 1), and ``close`` ends the current one before a line is printed."""
    current: dict[str, Any] = {"bar": None, "done": 0}

    def close() -> None:
        if current["bar"] is not None:
            current["bar"][1]()
            current["bar"] = None

    def update(done: int, total: int) -> None:
        if current["bar"] is None or done < current["done"]:
            close()
            current["bar"] = progress_bar()
        current["done"] = done
        current["bar"][0](done, total)

    return update, close


def config_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--no-config", is_flag=True, help="Ignore errata.toml and [tool.errata].")(f)
    f = click.option(
        "--config", "config_path", help="Config file (default: nearest errata.toml or pyproject.toml)."
    )(f)
    return f


def rule_options(f: Callable[..., Any]) -> Callable[..., Any]:
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
        help="Megabytes one page's reader may grow by before the page is reported unreadable (0: no limit).",
    )(f)
    return f


def source_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Where the findings' source lines come from: a SyncTeX file, and the folder paths are relative to."""
    f = click.option(
        "--no-synctex", is_flag=True, help="Read no SyncTeX file: findings get no source lines."
    )(f)
    f = click.option(
        "--source-root",
        metavar="DIR",
        help="Source paths are relative to DIR (default: the folder of the main .tex).",
    )(f)
    f = click.option(
        "--synctex",
        "synctex_path",
        metavar="FILE",
        help="SyncTeX file of the PDF (default: <stem>.synctex.gz or <stem>.synctex beside it).",
    )(f)
    return f


def scan_options(params: dict[str, Any], **extra: Any) -> Any:
    """The :class:`~errata.pipeline.ScanOptions` of a command's parsed ``params`` (config loaded, if any)."""
    from errata.pipeline import ScanOptions
    from errata.project.config import load_config

    config_path, no_config = params.pop("config_path"), params.pop("no_config")
    if no_config and config_path:
        fail("--config and --no-config exclude each other")
    return ScanOptions(
        config=load_config(config_path, discover=not no_config),
        pages=params.pop("pages"),
        select=tuple(params.pop("select")),
        ignore=tuple(params.pop("ignore")),
        rule_dirs=tuple(params.pop("rules_dir")),
        password=params.pop("password"),
        jobs=params.pop("jobs") or os.cpu_count() or 1,
        backend=params.pop("backend"),
        use_cache=not params.pop("no_cache"),
        page_timeout=params.pop("page_timeout") or None,
        page_memory=params.pop("page_memory") or None,
        synctex=params.pop("synctex_path", None),
        source_root=params.pop("source_root", None),
        no_synctex=params.pop("no_synctex", False),
        **extra,
    )
