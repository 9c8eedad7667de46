"""`techkg analyze …`: network measures and the competition view, as tables (entities by name)
or JSON. networkx and the driver load only when a command runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console

from api.cli.connection import (
    DatabaseOpt,
    PasswordOpt,
    UriOpt,
    UserOpt,
    open_graph,
    with_graph,
)
from api.cli.tables import text_table
from graph.ontology import EntityType, RelationType
from graph.read.filters import RelationFilter

if TYPE_CHECKING:
    from graph.analytics.competition import ActionResponses, CompetitionView
    from graph.analytics.measures import Chokepoints, Communities, KCore, Ranking, Timeline
    from graph.store.db import Graph

app = typer.Typer(help="Network measures and the competition view of the graph.",
                  no_args_is_help=True)
out = Console()
R = TypeVar("R", bound=BaseModel)
# One table of a result: its title (None: just the graph's size), columns and rows.
Section = tuple[str | None, list[str], list[list[str]]]

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
               entity_types: list[EntityType] | None) -> RelationFilter:
    return RelationFilter(relation_types=types or None, since=since.date() if since else None,
                          until=until.date() if until else None, min_confidence=min_confidence,
                          entity_types=entity_types or None)


def run(compute: Callable[[Graph], R], as_json: bool, sections: Callable[[R], list[Section]],
        conn: dict[str, Any]) -> None:
    result = with_graph(lambda: open_graph(**conn), compute)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    size = getattr(result, "size", None)
    if size:
        out.print(f"{size.nodes} nodes, {size.edges} edges")
    for title, columns, rows in sections(result):
        out.print(text_table(title, columns, rows))


def ranking_sections(result: Ranking) -> list[Section]:
    return [(None, ["entity", "type", result.measure],
             [[i.name, i.type.value, f"{i.value:.4f}"] for i in result.items])]


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
    from graph.analytics import measures

    f = filters_of(types, since, until, min_confidence, entity_types)
    run(lambda g: measures.pagerank(g, f, top), as_json, ranking_sections,
        _conn(uri, user, password, database))


@app.command()
def betweenness(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
                min_confidence: ConfOpt = None, entity_types: EntityTypesOpt = None,
                top: TopOpt = 20, as_json: JsonOpt = False, uri: UriOpt = None,
                user: UserOpt = None, password: PasswordOpt = None,
                database: DatabaseOpt = None) -> None:
    """Betweenness centrality (brokers between parts of the graph)."""
    from graph.analytics import measures

    f = filters_of(types, since, until, min_confidence, entity_types)
    run(lambda g: measures.betweenness(g, f, top), as_json, ranking_sections,
        _conn(uri, user, password, database))


@app.command()
def degree(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
           min_confidence: ConfOpt = None, entity_types: EntityTypesOpt = None,
           top: TopOpt = 20, as_json: JsonOpt = False, uri: UriOpt = None,
           user: UserOpt = None, password: PasswordOpt = None,
           database: DatabaseOpt = None) -> None:
    """Degree by relation type, in and out."""
    from graph.analytics import measures

    f = filters_of(types, since, until, min_confidence, entity_types)
    run(lambda g: measures.degree_by_type(g, f, top), as_json,
        lambda r: [(None, ["entity", "total", "out", "in"],
                    [[i.name, str(i.total), _counts(i.out_degree), _counts(i.in_degree)]
                     for i in r.items])], _conn(uri, user, password, database))


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def community_sections(r: Communities) -> list[Section]:
    return [(f"{len(r.communities)} communities, modularity {r.modularity:.4f}",
             ["#", "size", "members"],
             [[str(n), str(len(c)), ", ".join(r.names[i] for i in c[:12])
               + (f" … and {len(c) - 12} more" if len(c) > 12 else "")]
              for n, c in enumerate(r.communities, 1)])]


@app.command()
def communities(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
                min_confidence: ConfOpt = None, entity_types: EntityTypesOpt = None,
                seed: Annotated[int | None, typer.Option(
                    min=0, help="Louvain seed (default: a fixed one, so runs repeat)")] = None,
                as_json: JsonOpt = False, uri: UriOpt = None, user: UserOpt = None,
                password: PasswordOpt = None, database: DatabaseOpt = None) -> None:
    """Louvain communities."""
    from graph.analytics import measures

    f = filters_of(types, since, until, min_confidence, entity_types)
    chosen = measures.SEED if seed is None else seed
    run(lambda g: measures.communities(g, f, chosen), as_json, community_sections,
        _conn(uri, user, password, database))


def kcore_sections(r: KCore) -> list[Section]:
    return [(f"the {r.k}-core: {len(r.members)} entities", ["entity", "core number"],
             [[r.names[m], str(r.core_numbers[m])] for m in r.members])]


@app.command()
def kcore(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
          min_confidence: ConfOpt = None, entity_types: EntityTypesOpt = None,
          k: Annotated[int | None, typer.Option(min=0, help="default: the largest")] = None,
          as_json: JsonOpt = False, uri: UriOpt = None, user: UserOpt = None,
          password: PasswordOpt = None, database: DatabaseOpt = None) -> None:
    """The k-core: the entities with at least k neighbours inside it."""
    from graph.analytics import measures

    f = filters_of(types, since, until, min_confidence, entity_types)
    run(lambda g: measures.kcore(g, f, k), as_json, kcore_sections,
        _conn(uri, user, password, database))


def chokepoint_sections(r: Chokepoints) -> list[Section]:
    return [(None, ["kind", "where"],
             [["articulation point", r.names[p]] for p in r.articulation_points]
             + [["bridge", f"{r.names[a]} — {r.names[b]}"] for a, b in r.bridges])]


@app.command()
def chokepoints(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
                min_confidence: ConfOpt = None, entity_types: EntityTypesOpt = None,
                as_json: JsonOpt = False, uri: UriOpt = None, user: UserOpt = None,
                password: PasswordOpt = None, database: DatabaseOpt = None) -> None:
    """Bridges and articulation points."""
    from graph.analytics import measures

    f = filters_of(types, since, until, min_confidence, entity_types)
    run(lambda g: measures.chokepoints(g, f), as_json, chokepoint_sections,
        _conn(uri, user, password, database))


def timeline_sections(r: Timeline) -> list[Section]:
    return [(f"{r.name} ({r.entity}), month by month",
             ["month", "pagerank", "betweenness", "degree"],
             [[m.month, f"{m.pagerank:.4f}", f"{m.betweenness:.4f}", str(m.degree)]
              for m in r.months])]


@app.command()
def timeline(entity: Annotated[str, typer.Argument(help="entity id, name or alias")],
             types: TypesOpt = None, min_confidence: ConfOpt = None,
             as_json: JsonOpt = False, uri: UriOpt = None, user: UserOpt = None,
             password: PasswordOpt = None, database: DatabaseOpt = None) -> None:
    """An entity's PageRank, betweenness and degree at the end of each month."""
    from graph.analytics import measures

    f = filters_of(types, None, None, min_confidence, None)
    run(lambda g: measures.timeline(g, entity, f), as_json, timeline_sections,
        _conn(uri, user, password, database))


