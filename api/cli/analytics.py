"""`techkg analyze …`: network measures and the competition view, as a table or JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from api.cli.rdf import DatabaseOpt, PasswordOpt, UriOpt, UserOpt, fail, open_graph
from graph.analytics import competition, measures
from graph.analytics.measures import Filters
from graph.errors import TechkgError
from graph.ontology import EntityType, RelationType
from graph.store.db import Graph

app = typer.Typer(help="Network measures and the competition view of the graph.",
                  no_args_is_help=True)
out = Console()

TypesOpt = Annotated[list[RelationType] | None, typer.Option("--type", help="relation types")]
SinceOpt = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="from day")]
UntilOpt = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="to day")]
ConfOpt = Annotated[float | None, typer.Option("--min-confidence", min=0.0, max=1.0)]
EntityTypesOpt = Annotated[list[EntityType] | None,
                           typer.Option("--entity-type", help="entity types of both ends")]
JsonOpt = Annotated[bool, typer.Option("--json", help="print the result as JSON")]
TopOpt = Annotated[int, typer.Option(min=1, max=1000, help="rows")]


def filters_of(types: list[RelationType] | None, since: dt.datetime | None,
               until: dt.datetime | None, min_confidence: float | None,
               entity_types: list[EntityType] | None) -> Filters:
    return Filters(relation_types=types or None, since=since.date() if since else None,
                   until=until.date() if until else None, min_confidence=min_confidence,
                   entity_types=entity_types or None)


def run(compute: Callable[[Graph], BaseModel], as_json: bool,
        rows: Callable[[Any], tuple[list[str], list[list[str]]]], conn: dict[str, Any]) -> None:
    try:
        graph = open_graph(**conn)
        try:
            result = compute(graph)
        finally:
            graph.close()
    except TechkgError as exc:
        raise fail(exc) from exc
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    columns, body = rows(result)
    size = getattr(result, "size", None)
    table = Table(title=f"{size.nodes} nodes, {size.edges} edges" if size else None)
    for column in columns:
        table.add_column(column)
    for row in body:
        table.add_row(*row)
    out.print(table)


def ranking_rows(result: measures.Ranking) -> tuple[list[str], list[list[str]]]:
    return (["entity", "type", result.measure],
            [[i.name, i.type.value, f"{i.value:.4f}"] for i in result.items])


def _conn(uri: str | None, user: str | None, password: str | None,
          database: str | None) -> dict[str, Any]:
    return {"uri": uri, "user": user, "password": password, "database": database}


@app.command()
def pagerank(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
             min_confidence: ConfOpt = None, entity_types: EntityTypesOpt = None,
             top: TopOpt = 20, as_json: JsonOpt = False, uri: UriOpt = None,
             user: UserOpt = None, password: PasswordOpt = None,
             database: DatabaseOpt = None) -> None:
    """PageRank of the entities."""
    f = filters_of(types, since, until, min_confidence, entity_types)
    run(lambda g: measures.pagerank(g, f, top), as_json, ranking_rows,
        _conn(uri, user, password, database))


@app.command()
def betweenness(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
                min_confidence: ConfOpt = None, entity_types: EntityTypesOpt = None,
                top: TopOpt = 20, as_json: JsonOpt = False, uri: UriOpt = None,
                user: UserOpt = None, password: PasswordOpt = None,
                database: DatabaseOpt = None) -> None:
    """Betweenness centrality (brokers between parts of the graph)."""
    f = filters_of(types, since, until, min_confidence, entity_types)
    run(lambda g: measures.betweenness(g, f, top), as_json, ranking_rows,
        _conn(uri, user, password, database))


@app.command()
def degree(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
           min_confidence: ConfOpt = None, entity_types: EntityTypesOpt = None,
           top: TopOpt = 20, as_json: JsonOpt = False, uri: UriOpt = None,
           user: UserOpt = None, password: PasswordOpt = None,
           database: DatabaseOpt = None) -> None:
    """Degree by relation type, in and out."""
    f = filters_of(types, since, until, min_confidence, entity_types)
    run(lambda g: measures.degree_by_type(g, f, top), as_json,
        lambda r: (["entity", "total", "out", "in"],
                   [[i.name, str(i.total), _counts(i.out_degree), _counts(i.in_degree)]
                    for i in r.items]), _conn(uri, user, password, database))


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


@app.command()
def communities(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
                min_confidence: ConfOpt = None, entity_types: EntityTypesOpt = None,
                seed: Annotated[int, typer.Option(help="Louvain seed")] = measures.SEED,
                as_json: JsonOpt = False, uri: UriOpt = None, user: UserOpt = None,
                password: PasswordOpt = None, database: DatabaseOpt = None) -> None:
    """Louvain communities."""
    f = filters_of(types, since, until, min_confidence, entity_types)
    run(lambda g: measures.communities(g, f, seed), as_json,
        lambda r: (["#", "size", "members"], [[str(n), str(len(c)), ", ".join(c[:12])]
                                              for n, c in enumerate(r.communities, 1)]),
        _conn(uri, user, password, database))


@app.command()
def kcore(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
          min_confidence: ConfOpt = None, entity_types: EntityTypesOpt = None,
          k: Annotated[int | None, typer.Option(min=0, help="default: the largest")] = None,
          as_json: JsonOpt = False, uri: UriOpt = None, user: UserOpt = None,
          password: PasswordOpt = None, database: DatabaseOpt = None) -> None:
    """The k-core: the entities with at least k neighbours inside it."""
    f = filters_of(types, since, until, min_confidence, entity_types)
    run(lambda g: measures.kcore(g, f, k), as_json,
        lambda r: (["k", "members"], [[str(r.k), ", ".join(r.members)]]),
        _conn(uri, user, password, database))


@app.command()
def chokepoints(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
                min_confidence: ConfOpt = None, entity_types: EntityTypesOpt = None,
                as_json: JsonOpt = False, uri: UriOpt = None, user: UserOpt = None,
                password: PasswordOpt = None, database: DatabaseOpt = None) -> None:
    """Bridges and articulation points."""
    f = filters_of(types, since, until, min_confidence, entity_types)
    run(lambda g: measures.chokepoints(g, f), as_json,
        lambda r: (["kind", "where"], [["articulation point", p] for p in r.articulation_points]
                   + [["bridge", f"{a} — {b}"] for a, b in r.bridges]),
        _conn(uri, user, password, database))


@app.command()
def timeline(entity: Annotated[str, typer.Argument(help="entity id")],
             types: TypesOpt = None, min_confidence: ConfOpt = None,
             as_json: JsonOpt = False, uri: UriOpt = None, user: UserOpt = None,
             password: PasswordOpt = None, database: DatabaseOpt = None) -> None:
    """An entity's PageRank, betweenness and degree at the end of each month."""
    f = filters_of(types, None, None, min_confidence, None)
    run(lambda g: measures.timeline(g, entity, f), as_json,
        lambda r: (["month", "pagerank", "betweenness", "degree"],
                   [[m.month, f"{m.pagerank:.4f}", f"{m.betweenness:.4f}", str(m.degree)]
                    for m in r.months]), _conn(uri, user, password, database))


