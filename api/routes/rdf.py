"""The graph as RDF: Turtle, JSON-LD or N-Triples, streamed page by page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import GraphDep
from api.errors import errors_for
from graph.rdf import MEDIA_TYPES, RdfFormat, export
from graph.read.entities import resolve_entity

router = APIRouter(tags=["rdf"])


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={**errors_for(404, 422, 503),
               200: {"description": "the export, streamed",
                     "content": {m: {} for m in MEDIA_TYPES.values()}}},
    summary="The graph (or an entity's neighbourhood) as RDF, with evidence reified",
)
def get_export(
    graph: GraphDep,
    format: Annotated[RdfFormat, Query(description="ttl, jsonld or nt")] = RdfFormat.TTL,
    entity: Annotated[str | None, Query(max_length=300, examples=["Huawei"], description=(
        "only this entity's neighbourhood: an id, a name or an alias"))] = None,
    depth: Annotated[int, Query(ge=0, le=4, description="hops around `entity`")] = 1,
) -> StreamingResponse:
    # The file is named by the entity's id, never by the text the request gave.
    entity_id = resolve_entity(graph, entity, field="entity") if entity else None
    chunks = export(graph, format, entity_id, depth)
    name = f"techkg{'-' + entity_id.replace(':', '-') if entity_id else ''}.{format.value}"
    return StreamingResponse(chunks, media_type=MEDIA_TYPES[format],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
