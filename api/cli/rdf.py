"""`techkg export` and `techkg import-rdf`: thin wrappers over graph.rdf (loaded when they run)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from api.cli.connection import DatabaseOpt, PasswordOpt, UriOpt, UserOpt, open_graph
from api.cli.errors import exit_on, fail
from api.cli.tables import count_table
from graph.errors import TechkgError
from graph.rdf.formats import RdfFormat, format_of

if TYPE_CHECKING:
    from graph.rdf import ImportSummary, ProgressFn

console = Console(stderr=True)


@contextmanager
def progress_bar(action: str) -> Iterator[ProgressFn]:
    """A rich progress bar that follows the phases a graph.rdf ProgressFn reports."""
    columns = (
        TextColumn(f"[bold]{action}"),
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        tasks: dict[str, TaskID] = {}

        def show(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                tasks[phase] = progress.add_task(phase, total=total)
            progress.update(tasks[phase], completed=done, total=total)

        yield show


def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="file to write")],
    format: Annotated[RdfFormat | None, typer.Option("--format", "-f",
                      help="ttl, jsonld or nt (default: from the file name)")] = None,
    entity: Annotated[str | None, typer.Option(
        help="only this entity's neighbourhood (id, name or alias)")] = None,
    depth: Annotated[int, typer.Option(min=0, max=4, help="hops around --entity")] = 1,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Export the graph (or one entity's neighbourhood) as RDF: Turtle, JSON-LD or N-Triples.

    The file appears only once complete; an error leaves an earlier one as it was."""
    from graph.rdf import export as rdf_export
    from graph.rdf import write_export

    try:
        fmt = format or format_of(output)
        graph = open_graph(uri, user, password, database)
        try:
            began = time.perf_counter()
            with progress_bar("export") as show:
                chunks = rdf_export(graph, fmt, entity, depth, on_progress=show)
                size = write_export(output, chunks)
        finally:
            graph.close()
    except TechkgError as exc:
        exit_on(exc)
    seconds = time.perf_counter() - began
    console.print(f"wrote {output} ({fmt.value}, {size:,} bytes) in {seconds:.1f}s", markup=False,
                  highlight=False, soft_wrap=True)


def import_file(
    file: Annotated[Path, typer.Argument(help="an export of techkg (.ttl, .jsonld or .nt)")],
    format: Annotated[RdfFormat | None, typer.Option("--format", "-f")] = None,
    workdir: Annotated[Path | None, typer.Option(
        help="where the temporary staging file goes (default: the system's temp directory)")] = None,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Read an RDF export back into Neo4j through the writer (idempotent)."""
    from graph.rdf import import_rdf
    from graph.store.schema import apply_schema

    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        graph = open_graph(uri, user, password, database)
        try:
            apply_schema(graph)
            began = time.perf_counter()
            with progress_bar("import") as show:
                summary = import_rdf(graph, file, format, on_progress=show, workdir=workdir)
        finally:
            graph.close()
    except TechkgError as exc:
        exit_on(exc)
    print_summary(file, summary, time.perf_counter() - began)
    if summary.problems.count:
        raise typer.Exit(2)


def print_summary(file: Path, summary: ImportSummary, seconds: float) -> None:
    names = {"triples": "triples", "articles": "articles", "entities": "entities",
             "statements": "relations", "evidence": "evidence"}
    rows = [(label, f"{getattr(summary, name):,}") for name, label in names.items()]
    rows.append(("problems (skipped)", f"{summary.problems.count:,}"))
    table = count_table(f"import of {file.name} ({seconds:.1f}s)", rows)
    Console().print(table)
    for message in summary.problems.messages:
        console.print(f"skipped {message}", markup=False, highlight=False)
    if summary.problems.count > len(summary.problems.messages):
        console.print(f"… and {summary.problems.count - len(summary.problems.messages)} more")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import-rdf")(import_file)
