"""`techkg`: the command line. Thin: parse input, call graph/ and loaders/, format output."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from api.cli import analytics, model, query, rdf, render
from api.cli.connection import DatabaseOpt, PasswordOpt, UriOpt, UserOpt, neo4j_settings
from api.cli.errors import fail, say
from api.cli.tables import count_table
from graph.errors import TechkgError
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store import server

app = typer.Typer(
    help="techkg: a knowledge graph of the US-China technology competition.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
neo4j_app = typer.Typer(
    help="Run the local Neo4j server (from Maven Central jars).", no_args_is_help=True
)
app.add_typer(neo4j_app, name="neo4j")
console = Console(stderr=True)
SAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "loaders" / "samples" / "seed.jsonl"


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
    typer.echo(
        f"Neo4j running (pid {state.pid}) at {state.bolt_uri}; Neo4j Browser at {state.browser_url}"
    )


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
        typer.echo(
            f"running (pid {state.pid}) at {state.bolt_uri}; browser {state.browser_url}; "
            f"data in {state.home}"
        )
    else:
        typer.echo(f"not running (data in {state.home})")
        raise typer.Exit(3)


# ------------------------------------------------------------------ extract / ingest


@app.command()
def extract(
    input: Annotated[
        Path, typer.Option("--input", "-i", help="documents, JSON Lines ('-' = stdin)")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="extractions, JSON Lines ('-' = stdout)")
    ],
    processes: Annotated[int, typer.Option("--processes", "-p", min=1)] = 1,
    extractor: Annotated[
        str | None, typer.Option(help="spacy (default) or llm; env TECHKG_EXTRACTOR")
    ] = None,
) -> None:
    """Extract entities and relations from documents (the spec's JSON Lines contract)."""
    from graph.model import Extraction
    from loaders.extractors import WhenNeeded
    from loaders.read import ReadError, read_jsonl
    from loaders.sources.files import inspect

    source = Path("/dev/stdin") if str(input) == "-" else input
    found = "file" if source == Path("/dev/stdin") else inspect(source, str(input))
    if found == "directory":
        fail(f"{input}: a directory; extract reads one JSON Lines file")
    elif found != "file":
        fail(str(found))
    items = list(read_jsonl(source))
    docs = [item for item in items if not isinstance(item, ReadError)]
    try:
        extractions = iter(WhenNeeded(extractor).run(docs, n_process=processes))
    except ValueError as exc:  # an unknown extractor name
        fail(str(exc), code=2)
    out = sys.stdout if str(output) == "-" else output.open("w", encoding="utf-8")
    errors = 0
    try:
        for item in items:
            if isinstance(item, ReadError):
                errors += 1
                say("skipped", "yellow", str(item))
                line = Extraction(id=item.doc_id or f"{item.path}:{item.line}", error=item.reason)
            else:
                line = next(extractions)
                errors += line.error is not None
            out.write(
                json.dumps(line.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
                + "\n"
            )
    finally:
        if out is not sys.stdout:
            out.close()
    console.print(f"extracted {len(items)} documents, {errors} with errors")


def _connect(
    uri: str | None, user: str | None, password: str | None, database: str | None, start_local: bool
) -> Any:
    from graph.store.db import connect

    settings = neo4j_settings(uri, user, password, database)
    local = LocalServerSettings()
    if settings.uri is None and start_local:
        with console.status("starting the local Neo4j…"):
            server.start(local, settings.password.get_secret_value())
    return connect(settings, local)


def run_ingest(
    paths: list[str] | list[Path],
    graph: Any,
    dry_run: bool,
    force: bool,
    fmt: str | None = None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    processes: int = 1,
) -> Any:
    from graph.store.schema import apply_schema
    from loaders.extractors import WhenNeeded
    from loaders.ingest import Ingestor, IngestReport, records
    from loaders.sources import Format, read_sources

    if graph is not None:
        apply_schema(graph)
    report = IngestReport()
    ingestor = Ingestor(
        WhenNeeded(), None if dry_run else graph, force=force, processes=processes
    )
    items = read_sources(
        [str(p) for p in paths], Format(fmt) if fmt else None, include or [], exclude or []
    )
    columns = (
        TextColumn("[bold]ingest"),
        BarColumn(),
        TextColumn("{task.completed} documents"),
        TextColumn("{task.fields[stats]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("ingest", total=None, stats="")

        def show(r: IngestReport) -> None:
            progress.update(
                task,
                completed=r.written + r.unchanged + len(r.failed),
                stats=f"{r.written} written, {r.unchanged} unchanged, "
                f"{r.relations} relations, {len(r.failed)} errors",
            )

        try:
            ingestor.run(records(items, report), report, on_progress=show)
        except KeyboardInterrupt:
            report.interrupted = "interrupted (Ctrl-C); run again to resume"
        except TechkgError as exc:
            report.interrupted = f"{exc.message}; run again to resume"
    return report


def print_report(report: Any, seconds: float, dry_run: bool) -> None:
    title = "ingest summary" + (" (dry run: nothing written)" if dry_run else "")
    labels = {"documents": "documents", "written": "written", "unchanged": "unchanged",
              "replaced": "replaced", "relevant": "relevant", "entities": "entities",
              "mentions": "entity mentions", "relations": "relations"}
    rows = [(label, str(getattr(report, key))) for key, label in labels.items()]
    rows += [("failed", str(len(report.failed))), ("warnings", str(len(report.warnings))),
             ("seconds", f"{seconds:.1f}")]
    table = count_table(title, rows)
    console.print(table)
    for failure in report.failed:
        say("failed", "red", str(failure))
    for warning in report.warnings:
        say("warning", "yellow", str(warning))
    if report.interrupted:
        say("stopped:", "bold red", report.interrupted)


FORMATS = ("jsonl", "txt", "md", "html", "feed", "csv", "csl-csv", "csl-json")


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="files, directories (recursive), http(s) URLs or '-' for stdin"),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help=f"force the format: {', '.join(FORMATS)} (default: detected)"
        ),
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option("--include", help="glob of files to read in directories (repeatable)"),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="glob of files to skip in directories (repeatable)"),
    ] = None,
    processes: Annotated[
        int, typer.Option("--processes", "-p", min=1, help="extraction processes")
    ] = 1,
    strict: Annotated[bool, typer.Option("--strict", help="exit 1 if anything failed")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="extract and resolve, write nothing")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="re-extract unchanged documents")] = False,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="write the summary as JSON")
    ] = None,
    uri: UriOpt = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Read documents, extract, resolve and write them to Neo4j; print a summary.

    Exit 1 when nothing landed, when anything failed and --strict is given, or when the run was
    interrupted (run it again to resume); 130 after Ctrl-C."""
    if fmt is not None and fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}", code=2)
    began = time.monotonic()
    graph = None
    try:
        graph = None if dry_run else _connect(uri, user, password, database, start_local=False)
        report = run_ingest(paths, graph, dry_run, force, fmt, include, exclude, processes)
    except TechkgError as exc:
        fail(exc.message)
    finally:
        if graph is not None:
            graph.close()
    seconds = time.monotonic() - began
    print_report(report, seconds, dry_run)
    if report_file:
        summary = {**report.as_dict(), "seconds": round(seconds, 3)}
        report_file.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    if report.interrupted:
        raise typer.Exit(130 if "Ctrl-C" in report.interrupted else 1)
    if report.landed == 0 or (strict and report.failed):
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

    uvicorn.run(
        "api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info"
    )


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
        console.print(
            f"  Neo4j Browser  {local.browser_url}  (bolt {local.bolt_uri}, user "
            f"{settings.user}, password from NEO4J_PASSWORD, default techkg-local)"
        )
    serve(host="127.0.0.1", port=port, workers=1)


app.command("query")(query.query)
app.command("render")(render.render)
app.command("train")(model.train)
app.command("evaluate")(model.evaluate)
rdf.register(app)  # export, import-rdf
app.add_typer(analytics.app, name="analyze")

