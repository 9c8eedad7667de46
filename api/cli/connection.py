"""The connection flags every graph command takes, and the connection they open. The driver is
imported only when a command connects, so commands that never do start fast."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from api.cli.errors import exit_on
from graph.errors import TechkgError
from graph.settings import LocalServerSettings, Neo4jSettings

if TYPE_CHECKING:
    from graph.store.db import Graph

UriOpt = Annotated[str | None, typer.Option("--uri", help="Neo4j URI (env NEO4J_URI)")]
UserOpt = Annotated[str | None, typer.Option("--user", help="Neo4j user (env NEO4J_USER)")]
PasswordOpt = Annotated[str | None, typer.Option("--password", help="env NEO4J_PASSWORD")]
R = TypeVar("R")
DatabaseOpt = Annotated[str | None, typer.Option("--database", help="env NEO4J_DATABASE")]


def neo4j_settings(
    uri: str | None, user: str | None, password: str | None, database: str | None
) -> Neo4jSettings:
    """Flags override the environment, which overrides the defaults."""
    flags = {"uri": uri, "user": user, "password": password, "database": database}
    return Neo4jSettings(**{k: v for k, v in flags.items() if v is not None})  # type: ignore[arg-type]


def open_graph(
    uri: str | None, user: str | None, password: str | None, database: str | None
) -> Graph:
    from graph.store.db import connect

    return connect(neo4j_settings(uri, user, password, database), LocalServerSettings())


def with_graph(open_: Callable[[], Graph], work: Callable[[Graph], R]) -> R:
    """Open the graph, do the work, close it; a techkg error (Neo4j unreachable, an unknown id)
    ends the command with its message."""
    try:
        graph = open_()
        try:
            return work(graph)
        finally:
            graph.close()
    except TechkgError as exc:
        exit_on(exc)
