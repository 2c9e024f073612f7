"""``errata cache info`` and ``errata cache clear``: the page cache."""

from __future__ import annotations

import click


@click.group()
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
