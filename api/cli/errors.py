"""How CLI commands report trouble: one line on stderr, a styled label and then the text exactly
as given. Paths, document ids and error messages are never read as rich markup: `[x]` in a file
name stays `[x]`, and a stray `[/x]` cannot crash the report."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

from graph.errors import TechkgError

err = Console(stderr=True)


def say(label: str, style: str, text: str) -> None:
    """`label` in `style`, then `text` as plain text; long lines are left for the terminal to
    wrap, so a path can be copied whole."""
    err.print(Text.assemble((label, style), " ", text), soft_wrap=True)


def fail(message: str, code: int = 1) -> NoReturn:
    say("error:", "bold red", message)
    raise typer.Exit(code)


def exit_on(exc: TechkgError) -> NoReturn:
    """Exit 2 for bad input (unknown id, bad parameter), 1 for anything else; an unknown entity
    comes with the closest ids to try instead."""
    closest = exc.detail.get("closest")
    hint = f" (closest: {', '.join(closest)})" if closest else ""
    fail(f"{exc.message}{hint}", 2 if exc.status in (404, 422) else 1)
