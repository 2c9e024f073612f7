"""``errata rules`` and ``errata explain``: the rules and each one's documentation."""

from __future__ import annotations

import click

from errata.cli.common import fail

_RULES_DIR = click.option(
    "--rules-dir", multiple=True, help="Also load rules from this directory (repeatable)."
)


@click.command("rules")
@_RULES_DIR
def list_rules(rules_dir: tuple[str, ...]) -> None:
    """List the available rules with their summaries."""
    from errata.lint.registry import load_rules

    rules = load_rules(rules_dir)
    width = max((len(r) for r in rules), default=10)
    for rule in rules.values():
        click.echo(f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.category:<9}  {rule.summary}")


@click.command()
@click.argument("rule")
@_RULES_DIR
def explain(rule: str, rules_dir: tuple[str, ...]) -> None:
    """Show a rule's documentation and examples."""
    from errata.lint.registry import load_rules, select_rules

    available = load_rules(rules_dir)
    found = available.get(rule)
    if found is None:
        select_rules(available, [rule])  # raises with a "did you mean"
        fail(f"{rule!r} is a category, not a rule; see 'errata rules'")
    click.echo(f"{found.id} ({found.severity.value}, {found.category}, {found.status.value})")
    click.echo(f"{found.summary}\n")
    click.echo(found.doc.strip())
    if found.options:
        click.echo("\n## Options")
        for o in found.options:
            click.echo(f"- {o.name} ({o.type.__name__}, default {o.default!r}): {o.doc}")
    click.echo("\n## Flagged")
    for bad in found.examples.bad:
        fix = f"  ->  {bad.fix}" if bad.fix else ""
        click.echo(f"- {bad.text}{fix}")
    click.echo("\n## Not flagged")
    for good in found.examples.good:
        click.echo(f"- {good}")
