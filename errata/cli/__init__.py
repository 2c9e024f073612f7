"""The command line: parse options, call the library, pick a reporter, set the exit code. Nothing else.

Exit codes: 0 no findings at or above ``--fail-on``; 1 findings at or above it; 2 usage, configuration, rule
pack or input error (one line on stderr, never a traceback); 130 interrupted (Ctrl-C); 141 standard output
closed early (``errata scan x.pdf -o - | head``), as a shell reports a process ended by SIGPIPE.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

import click

from errata import __version__
from errata.cli.baseline import baseline
from errata.cli.cache import cache
from errata.cli.common import EXIT_BROKEN_PIPE, fail, stdout_closed
from errata.cli.config import config_command
from errata.cli.diff import diff
from errata.cli.layout import layout
from errata.cli.rules import explain, list_rules
from errata.cli.scan import scan
from errata.errors import ErrataError

EXIT_INTERRUPTED = 130
__all__ = ["EXIT_BROKEN_PIPE", "EXIT_INTERRUPTED", "cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="errata")
def cli() -> None:
    """errata: find the errata in a textbook PDF before its readers do."""


for command in (scan, baseline, diff, layout, config_command, list_rules, explain, cache):
    cli.add_command(command)


def _register_optional_commands() -> None:
    try:
        from errata.verify.cli import verify
    except ImportError:
        return
    cli.add_command(verify)


_register_optional_commands()


class Interrupted(BaseException):
    """Ctrl-C, raised in place of KeyboardInterrupt so that nothing between here and the scan reports it."""


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_closed()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: every ErrataError becomes one line on stderr and exit code 2."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _interrupt)
    try:
        cli.main(args=argv, prog_name="errata", standalone_mode=False)
        _flush_stdout()
    except click.exceptions.Exit as exc:
        _flush_stdout()
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except (click.exceptions.Abort, KeyboardInterrupt, Interrupted):
        click.echo("errata: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except ErrataError as exc:
        fail(str(exc))
    except BrokenPipeError:
        stdout_closed()
    except SystemExit:
        _flush_stdout()
        raise
    except Exception as exc:
        if os.environ.get("ERRATA_DEBUG"):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (set ERRATA_DEBUG=1 for a traceback)")
