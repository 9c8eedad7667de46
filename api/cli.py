"""`techkg`: the command line. Thin: parse input, call graph/ and loaders/, format output."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph import server
from graph.errors import TechkgError
from graph.settings import LocalServerSettings, Neo4jSettings

app = typer.Typer(help="techkg: a knowledge graph of the US-China technology competition.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
neo4j_app = typer.Typer(help="Run the local Neo4j server (from Maven Central jars).",
                        no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
console = Console(stderr=True)
SAMPLE_CORPUS = Path(__file__).resolve().parent.parent / "loaders" / "samples" / "seed.jsonl"


def fail(message: str, code: int = 1) -> None:
    console.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def neo4j_settings(uri: str | None, user: str | None, password: str | None,
                   database: str | None) -> Neo4jSettings:
    """Flags override the environment, which overrides the defaults."""
    overrides = {k: v for k, v in
                 {"uri": uri, "user": user, "password": password, "database": database}.items()
                 if v is not None}
    return Neo4jSettings(**overrides)  # type: ignore[arg-type]


UriOpt = Annotated[str | None, typer.Option("--uri", help="Neo4j URI (env NEO4J_URI)")]
UserOpt = Annotated[str | None, typer.Option("--user", help="Neo4j user (env NEO4J_USER)")]
PasswordOpt = Annotated[str | None, typer.Option("--password", help="env NEO4J_PASSWORD")]
DatabaseOpt = Annotated[str | None, typer.Option("--database", help="env NEO4J_DATABASE")]


# ------------------------------------------------------------------ neo4j


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j (idempotent); wait until Bolt answers; print the URI."""
    local = LocalServerSettings()
    try:
        with console.status("starting Neo4j (the first start fetches jars with Maven)…"):
            state = server.start(local, Neo4jSettings().password.get_secret_value())
    except TechkgError as exc:
        fail(exc.message)
    typer.echo(f"Neo4j running (pid {state.pid}) at {state.bolt_uri}; "
               f"Neo4j Browser at {state.browser_url}")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Shut the local Neo4j down cleanly."""
    stopped = server.stop(LocalServerSettings())
    typer.echo("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j runs, and where."""
    state = server.status(LocalServerSettings())
    if state.running:
        typer.echo(f"running (pid {state.pid}) at {state.bolt_uri}; browser {state.browser_url}; "
                   f"data in {state.home}")
    else:
        typer.echo(f"not running (data in {state.home})")
        raise typer.Exit(3)


# ------------------------------------------------------------------ extract / ingest


