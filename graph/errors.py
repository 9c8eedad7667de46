"""One error tree. Each error carries a stable code and the HTTP status the API answers with."""

from __future__ import annotations

from typing import Any


class TechkgError(Exception):
    code = "techkg_error"
    status = 500

    def __init__(self, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class InvalidInput(TechkgError):
    code = "invalid_input"
    status = 422


class InvalidCursor(InvalidInput):
    """A paging cursor this API did not issue (or one decoding to an offset Neo4j cannot take)."""

    status = 400


class PayloadTooLarge(TechkgError):
    code = "payload_too_large"
    status = 413


class NotFound(TechkgError):
    code = "not_found"
    status = 404


class Forbidden(TechkgError):
    code = "forbidden"
    status = 403


class Unauthorized(TechkgError):
    code = "unauthorized"
    status = 401


class QueryRejected(TechkgError):
    """A Cypher statement refused before it ran (a write through the read-only endpoint)."""

    code = "query_rejected"
    status = 400


class QueryTimeout(TechkgError):
    code = "query_timeout"
    status = 408


class TransactionStopped(QueryTimeout):
    """Neo4j stopped the transaction from outside (TERMINATE TRANSACTION, or the server's
    timeout while it waited for a lock): trying again at once is not the answer."""


class QueryTooLarge(TechkgError):
    """A read needed more memory than Neo4j lets one transaction use (db.memory.transaction.max)."""

    code = "query_too_large"
    status = 413


class TooManyRequests(TechkgError):
    """A client already has as many requests running as it may."""

    code = "too_many_requests"
    status = 429


class GraphUnavailable(TechkgError):
    """Neo4j cannot be reached or refused the connection."""

    code = "graph_unavailable"
    status = 503


class GraphBusy(TechkgError):
    """Neo4j refused for now (out of memory, too busy, a deadlock) after the driver's retries."""

    code = "graph_busy"
    status = 503


class GraphError(TechkgError):
    """Neo4j failed a statement for a reason none of the other errors names."""

    code = "graph_error"
    status = 500


class LocalServerError(TechkgError):
    """The local managed Neo4j could not be installed, started or stopped."""

    code = "local_server_error"
    status = 500
