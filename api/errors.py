"""One JSON error shape for every failure: {"error": {"code", "message", "detail"}}."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from graph.errors import TechkgError


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: dict[str, Any] = {}


class ErrorResponse(BaseModel):
    error: ErrorBody


def error_response(status: int, code: str, message: str, **detail: Any) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, detail=detail))
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TechkgError)
    async def techkg_error(_: Request, exc: TechkgError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, **exc.detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [
            {
                "field": ".".join(str(p) for p in e["loc"][1:]) or str(e["loc"][0]),
                "message": e["msg"],
            }
            for e in exc.errors()
        ]
        first = fields[0] if fields else {"field": "request", "message": "invalid"}
        return error_response(
            422, "invalid_input", f"{first['field']}: {first['message']}", fields=fields
        )


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "Unknown id; detail lists the closest matches"},
    422: {"model": ErrorResponse, "description": "A parameter is invalid; detail names the field"},
    503: {"model": ErrorResponse, "description": "Neo4j cannot be reached"},
}


def errors_for(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented error responses of a route."""
    return {status: ERROR_RESPONSES[status] for status in statuses}
