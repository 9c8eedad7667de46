"""The connection to Neo4j: the only module that builds a driver, and where driver errors become ours.

Driver types stay here too: every row a `Graph` returns has gone through `plain`, the one
converter of driver values, and `batched` is the one chunker of the writes (and of anything else
that works in pieces).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Literal, LiteralString, Protocol, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    CypherSyntaxError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime, Duration, Time

from graph.errors import (
    GraphBusy,
    GraphError,
    GraphUnavailable,
    InvalidInput,
    QueryTimeout,
    QueryTooLarge,
    TechkgError,
    TransactionStopped,
)
from graph.settings import LocalServerSettings, Neo4jSettings

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size`, the last one shorter (Python 3.12's `itertools.batched`)."""
    rest = iter(items)
    while chunk := list(islice(rest, size)):
        yield chunk


@dataclass
class FoundGraph:
    """The nodes and relationships met while converting values, by element id."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    relationships: dict[str, dict[str, Any]] = field(default_factory=dict)


def plain(value: Any, found: FoundGraph | None = None) -> Any:
    """A driver value as plain Python, for the models and JSON: dates and times as Python's
    (ISO text where Python has none: durations, years outside 1..9999); nodes, relationships
    and paths as dicts, collected in `found` when given; lists and maps item by item."""
    if isinstance(value, Date | DateTime | Time):
        try:
            return value.to_native()
        except ValueError:
            return value.iso_format()
    if isinstance(value, Duration):
        return value.iso_format()
    if isinstance(value, Node | Relationship | Path):
        return _graph_value(value, found if found is not None else FoundGraph())
    if isinstance(value, dict):
        return {k: plain(v, found) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, found) for v in value]
    return value


def _graph_value(value: Node | Relationship | Path, found: FoundGraph) -> dict[str, Any]:
    if isinstance(value, Path):
        return {
            "nodes": [_graph_value(n, found) for n in value.nodes],
            "relationships": [_graph_value(r, found) for r in value.relationships],
        }
    if isinstance(value, Node):
        node = {
            "element_id": value.element_id,
            "labels": sorted(value.labels),
            "properties": plain(dict(value), found),
        }
        found.nodes[value.element_id] = node
        return node
    start = _graph_value(value.start_node, found) if value.start_node else None
    end = _graph_value(value.end_node, found) if value.end_node else None
    rel = {
        "element_id": value.element_id,
        "type": value.type,
        "start": start["element_id"] if start else None,
        "end": end["element_id"] if end else None,
        "properties": plain(dict(value), found),
    }
    found.relationships[value.element_id] = rel
    return rel


def _row(record: neo4j.Record, found: FoundGraph | None = None) -> dict[str, Any]:
    # A Record is a tuple of its values; its keys come apart.
    return {key: plain(value, found) for key, value in zip(record.keys(), record, strict=True)}


@dataclass
class Rows:
    """Some rows of a read: the columns, the rows up to the limits, and what they hold."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool
    found: FoundGraph
    truncated_by: Literal["rows", "bytes"] | None = None  # which limit cut the rows


# What EXPLAIN puts before a statement: on a line of its own, so Neo4j's messages keep the
# statement's columns and its lines move by one.
EXPLAIN = "EXPLAIN\n"


@dataclass(frozen=True)
class PlanStep:
    operator: str  # "Expand(All)", without the "@database" suffix
    details: str  # the expressions it evaluates, literals already made parameters


@dataclass(frozen=True)
class Plan:
    """What Neo4j plans a statement as: its type ("r" read only, "rw", "w", "s") and every
    operator of the plan, depth first."""

    query_type: str
    steps: list[PlanStep]


def _steps(plan: Mapping[str, Any] | None) -> Iterator[PlanStep]:
    if not plan:
        return
    arguments = plan.get("args") or plan.get("arguments") or {}
    yield PlanStep(str(plan["operatorType"]).split("@")[0], str(arguments.get("Details", "")))
    for child in plan.get("children", []):
        yield from _steps(child)


def _json_size(value: Any) -> int:
    return len(json.dumps(value, default=str, ensure_ascii=False).encode())


