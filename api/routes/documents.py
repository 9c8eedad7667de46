"""Ingest documents over HTTP, behind an API key."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, Field

from api.deps import GraphDep, SettingsDep
from api.errors import ERROR_RESPONSES, ErrorResponse
from graph.errors import Forbidden, Unauthorized
from graph.model import Document
from graph.store.schema import apply_schema
from loaders.ingest import Ingestor, IngestReport

router = APIRouter(tags=["documents"])


class DocumentsIn(BaseModel):
    model_config = {"extra": "forbid"}
    documents: list[Document] = Field(min_length=1, max_length=200)


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
    responses={
        401: {"model": ErrorResponse, "description": "missing or wrong API key"},
        403: {"model": ErrorResponse, "description": "ingest over HTTP disabled"},
        **{k: ERROR_RESPONSES[k] for k in (422, 503)},
    },
    summary="Ingest documents (the extraction contract's JSON); needs X-API-Key",
)
def post_documents(
    body: DocumentsIn,
    request: Request,
    graph: GraphDep,
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header()] = None,
) -> IngestOut:
    if settings.api_key is None:
        raise Forbidden("ingest over HTTP is disabled: set TECHKG_API_KEY to enable it")
    if x_api_key is None or not secrets.compare_digest(
        x_api_key, settings.api_key.get_secret_value()
    ):
        raise Unauthorized("missing or wrong X-API-Key header")
    apply_schema(graph)
    report = IngestReport(documents=len(body.documents))
    Ingestor(_pipeline(request), graph).run(body.documents, report)
    data = report.as_dict()
    return IngestOut.model_validate(data)
