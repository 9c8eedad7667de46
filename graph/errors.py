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


class LocalServerError(TechkgError):
    """The local managed Neo4j could not be installed, started or stopped."""

    code = "local_server_error"
    status = 500
