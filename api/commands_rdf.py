"""`techkg export` and `techkg import-rdf`: thin wrappers over graph.rdf."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graph.db import Graph, connect
from graph.errors import TechkgError
from graph.rdf import RdfFormat, export_to_file, format_of, import_rdf
from graph.settings import LocalServerSettings, Neo4jSettings

console = Console(stderr=True)
UriOpt = Annotated[str | None, typer.Option("--uri", help="Neo4j URI (env NEO4J_URI)")]
UserOpt = Annotated[str | None, typer.Option("--user", help="Neo4j user (env NEO4J_USER)")]
PasswordOpt = Annotated[str | None, typer.Option("--password", help="env NEO4J_PASSWORD")]
DatabaseOpt = Annotated[str | None, typer.Option("--database", help="env NEO4J_DATABASE")]


def open_graph(uri: str | None, user: str | None, password: str | None,
               database: str | None) -> Graph:
    """Flags override the environment, which overrides the defaults."""
    flags = {"uri": uri, "user": user, "password": password, "database": database}
    settings = Neo4jSettings(**{k: v for k, v in flags.items() if v is not None})  # type: ignore[arg-type]
    return connect(settings, LocalServerSettings())


def fail(exc: TechkgError) -> typer.Exit:
    console.print(f"[bold red]error:[/] {exc.message}")
    return typer.Exit(1)


def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="file to write")],
    format: Annotated[RdfFormat | None, typer.Option("--format", "-f",
                      help="ttl, jsonld or nt (default: from the file name)")] = None,
    entity: Annotated[str | None, typer.Option(help="only this entity id's neighbourhood")] = None,
    depth: Annotated[int, typer.Option(min=0, max=4, help="hops around --entity")] = 1,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Export the graph (or one entity's neighbourhood) as RDF: Turtle, JSON-LD or N-Triples."""
    try:
        fmt = format or format_of(output)
        graph = open_graph(uri, user, password, database)
        try:
            size = export_to_file(graph, fmt, output, entity, depth)
        finally:
            graph.close()
    except TechkgError as exc:
        raise fail(exc) from exc
    console.print(f"wrote {output} ({fmt.value}, {size:,} bytes)")


def import_file(
    file: Annotated[Path, typer.Argument(help="an export of techkg (.ttl, .jsonld or .nt)")],
    format: Annotated[RdfFormat | None, typer.Option("--format", "-f")] = None,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Read an RDF export back into Neo4j through the writer (idempotent)."""
    from graph.schema import apply_schema

    if not file.is_file():
        console.print(f"[bold red]error:[/] {file}: no such file")
        raise typer.Exit(1)
    try:
        graph = open_graph(uri, user, password, database)
        try:
            apply_schema(graph)
            summary = import_rdf(graph, file, format)
        finally:
            graph.close()
    except TechkgError as exc:
        raise fail(exc) from exc
    typer.echo(f"imported {summary.articles} articles, {summary.entities} entities, "
               f"{summary.statements} relations with {summary.evidence} pieces of evidence")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import-rdf")(import_file)
