"""``errata config``: which configuration errata would use here, and its effective settings."""

from __future__ import annotations

import click

from errata.cli.common import config_options, fail


@click.command("config")
@click.option("--show", is_flag=True, help="Print the effective configuration as TOML.")
@config_options
def config_command(show: bool, config_path: str | None, no_config: bool) -> None:
    """Show the configuration errata would use here (errata.toml or [tool.errata] in pyproject.toml)."""
    from errata.project.config import load_config
    from errata.project.config import show as show_config

    if no_config and config_path:
        fail("--config and --no-config exclude each other")
    config = load_config(config_path, discover=not no_config)
    if not show:
        click.echo(str(config.path) if config.path else "no configuration file found (defaults)")
        return
    click.echo(show_config(config), nl=False)
