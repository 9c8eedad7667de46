"""The graph as RDF: Turtle, JSON-LD or N-Triples, streamed page by page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import GraphDep
from api.errors import errors_for
from graph.rdf import MEDIA_TYPES, RdfFormat, export

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
    entity: Annotated[str | None, Query(max_length=300, examples=["company:huawei"],
                                        description="only this entity id's neighbourhood")] = None,
    depth: Annotated[int, Query(ge=0, le=4, description="hops around `entity`")] = 1,
) -> StreamingResponse:
    chunks = export(graph, format, entity, depth)
    name = f"techkg{'-' + entity.replace(':', '-') if entity else ''}.{format.value}"
    return StreamingResponse(chunks, media_type=MEDIA_TYPES[format],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
