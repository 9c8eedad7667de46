"""Service health."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import GraphDep
from api.errors import ERROR_RESPONSES
from graph.reader import Health, health

router = APIRouter(tags=["system"])


@router.get("/health", response_model=Health, responses={503: ERROR_RESPONSES[503]},
            summary="The service and its Neo4j")
def get_health(graph: GraphDep) -> Health:
    return health(graph)
