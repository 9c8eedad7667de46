"""`techkg query`: run a saved query (queries/*.cypher) and print a table or JSON."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Column

from api.cli.connection import with_graph
from api.cli.errors import exit_on
from api.cli.tables import text_table
from graph.errors import TechkgError

out = Console(soft_wrap=False, width=200)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _pairs(params: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"'{item}' is not KEY=VALUE", param_hint="--param")
        values[key.strip()] = value
    return values


def query(
    name: Annotated[str | None, typer.Argument(help="saved query; omit to list them")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p",
                                                    help="KEY=VALUE, repeatable")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of a table")] = False,
) -> None:
    """Run a saved Cypher query from queries/ with validated parameters (or list them)."""
    from graph.store.db import connect
    from queries.registry import default_registry

    registry = default_registry()
    if name is None:
        _list(registry.all(), as_json)
        return
    try:
        registry.get(name)
        values = _pairs(param or [])
        registry.get(name).bind(values)  # refuse bad parameters before connecting
    except TechkgError as exc:
        exit_on(exc)
    result = with_graph(connect, lambda graph: registry.run(graph, name, values))
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    title = f"{name} ({len(result.rows)} rows" + (
        ", cut at the row limit)" if result.truncated else ")")
    out.print(text_table(title, [Column(c, overflow="fold") for c in result.columns],
                         ([_cell(row.get(c)) for c in result.columns] for row in result.rows)))


def _list(queries: list[Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps([q.model_dump(exclude={"cypher", "path"}) for q in queries],
                              indent=2))
        return
    def params(q: Any) -> str:
        return ", ".join(f"{p.name}: {p.type_text}" + ("" if p.required else f" = {p.default!r}")
                         for p in q.params)

    out.print(text_table("saved queries (techkg query NAME --param KEY=VALUE)",
                         ["name", "parameters", Column("description", overflow="fold")],
                         ([q.name, params(q), q.description] for q in queries)))
