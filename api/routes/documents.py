"""Ingest documents over HTTP, behind an API key.

The guards run before FastAPI reads the body: the key first (no key configured: 403; a wrong
one: 401), then the size, read in chunks under `TECHKG_INGEST_MAX_BYTES` (413). A posted batch
is written in one transaction, so it lands whole or not at all."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request, Response, Security
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, Field
from starlette.types import Message

from api.deps import (
    API_KEY_HEADER,
    GraphDep,
    get_settings,
    read_capped_body,
    require_api_key,
)
from api.errors import errors_for
from graph.model import Document
from graph.store.schema import apply_schema
from loaders.ingest import Ingestor, IngestReport

MAX_DOCUMENTS = 200


class GuardedRoute(APIRoute):
    """Checks the key and reads the capped body, then hands FastAPI a request that replays it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            settings = get_settings(request)
            require_api_key(settings, request.headers.get(API_KEY_HEADER))
            body = await read_capped_body(request, settings.ingest_max_bytes)

            async def replay() -> Message:
                return {"type": "http.request", "body": body, "more_body": False}

            return await handler(Request(request.scope, replay))

        return guarded


router = APIRouter(tags=["documents"], route_class=GuardedRoute)
# Documents the header (Swagger UI's "Authorize"); GuardedRoute is what checks it.
api_key_scheme = APIKeyHeader(name=API_KEY_HEADER, auto_error=False)


class DocumentsIn(BaseModel):
    model_config = {"extra": "forbid"}
    documents: list[Document] = Field(min_length=1, max_length=MAX_DOCUMENTS)


class IngestOut(BaseModel):
    documents: int
    written: int
    unchanged: int
    relevant: int
    entities: int
    relations: int
    failed: list[dict[str, str]]


def _pipeline(request: Request) -> Any:
    """The extractor is heavy (spaCy): built on first use, then kept for the app's life."""
    if getattr(request.app.state, "pipeline", None) is None:
        from loaders.extractors import build_extractor

        request.app.state.pipeline = build_extractor()
    return request.app.state.pipeline


@router.post(
    "/documents",
    response_model=IngestOut,
    responses=errors_for(422, 503, own={
        401: "missing or wrong API key",
        403: "ingest over HTTP disabled (no key set)",
        413: "body past TECHKG_INGEST_MAX_BYTES",
    }),
    dependencies=[Security(api_key_scheme)],
    summary="Ingest documents (the extraction contract's JSON); needs X-API-Key",
)
def post_documents(body: DocumentsIn, request: Request, graph: GraphDep) -> IngestOut:
    apply_schema(graph)
    report = IngestReport(documents=len(body.documents))
    # One write batch for the whole post: one transaction, so it lands whole or not at all.
    # Neo4j gone is a 503 now (the driver has retried), not minutes of retrying here.
    ingestor = Ingestor(_pipeline(request), graph, batch_size=len(body.documents), retry_s=0.0)
    ingestor.run(body.documents, report)
    return IngestOut.model_validate(report.as_dict())