@app.command()
def extract(
    input: Annotated[Path, typer.Option("--input", "-i", help="documents, JSON Lines ('-' = stdin)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="extractions, JSON Lines ('-' = stdout)")],
    processes: Annotated[int, typer.Option("--processes", "-p", min=1)] = 1,
) -> None:
    """Extract entities and relations from documents (the spec's JSON Lines contract)."""
    from graph.model import Extraction
    from loaders.pipeline import ExtractionPipeline
    from loaders.read import ReadError, read_jsonl

    source = Path("/dev/stdin") if str(input) == "-" else input
    if not source.exists():
        fail(f"{input}: no such file")
    items = list(read_jsonl(source))
    docs = [item for item in items if not isinstance(item, ReadError)]
    extractions = iter(ExtractionPipeline().run(docs, n_process=processes))
    out = sys.stdout if str(output) == "-" else output.open("w", encoding="utf-8")
    errors = 0
    try:
        for item in items:
            if isinstance(item, ReadError):
                errors += 1
                console.print(f"[yellow]skipped[/] {item}")
                line = Extraction(id=item.doc_id or f"{item.path}:{item.line}", error=item.reason)
            else:
                line = next(extractions)
                errors += line.error is not None
            out.write(json.dumps(line.model_dump(mode="json", exclude_none=True),
                                 ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    console.print(f"extracted {len(items)} documents, {errors} with errors")


def _connect(uri: str | None, user: str | None, password: str | None,
             database: str | None, start_local: bool) -> Any:
    from graph.db import connect

    settings = neo4j_settings(uri, user, password, database)
    local = LocalServerSettings()
    if settings.uri is None and start_local:
        with console.status("starting the local Neo4j…"):
            server.start(local, settings.password.get_secret_value())
    return connect(settings, local)


def run_ingest(paths: list[Path], graph: Any, dry_run: bool, force: bool) -> Any:
    from graph.ingest import IngestReport, Ingestor, read_documents
    from graph.schema import apply_schema
    from loaders.pipeline import ExtractionPipeline

    if graph is not None:
        apply_schema(graph)
    report = IngestReport()
    ingestor = Ingestor(ExtractionPipeline(), None if dry_run else graph, force=force)
    columns = (TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[stats]}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("ingest", total=None, stats="")

        def show(r: IngestReport) -> None:
            progress.update(task, completed=r.written + r.unchanged + len(r.failed),
                            stats=f"{r.relations} relations, {len(r.failed)} failed")

        ingestor.run(read_documents(paths, report), report, on_progress=show)
    return report


def print_report(report: Any, seconds: float, dry_run: bool) -> None:
    table = Table(title="ingest summary" + (" (dry run: nothing written)" if dry_run else ""))
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in ("documents", "written", "unchanged", "relevant", "entities", "relations"):
        table.add_row(key, str(getattr(report, key)))
    table.add_row("failed", str(len(report.failed)))
    table.add_row("seconds", f"{seconds:.1f}")
    console.print(table)
    for failure in report.failed:
        console.print(f"[red]failed[/] {failure}")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="JSON Lines files of documents")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="extract and resolve, write nothing")] = False,
    force: Annotated[bool, typer.Option("--force", help="re-extract unchanged documents")] = False,
    report_file: Annotated[Path | None, typer.Option("--report", help="write the summary as JSON")] = None,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Read documents, extract, resolve and write them to Neo4j; print a summary."""
    began = time.monotonic()
    try:
        graph = None if dry_run else _connect(uri, user, password, database, start_local=False)
        report = run_ingest(paths, graph, dry_run, force)
    except TechkgError as exc:
        fail(exc.message)
    print_report(report, time.monotonic() - began, dry_run)
    if report_file:
        report_file.write_text(json.dumps(report.as_dict(), indent=2))
    if report.documents and report.written + report.unchanged == 0:
        raise typer.Exit(1)


# ------------------------------------------------------------------ serve / demo


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="uvicorn worker processes")] = 1,
) -> None:
    """Serve the graph API (and the explorer page) with uvicorn."""
    import uvicorn

    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="info")


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="API port")] = 8000,
    corpus: Annotated[Path, typer.Option(help="documents to ingest")] = SAMPLE_CORPUS,
) -> None:
    """The main job: local Neo4j (unless NEO4J_URI is set), sample corpus ingested, API served."""
    began = time.monotonic()
    try:
        graph = _connect(None, None, None, None, start_local=True)
        report = run_ingest([corpus], graph, dry_run=False, force=False)
    except TechkgError as exc:
        fail(exc.message)
    print_report(report, time.monotonic() - began, dry_run=False)
    graph.close()
    local = LocalServerSettings()
    settings = Neo4jSettings()
    console.print(f"[bold green]ready[/] in {time.monotonic() - began:.1f}s")
    console.print(f"  API            http://127.0.0.1:{port}/docs  (health: /health)")
    console.print(f"  explorer       http://127.0.0.1:{port}/")
    if settings.uri is None:
        console.print(f"  Neo4j Browser  {local.browser_url}  (bolt {local.bolt_uri}, user "
                      f"{settings.user}, password from NEO4J_PASSWORD, default techkg-local)")
    serve(host="127.0.0.1", port=port, workers=1)


if __name__ == "__main__":
    app()
