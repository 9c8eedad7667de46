"""The connection flags every graph command takes, and the connection they open. The driver is
imported only when a command connects, so commands that never do start fast."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from graph.settings import LocalServerSettings, Neo4jSettings

if TYPE_CHECKING:
    from graph.store.db import Graph

UriOpt = Annotated[str | None, typer.Option("--uri", help="Neo4j URI (env NEO4J_URI)")]
UserOpt = Annotated[str | None, typer.Option("--user", help="Neo4j user (env NEO4J_USER)")]
PasswordOpt = Annotated[str | None, typer.Option("--password", help="env NEO4J_PASSWORD")]
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
