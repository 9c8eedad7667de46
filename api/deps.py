"""Dependencies: the graph comes from the app's state, built in the lifespan (tests override);
the ingest's guards (key, body size) run before anything reads the body."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from graph.errors import Forbidden, PayloadTooLarge, Unauthorized
from graph.settings import ApiSettings
from graph.store.db import Graph

API_KEY_HEADER = "X-API-Key"


def get_graph(request: Request) -> Graph:
    graph: Graph = request.app.state.graph
    return graph


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.api_settings
    return settings


GraphDep = Annotated[Graph, Depends(get_graph)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]


def require_api_key(settings: ApiSettings, sent: str | None) -> None:
    """Forbidden while no key is configured (blank counts as none); Unauthorized unless `sent`
    is the key. Compared as bytes in constant time: the header arrives decoded as Latin-1, so
    encoding it back gives the bytes the client sent, whatever they are."""
    if settings.api_key is None:
        raise Forbidden("ingest over HTTP is disabled: set TECHKG_API_KEY to a non-blank key")
    key = settings.api_key.get_secret_value().encode("utf-8")
    if sent is None or not hmac.compare_digest(sent.encode("latin-1"), key):
        raise Unauthorized(f"missing or wrong {API_KEY_HEADER} header")


async def read_capped_body(request: Request, limit: int) -> bytes:
    """The body, read chunk by chunk and refused as soon as it passes `limit` bytes (a declared
    Content-Length past it is refused before reading anything)."""
    too_large = PayloadTooLarge(
        f"the body is larger than the {limit} bytes this server takes (TECHKG_INGEST_MAX_BYTES)",
        limit=limit,
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)
