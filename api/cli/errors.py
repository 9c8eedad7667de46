"""How CLI commands report a TechkgError: one line on stderr, with the closest matches if any."""

from __future__ import annotations

from typing import NoReturn

import typer

from graph.errors import TechkgError


def exit_on(exc: TechkgError) -> NoReturn:
    """Exit 2 for bad input (unknown id, bad parameter), 1 for anything else."""
    closest = exc.detail.get("closest")
    hint = f" (closest: {', '.join(closest)})" if closest else ""
    typer.echo(f"error: {exc.message}{hint}", err=True)
    raise typer.Exit(2 if exc.status in (404, 422) else 1) from exc
