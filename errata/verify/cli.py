"""The ``errata verify`` click command (added to the main ``errata`` group by the CLI)."""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path
from typing import Any

import click

from .core import DTYPES, INSTALL_HINT, Claim, DeviceUnavailableError, TorchMissingError, import_torch


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"errata verify: {message}", err=True)
    sys.exit(code)


def _select(claims: list[Claim], patterns: tuple[str, ...]) -> list[Claim]:
    if not patterns:
        return claims
    return [c for c in claims if any(fnmatch.fnmatchcase(c.id, p) for p in patterns)]


@click.command("verify")
@click.option(
    "--claims",
    "claims_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A .py file defining claims (repeatable). Replaces the built-in claims unless --builtin is given.",
)
@click.option("--builtin", is_flag=True, help="Also run the built-in claims when --claims is given.")
@click.option("-k", "--claim", "patterns", multiple=True, help="Only claims whose id matches this glob.")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True)
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    default=None,
    help="Samples per claim [default: 10^7 on CUDA, 10^5 on the CPU]; with --tex, per display [default: 4096].",
)
@click.option("--dtype", type=click.Choice(list(DTYPES)), default="float64", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="Output file, or - for stdout.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--labels",
    "labels_file",
    type=click.Path(path_type=Path),
    help="JSON/TOML mapping claim id -> equation label(s), for another edition's numbering.",
)
@click.option(
    "--wrong", is_flag=True, help="Also run every deliberately wrong variant (each must be refuted)."
)
@click.option("--no-timings", is_flag=True, help="Leave out seconds, for byte-identical reports.")
@click.option("--list", "list_only", is_flag=True, help="List the claims and their labels; run nothing.")
@click.option(
    "--tex",
    "tex_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Check every step of the display math in this LaTeX file instead of the claims (repeatable).",
)
@click.option(
    "--notation",
    "notation_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML notation file for --tex (symbol domains, index letters, sizes, functions).",
)
def verify(
    claims_files: tuple[Path, ...],
    builtin: bool,
    patterns: tuple[str, ...],
    device: str,
    samples: int | None,
    dtype: str,
    fmt: str,
    output: str,
    seed: int,
    labels_file: Path | None,
    wrong: bool,
    no_timings: bool,
    list_only: bool,
    tex_files: tuple[Path, ...],
    notation_file: Path | None,
) -> None:
    """Check executable claims about a chapter's equations on random and adversarial inputs.

    Exit status: 0 when every claim has the expected outcome, 1 when a claim that should hold is
    refuted or errors (or, with --wrong, a wrong variant is not refuted), 2 on usage errors.
    With --tex: 1 when a step is refuted or has an index finding.
    """
    if tex_files:
        clash = [
            name
            for name, given in (
                ("--claims", claims_files),
                ("--builtin", builtin),
                ("-k", patterns),
                ("--labels", labels_file),
                ("--wrong", wrong),
                ("--list", list_only),
                ("--no-timings", no_timings),
            )
            if given
        ]
        if clash:
            _fail(
                f"--tex checks a LaTeX source's steps, not claims: it does not combine with {', '.join(clash)}"
            )
        _verify_tex(tex_files, notation_file, device, samples, dtype, fmt, output, seed)
        return
    if notation_file is not None:
        _fail("--notation needs --tex")
    from .claims import builtin_claims
    from .labels import apply_labels, load_labels
    from .loader import ClaimsFileError, load_claims_file
    from .render import render_json, render_markdown
    from .runner import resolve_device, run_claims

    claims: list[Claim] = []
    if not claims_files or builtin:
        claims.extend(builtin_claims())
    try:
        for path in claims_files:
            claims.extend(load_claims_file(path))
    except TorchMissingError:
        _fail(INSTALL_HINT)
    except ClaimsFileError as exc:
        _fail(str(exc))
    if labels_file is not None:
        try:
            claims = apply_labels(claims, load_labels(labels_file))
        except (OSError, ValueError) as exc:
            _fail(f"--labels: {exc}")
    claims = _select(claims, patterns)
    if not claims:
        _fail("no claims selected")
    if list_only:
        for c in claims:
            click.echo(f"{c.id}\t{', '.join(c.equations) or '-'}\t{c.summary}")
        return
    try:
        import_torch()
        dev = resolve_device(device)
    except TorchMissingError:
        _fail(INSTALL_HINT)
    except DeviceUnavailableError as exc:
        _fail(str(exc))
    results = run_claims(claims, device=dev, samples=samples, dtype=dtype, seed=seed, include_wrong=wrong)
    text = (
        render_json(results, timings=not no_timings)
        if fmt == "json"
        else render_markdown(results, timings=not no_timings)
    )
    if output == "-":
        click.echo(text, nl=False)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {output}: {exc}")
    bad = [r for r in results if not r.ok]
    if bad:
        listing = ", ".join(f"{r.id} ({r.status})" for r in bad)
        click.echo(f"errata verify: {len(bad)} unexpected outcome(s): {listing}", err=True)
        sys.exit(1)


def _write(text: str, output: str) -> None:
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc}")


def _verify_tex(
    files: tuple[Path, ...],
    notation_file: Path | None,
    device: str,
    samples: int | None,
    dtype: str,
    fmt: str,
    output: str,
    seed: int,
) -> None:
    from .runner import resolve_device
    from .tex import NotationError, TexSourceError, check_source, load_notation, read_tex
    from .tex.render import render_tex_json, render_tex_markdown

    try:
        notation = load_notation(notation_file)
        sources = [read_tex(f) for f in files]
    except (NotationError, TexSourceError) as exc:
        _fail(str(exc))
    try:
        import_torch()
        import latex2sympy2_extended  # noqa: F401
        import sympy  # noqa: F401
    except ImportError:
        _fail(INSTALL_HINT.replace("PyTorch", "PyTorch, sympy and latex2sympy2_extended"))
    try:
        dev = resolve_device(device)
    except DeviceUnavailableError as exc:
        _fail(str(exc))
    reports = [
        check_source(s, notation=notation, device=dev, samples=samples or 4096, dtype=dtype, seed=seed)
        for s in sources
    ]
    _write(render_tex_json(reports) if fmt == "json" else render_tex_markdown(reports), output)
    bad = [s for r in reports for s in r.steps if s.verdict == "refuted" or s.findings]
    if bad:
        listing = ", ".join(
            f"{s.location} ({s.verdict}{', index finding' if s.findings else ''})" for s in bad
        )
        click.echo(f"errata verify: {len(bad)} step(s) refuted or with index findings: {listing}", err=True)
        sys.exit(1)


def main(argv: list[str] | None = None) -> Any:
    """Run the command standalone."""
    return verify.main(args=argv)
