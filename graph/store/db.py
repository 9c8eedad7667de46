"""The connection to Neo4j: the only module that builds a driver, and where driver errors become ours."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, LiteralString

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable, SessionExpired

from graph.errors import GraphUnavailable, QueryTimeout, TechkgError
from graph.settings import LocalServerSettings, Neo4jSettings


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
                return [r.data() for r in records]
            return self._read_with_timeout(query, params, timeout)

    def _read_with_timeout(
        self, query: LiteralString, params: Mapping[str, Any] | None, timeout: float
    ) -> list[dict[str, Any]]:
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(query, dict(params or {}))]

        work_with_timeout = neo4j.unit_of_work(timeout=timeout)(work)
        with self.driver.session(
            database=self.database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            return session.execute_read(work_with_timeout)

    def write(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> neo4j.ResultSummary:
        """A managed write transaction; the driver retries transient errors."""
        with wrap_errors():
            _, summary, _ = self.driver.execute_query(
                query, dict(params or {}), routing_=RoutingControl.WRITE, database_=self.database
            )
            return summary

    def ping(self) -> str:
        with wrap_errors():
            info = self.driver.get_server_info()
            return info.agent

    def close(self) -> None:
        self.driver.close()


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
    except ClientError as exc:
        if exc.code and "TransactionTimedOut" in exc.code:
            raise QueryTimeout(f"the query ran past its time limit: {exc.message}") from exc
        raise
    except Neo4jError as exc:
        if exc.code and ("TransactionTimedOut" in exc.code or "Terminated" in exc.code):
            raise QueryTimeout(f"the query ran past its time limit: {exc.message}") from exc
        raise


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
