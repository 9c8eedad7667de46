"""Read-only Cypher for exploration: writes are refused before they run, in three layers.

1. A text check refuses what a read plan can still do outside the graph (LOAD CSV, periodic
   commits, transactions in subqueries) and admin commands.
2. `EXPLAIN` asks Neo4j for the statement's type; only "r" (read-only) goes on. A CALL of a
   writing procedure plans as "rw" or "w" and is refused here.
3. The statement runs in a READ-mode transaction with a server-side timeout, and at most
   `row_limit` rows are returned.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, LiteralString

import neo4j
from neo4j.graph import Node, Path, Relationship

from graph.errors import InvalidInput, QueryRejected
from graph.read.views import CypherGraph, CypherResult
from graph.store.db import Graph, wrap_errors

_FORBIDDEN = re.compile(
    r"\b(LOAD\s+CSV|PERIODIC\s+COMMIT|IN\s+TRANSACTIONS|CREATE|MERGE|DELETE|DETACH|SET|REMOVE|"
    r"DROP|GRANT|DENY|REVOKE|ALTER|RENAME|START\s+DATABASE|STOP\s+DATABASE|TERMINATE)\b",
    re.IGNORECASE,
)
_STRINGS_AND_COMMENTS = re.compile(
    r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL
)
MAX_QUERY_CHARS = 10_000


def check_text(query: str) -> None:
    if not query.strip():
        raise InvalidInput("the query is empty", field="query")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(f"the query is over {MAX_QUERY_CHARS} characters", field="query")
    # Keywords inside string literals, names in backticks and comments are not clauses.
    bare = _STRINGS_AND_COMMENTS.sub(" ", query)
    found = _FORBIDDEN.search(bare)
    if found:
        raise QueryRejected(
            f"read-only endpoint: '{found.group(0).upper()}' is not allowed",
            keyword=found.group(0).upper(),
        )


def check_plan(graph: Graph, query: LiteralString, params: Mapping[str, Any]) -> None:
    with (
        wrap_errors(),
        graph.driver.session(
            database=graph.database, default_access_mode=neo4j.READ_ACCESS
        ) as session,
    ):
        try:
            summary = session.run("EXPLAIN " + query, dict(params)).consume()
        except neo4j.exceptions.CypherSyntaxError as exc:
            raise InvalidInput(f"Cypher syntax error: {exc.message}", field="query") from exc
        except neo4j.exceptions.ClientError as exc:
            raise InvalidInput(f"Neo4j refused the query: {exc.message}", field="query") from exc
    if summary.query_type != "r":
        raise QueryRejected(
            f"read-only endpoint: the statement is of type '{summary.query_type}', not a read",
            query_type=summary.query_type,
        )


INT64 = (-(2**63), 2**63 - 1)


def check_params(value: Any, path: str = "params") -> None:
    """Neo4j takes 64-bit integers, finite floats and nested lists/maps of them and strings."""
    if isinstance(value, bool) or value is None or isinstance(value, str | float):
        return
    if isinstance(value, int):
        if not INT64[0] <= value <= INT64[1]:
            raise InvalidInput(f"{path}: integer outside the 64-bit range", field=path)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_params(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_params(item, f"{path}[{index}]")
    else:
        raise InvalidInput(
            f"{path}: values of type {type(value).__name__} cannot be sent", field=path
        )


def run_read_only(
    graph: Graph,
    query: str,
    params: Mapping[str, Any] | None = None,
    timeout_s: float = 5.0,
    row_limit: int = 1000,
) -> CypherResult:
    check_text(query)
    statement = query
    params = dict(params or {})
    check_params(params)
    check_plan(graph, statement, params)

    def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[neo4j.Record], bool]:
        result = tx.run(statement, params)
        records: list[neo4j.Record] = []
        for record in result:
            if len(records) == row_limit:
                return list(result.keys()), records, True
            records.append(record)
        return list(result.keys()), records, False

    with (
        wrap_errors(),
        graph.driver.session(
            database=graph.database, default_access_mode=neo4j.READ_ACCESS
        ) as session,
    ):
        try:
            keys, records, truncated = session.execute_read(
                neo4j.unit_of_work(timeout=timeout_s)(work)
            )
        except neo4j.exceptions.ClientError as exc:
            if exc.code and "TransactionTimedOut" in exc.code:
                raise
            raise InvalidInput(f"Neo4j refused the query: {exc.message}", field="query") from exc
    return _result(keys, records, truncated)


def _result(keys: list[str], records: list[neo4j.Record], truncated: bool) -> CypherResult:
    nodes: dict[str, dict[str, Any]] = {}
    rels: dict[str, dict[str, Any]] = {}
    rows = [{key: _plain(record[key], nodes, rels) for key in keys} for record in records]
    graph = CypherGraph(nodes=list(nodes.values()), relationships=list(rels.values()))
    return CypherResult(
        columns=keys, rows=rows, truncated=truncated, graph=graph if nodes or rels else None
    )


def _plain(value: Any, nodes: dict[str, dict[str, Any]], rels: dict[str, dict[str, Any]]) -> Any:
    """Driver values as JSON-ready data, collecting nodes and relationships on the way."""
    if isinstance(value, Node):
        data = {
            "element_id": value.element_id,
            "labels": sorted(value.labels),
            "properties": _plain(dict(value), nodes, rels),
        }
        nodes[value.element_id] = data
        return data
    if isinstance(value, Relationship):
        start = _plain(value.start_node, nodes, rels) if value.start_node else None
        end = _plain(value.end_node, nodes, rels) if value.end_node else None
        data = {
            "element_id": value.element_id,
            "type": value.type,
            "start": start["element_id"] if start else None,
            "end": end["element_id"] if end else None,
            "properties": _plain(dict(value), nodes, rels),
        }
        rels[value.element_id] = data
        return data
    if isinstance(value, Path):
        return {
            "nodes": [_plain(n, nodes, rels) for n in value.nodes],
            "relationships": [_plain(r, nodes, rels) for r in value.relationships],
        }
    if isinstance(value, dict):
        return {k: _plain(v, nodes, rels) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, nodes, rels) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
