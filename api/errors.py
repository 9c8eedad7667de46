"""One JSON error shape for every failure: {"error": {"code", "message", "detail"}}."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from graph.errors import TechkgError

log = logging.getLogger("techkg.api")


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: dict[str, Any] = {}


class ErrorResponse(BaseModel):
    error: ErrorBody


def error_response(status: int, code: str, message: str, **detail: Any) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, detail=detail))
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"))


def http_code(status: int) -> str:
    """A stable code for a bare HTTP status: 404 -> "not_found", 405 -> "method_not_allowed"."""
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "http_error"


def _field(loc: tuple[Any, ...]) -> str:
    # ("query", "limit") -> "limit"; ("body", "documents", 0, "id") -> "documents.0.id"
    if not loc:
        return "request"
    return ".".join(str(p) for p in loc[1:]) or str(loc[0])


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TechkgError)
    async def techkg_error(_: Request, exc: TechkgError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, **exc.detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [
            # A body that is not JSON at all has its offset where a field would be.
            {"field": "body" if e["type"] == "json_invalid" else _field(tuple(e["loc"])),
             "message": e["msg"]}
            for e in exc.errors()
        ]
        first = fields[0] if fields else {"field": "request", "message": "invalid"}
        return error_response(
            422, "invalid_input", f"{first['field']}: {first['message']}", fields=fields
        )

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        """Starlette's own answers (no such route, method not allowed) in the one shape."""
        response = error_response(exc.status_code, http_code(exc.status_code), str(exc.detail))
        response.headers.update(exc.headers or {})  # 405 names the allowed methods
        return response

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        """A bug, not the caller's fault: logged with its traceback, answered without it."""
        log.error("unhandled error answering %s %s", request.method, request.url.path,
                  exc_info=exc)
        return error_response(
            500, "internal_error", "the server failed to answer; the error is in its log"
        )


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "A cursor this API did not issue"},
    404: {"model": ErrorResponse, "description": "Unknown id; detail lists the closest matches"},
    422: {"model": ErrorResponse, "description": "A parameter is invalid; detail names the field"},
    503: {"model": ErrorResponse, "description": "Neo4j cannot be reached or is out of memory"},
}


def errors_for(
    *statuses: int, own: Mapping[int, str] | None = None
) -> dict[int | str, dict[str, Any]]:
    """The documented error responses of a route: the shared ones by status, and the route's
    own, `own={408: "the query timed out"}`, in the same shape."""
    described: dict[int | str, dict[str, Any]] = {
        s: {"model": ErrorResponse, "description": d} for s, d in (own or {}).items()
    }
    return {**described, **{status: ERROR_RESPONSES[status] for status in statuses}}


# Routes that page with a cursor: 400 for a cursor this API did not issue.
PAGED_ERRORS = errors_for(400, 404, 422, 503)