def competition_sections(r: CompetitionView) -> list[Section]:
    """The whole view, as `--json` has it: sides, monthly counts, top targets, weekly growth."""
    return [
        ("entities per side", ["side", "entities"],
         [[side.value, str(n)] for side, n in r.sides.items()]),
        ("relations per month, side to side", ["month", "relation", "from", "to", "count"],
         [[c.month, c.relation_type.value, c.from_side.value, c.to_side.value, str(c.count)]
          for c in r.monthly]),
        ("each side's top targets", ["side", "target", "relations"],
         [[side.value, t.name, f"{t.value:g}"] for side, targets in r.targets.items()
          for t in targets]),
        ("new per week (from Monday)", ["week", "entities", "relations"],
         [[str(w.week), str(w.new_entities), str(w.new_relations)] for w in r.weekly]),
    ]


@app.command("competition")
def competition_view(types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None,
                     min_confidence: ConfOpt = None, top: TopOpt = 10, as_json: JsonOpt = False,
                     uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
                     database: DatabaseOpt = None) -> None:
    """Relations per month between and within US-and-allies, China and other; each side's top
    targets; new entities and relations per week."""
    from graph.analytics import competition

    f = filters_of(types, since, until, min_confidence, None)
    run(lambda g: competition.competition(g, f, top), as_json, competition_sections,
        _conn(uri, user, password, database))


def response_sections(r: ActionResponses) -> list[Section]:
    return [(f"{len(r.chains)} of {r.actions} restricting actions drew a response within "
             f"{r.window_days} days", ["date", "action", "response"],
             [[str(c.action.date), f"{c.action.subject_name} {c.action.type.value} "
               f"{c.action.object_name}", "; ".join(
                   f"{x.date} {x.subject_name} {x.type.value} {x.object_name}"
                   for x in c.responses)] for c in r.chains])]


@app.command()
def responses(window: Annotated[int, typer.Option(min=1, max=3650, help="days")] = 90,
              as_json: JsonOpt = False, uri: UriOpt = None, user: UserOpt = None,
              password: PasswordOpt = None, database: DatabaseOpt = None) -> None:
    """Restricting actions by one side and the other side's responses within a window."""
    from graph.analytics import competition

    run(lambda g: competition.action_responses(g, window), as_json, response_sections,
        _conn(uri, user, password, database))