@app.command("competition")
def competition_view(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
                     min_confidence: ConfOpt = None, top: TopOpt = 10, as_json: JsonOpt = False,
                     uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
                     database: DatabaseOpt = None) -> None:
    """Relations per month between and within US-and-allies, China and other."""
    f = filters_of(types, since, until, min_confidence, None)
    run(lambda g: competition.competition(g, f, top), as_json,
        lambda r: (["month", "relation", "from", "to", "count"],
                   [[c.month, c.relation_type.value, c.from_side.value, c.to_side.value,
                     str(c.count)] for c in r.monthly]), _conn(uri, user, password, database))


@app.command()
def responses(window: Annotated[int, typer.Option(min=1, max=3650, help="days")] = 90,
              as_json: JsonOpt = False, uri: UriOpt = None, user: UserOpt = None,
              password: PasswordOpt = None, database: DatabaseOpt = None) -> None:
    """Restricting actions by one side and the other side's responses within a window."""
    run(lambda g: competition.action_responses(g, window), as_json,
        lambda r: (["date", "action", "response"],
                   [[str(c.action.date), f"{c.action.subject_name} {c.action.type.value} "
                     f"{c.action.object_name}", "; ".join(
                         f"{x.date} {x.subject_name} {x.type.value} {x.object_name}"
                         for x in c.responses)] for c in r.chains]),
        _conn(uri, user, password, database))