class Statements(Protocol):
    """What the writer needs: a `Graph` (each statement its own transaction) or a `Transaction`."""

    def read(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]: ...

    def write(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> neo4j.ResultSummary: ...


class Transaction:
    """Statements inside one write transaction: none of them is visible until all commit."""

    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self.tx = tx

    def read(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        return [_row(r) for r in self.tx.run(query, dict(params or {}))]

    def write(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> neo4j.ResultSummary:
        return self.tx.run(query, dict(params or {})).consume()


class Graph:
    """A driver bound to one database; every query runs with explicit routing and database."""

    def __init__(self, driver: neo4j.Driver, database: str) -> None:
        self.driver = driver
        self.database = database

    def read(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> list[dict[str, Any]]:
        with wrap_errors():
            if timeout is None:
                records, _, _ = self.driver.execute_query(
                    query, dict(params or {}), routing_=RoutingControl.READ, database_=self.database
                )
                return [_row(r) for r in records]
            return self._read_with_timeout(query, params, timeout)

    def _read_with_timeout(
        self, query: LiteralString, params: Mapping[str, Any] | None, timeout: float
    ) -> list[dict[str, Any]]:
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [_row(r) for r in tx.run(query, dict(params or {}))]

        with self._read_session() as session:
            return session.execute_read(neo4j.unit_of_work(timeout=timeout)(work))

    def read_some(
        self,
        query: str,
        params: Mapping[str, Any],
        timeout: float,
        row_limit: int,
        byte_limit: int | None = None,
    ) -> Rows:
        """Rows of a statement whose plan was checked read-only, until `row_limit` rows or until
        their JSON (and the nodes' and relationships') passes `byte_limit`: reading stops there
        and the transaction's end tells Neo4j to stop too. One READ transaction with a
        server-side timeout and no retries (a retried out-of-memory query only runs out of
        memory again). Neo4j's refusals are ours: see `_refusals`."""
        with (
            wrap_errors(),
            _refusals(),
            self._read_session() as session,
            session.begin_transaction(timeout=timeout) as tx,
        ):
            return _collect(tx.run(query, dict(params)), row_limit, byte_limit)

    def plan(self, query: str, params: Mapping[str, Any], timeout: float) -> Plan:
        """Neo4j's plan of the statement by EXPLAIN (nothing runs), planned under `timeout`
        (QueryTimeout past it). A statement Neo4j cannot plan is InvalidInput with Neo4j's
        message, positions counted in `EXPLAIN` + query."""
        statement = neo4j.Query(EXPLAIN + query, timeout=timeout)
        with wrap_errors(), _refusals(), self._read_session() as session:
            summary = session.run(statement, dict(params)).consume()
        return Plan(str(summary.query_type), list(_steps(summary.plan)))

    def version(self) -> str:
        """Changes with every committed write: the bookmarks a fresh read transaction ends with."""
        with wrap_errors(), self._read_session() as session:
            session.execute_read(lambda tx: tx.run("RETURN 1").consume())
            return ",".join(sorted(session.last_bookmarks().raw_values))

    def _read_session(self) -> neo4j.Session:
        return self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS)

    def write(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> neo4j.ResultSummary:
        """A managed write transaction; the driver retries transient errors."""
        with wrap_errors():
            _, summary, _ = self.driver.execute_query(
                query, dict(params or {}), routing_=RoutingControl.WRITE, database_=self.database
            )
            return summary

    def in_transaction(
        self, work: Callable[[Transaction], T], metadata: Mapping[str, Any] | None = None
    ) -> T:
        """`work` in one managed write transaction: committed whole or rolled back whole. The
        driver runs it again on transient errors, so `work` must only talk to Neo4j. `metadata`
        shows in SHOW TRANSACTIONS (an operator can tell an ingest's transactions apart)."""

        def unit(tx: neo4j.ManagedTransaction) -> T:
            return work(Transaction(tx))

        with wrap_errors(), self.driver.session(database=self.database) as session:
            return session.execute_write(neo4j.unit_of_work(metadata=dict(metadata or {}))(unit))

    def ping(self) -> str:
        with wrap_errors():
            info = self.driver.get_server_info()
            return info.agent

    def close(self) -> None:
        self.driver.close()


def _collect(result: neo4j.Result, row_limit: int, byte_limit: int | None) -> Rows:
    columns = list(result.keys())
    found = FoundGraph()
    rows: list[dict[str, Any]] = []
    size = 0
    for record in result:
        if len(rows) == row_limit:
            return Rows(columns, rows, True, found, "rows")
        mine = FoundGraph()
        row = _row(record, mine)
        new = [v for k, v in mine.nodes.items() if k not in found.nodes]
        new += [v for k, v in mine.relationships.items() if k not in found.relationships]
        size += _json_size(row) + (_json_size(new) if new else 0)
        if byte_limit is not None and size > byte_limit:
            return Rows(columns, rows, True, found, "bytes")
        found.nodes.update(mine.nodes)
        found.relationships.update(mine.relationships)
        rows.append(row)
    return Rows(columns, rows, False, found)


@contextmanager
def _refusals() -> Iterator[None]:
    """Neo4j refusing a statement someone wrote (the console's, a saved query): its message as
    InvalidInput on the query; a transaction past Neo4j's memory limit as QueryTooLarge.
    Timeouts, terminations and the heap running out pass on to wrap_errors."""
    try:
        yield
    except CypherSyntaxError as exc:
        raise InvalidInput(f"Cypher syntax error: {exc.message}", field="query") from exc
    except ClientError as exc:
        if any(name in (exc.code or "") for name in ("TransactionTimedOut", "Terminated",
                                                     "LockClientStopped")):
            raise
        raise InvalidInput(f"Neo4j refused the query: {exc.message}", field="query") from exc
    except TransientError as exc:
        if "MemoryPoolOutOfMemoryError" in (exc.code or ""):
            raise QueryTooLarge(
                f"the query needed more memory than one transaction may use: {exc.message}"
            ) from exc
        raise


@contextmanager
def wrap_errors() -> Iterator[None]:
    try:
        yield
    except TechkgError:
        raise
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        raise GraphUnavailable(f"Neo4j is not reachable: {exc}") from exc
    except AuthError as exc:
        raise GraphUnavailable(f"Neo4j refused the credentials: {exc.message}") from exc
    except Neo4jError as exc:
        raise _ours(exc) from exc


# A transaction stopped from outside, by TERMINATE TRANSACTION or its timeout (LockClientStopped
# when it was waiting for a lock then).
_STOPPED = ("Terminated", "LockClientStopped")


def _ours(exc: Neo4jError) -> TechkgError:
    code = exc.code or ""
    if "TransactionTimedOut" in code:
        return QueryTimeout(f"the query ran past its time limit: {exc.message}")
    if any(name in code for name in _STOPPED):
        return TransactionStopped(f"the transaction was stopped before it finished: {exc.message}")
    if isinstance(exc, TransientError):
        return GraphBusy(
            f"Neo4j cannot do this now (out of memory or busy; retried): {exc.message}",
            neo4j_code=code,
        )
    # Callers that run the user's Cypher catch ClientError themselves (InvalidInput); one that
    # reaches here is a statement of ours Neo4j refused, or Neo4j failing.
    return GraphError(f"Neo4j failed the statement: {exc.message}", neo4j_code=code)


def resolve_uri(settings: Neo4jSettings, local: LocalServerSettings) -> str:
    return settings.uri or local.bolt_uri


def connect(
    settings: Neo4jSettings | None = None,
    local: LocalServerSettings | None = None,
    retry_s: float = 15.0,
) -> Graph:
    """Open a driver for NEO4J_URI, or for the local managed server when none is set.

    `retry_s` bounds how long transient failures are retried: long for ingest (a restarting
    server comes back), short for the API (a request should fail fast with 503).
    """
    settings = settings or Neo4jSettings()
    local = local or LocalServerSettings()
    driver = GraphDatabase.driver(
        resolve_uri(settings, local),
        auth=(settings.user, settings.password.get_secret_value()),
        connection_acquisition_timeout=10.0,
        connection_timeout=5.0,
        max_transaction_retry_time=retry_s,
        # Warnings such as "property key does not exist" on an empty graph are noise here.
        notifications_min_severity="OFF",
    )
    return Graph(driver, settings.database)
