"""`techkg render`: a neighborhood drawn to PNG or SVG without a browser."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.errors import exit_on
from graph.errors import TechkgError


def render(
    entity: Annotated[str, typer.Option("--entity", "-e", help="entity id, name or alias")],
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.png or FILE.svg")],
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, max=3, help="relations away")] = 1,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="relations at most")] = 200,
) -> None:
    """Draw an entity's neighborhood to a PNG or SVG file, colored like the explorer page."""
    from api.render import picture_format
    from api.render import render as draw
    from graph.read.relations import neighbors, to_cytoscape
    from graph.store.db import connect

    try:
        picture_format(output)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--output") from exc
    try:
        graph = connect()
        try:
            drawing = to_cytoscape(neighbors(graph, entity, depth, limit=limit))
        finally:
            graph.close()
    except TechkgError as exc:
        exit_on(exc)
    center = next((n["data"]["label"] for n in drawing.elements.nodes
                   if n["data"]["id"] == drawing.center), entity)
    draw(drawing, output, title=f"{center}: neighborhood, depth {depth}")
    typer.echo(f"wrote {output} ({len(drawing.elements.nodes)} entities, "
               f"{len(drawing.elements.edges)} relations)")
